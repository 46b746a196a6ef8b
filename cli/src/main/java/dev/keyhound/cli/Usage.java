package dev.keyhound.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Usage errors picocli reports, made here rather than in {@link Main} or {@link HookEntry}: a class
 * that throws a picocli exception itself makes the JVM load picocli's exception classes to verify
 * it, so every hook run would load them before doing anything.
 */
final class Usage {
  private Usage() {}

  /** The usage error for this command, for picocli to print with the command's help hint. */
  static RuntimeException error(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
