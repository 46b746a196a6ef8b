package dev.keyhound.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Usage errors picocli reports, made here rather than in {@link Main} or {@link HookEntry}: a class
 * that throws a picocli exception itself makes the JVM load picocli's exception classes to verify
 * it, and they cannot go in the class data archive (Java 5 class files), so every hook run would
 * open the jar and parse them before doing anything.
 */
final class Usage {
  private Usage() {}

  /** The usage error for this command, for picocli to print with the command's help hint. */
  static RuntimeException error(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
