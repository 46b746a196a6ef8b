package dev.keyhound.cli;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.detect.RuleCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyhound rules}: list the rules in force and check rules against their own examples. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "List rules or check them against their examples.",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.Check.class})
final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: list or check");
  }

  static RuleSet load(Path file) {
    if (file == null) {
      return RuleLoader.builtin();
    }
    if (!Files.isRegularFile(file)) {
      throw new UserError("rule file not found: " + file);
    }
    try {
      return RuleLoader.load(file);
    } catch (RuleException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  /** What both subcommands take: an optional rule file, and the logging flags. */
  abstract static class OnRuleFile implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LoggingOptions logging;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..1",
        description = "A gitleaks-compatible rule file.")
    Path file;
  }

  /** Prints one line per rule: id, keywords and description. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the rules of FILE (default: built-in).")
  static final class ListRules extends OnRuleFile {
    @Override
    public Integer call() {
      RuleSet rules = load(file);
      PrintWriter out = spec.commandLine().getOut();
      int width = rules.rules().stream().mapToInt(r -> r.id().length()).max().orElse(10);
      for (Rule r : rules.rules()) {
        String keywords = r.keywords().isEmpty() ? "(always runs)" : String.join(",", r.keywords());
        out.printf(
            "%-" + width + "s  %-28s  %s%n", r.id(), abbreviate(keywords, 28), r.description());
      }
      if (!logging.quiet) {
        out.printf("%d rules from %s%n", rules.rules().size(), rules.source());
      }
      return ExitCode.OK.code();
    }

    private static String abbreviate(String s, int max) {
      return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
  }

  /** Runs every rule's examples and negative examples; exit 1 when any fails. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Check every rule of FILE (default: built-in) against its examples (exit 0 all pass, 1 not).")
  static final class Check extends OnRuleFile {
    @Override
    public Integer call() {
      RuleSet rules = load(file);
      List<RuleCheck.Problem> problems = RuleCheck.check(rules);
      PrintWriter out = spec.commandLine().getOut();
      for (RuleCheck.Problem p : problems) {
        out.printf("%s: %s: %s%n", p.ruleId(), p.kind().label(), p.example());
      }
      long examples =
          rules.rules().stream()
              .mapToLong(r -> r.examples().size() + r.negativeExamples().size())
              .sum();
      long without = rules.rules().stream().filter(r -> r.examples().isEmpty()).count();
      if (!logging.quiet) {
        out.printf(
            "%d rules, %d examples checked, %d problem(s)%s%n",
            rules.rules().size(),
            examples,
            problems.size(),
            without > 0 ? ", " + without + " rule(s) without examples" : "");
      }
      return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
  }
}
