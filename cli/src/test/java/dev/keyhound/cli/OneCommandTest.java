package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@link Main#commandLineFor} gives picocli a root that knows only the subcommand named first: what
 * it prints and exits with must be what the whole tree gives for the same arguments.
 */
class OneCommandTest {
  private record Run(int exit, String out, String err) {}

  /** Help, a bad option, a bad value, a missing subcommand: for every subcommand keyhound has. */
  static Stream<List<String>> argumentsNamingASubcommand() {
    List<List<String>> cases = new ArrayList<>();
    for (String name : subcommandNames()) {
      cases.add(List.of(name, "--help"));
      cases.add(List.of(name, "--no-such-option"));
      cases.add(List.of(name, "-h", "--version"));
    }
    cases.add(List.of("scan", "--format", "no-such-format", "."));
    cases.add(List.of("scan", "--max-file-size", "lots", "."));
    cases.add(List.of("fleet"));
    cases.add(List.of("fleet", "add", "--help"));
    cases.add(List.of("fleet", "work", "--no-such-option"));
    cases.add(List.of("rules", "--help"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("argumentsNamingASubcommand")
  void oneCommandRoot_printsAndExitsAsTheWholeTreeDoes(List<String> arguments) {
    String[] args = arguments.toArray(String[]::new);

    Run whole = run(new CommandLine(new Main()), args);
    Run one = run(Main.commandLineFor(args), args);

    assertEquals(whole, one);
  }

  @Test
  void commandLineFor_aSubcommandsName_knowsOnlyThatOne() {
    assertEquals(
        Set.of("scan"), Main.commandLineFor(new String[] {"scan", "."}).getSubcommands().keySet());
    assertEquals(
        Set.of("protect"),
        Main.commandLineFor(new String[] {"protect", "--staged"}).getSubcommands().keySet());
  }

  /** Help, a typo (answered with the names picocli knows), an option first: the whole tree. */
  @Test
  void commandLineFor_anythingElse_knowsEverySubcommand() {
    int all = new CommandLine(new Main()).getSubcommands().size();
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"help", "scan"},
            new String[] {"scna", "."},
            new String[] {"--version"},
            new String[] {"-h", "scan"})) {
      assertEquals(all, Main.commandLineFor(args).getSubcommands().size(), String.join(" ", args));
    }
  }

  private static List<String> subcommandNames() {
    List<String> names = new ArrayList<>();
    for (Class<?> type : Main.class.getAnnotation(Command.class).subcommands()) {
      if (type != CommandLine.HelpCommand.class) {
        names.add(type.getAnnotation(Command.class).name());
      }
    }
    return names;
  }

  private static Run run(CommandLine cl, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.runWithPicocli(cl, args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }
}
