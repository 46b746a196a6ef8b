package dev.keyhound.cli;

import java.io.PrintWriter;

/**
 * {@link Main#main} with picocli parsing every form, including the two {@link HookEntry} parses
 * itself: what {@code HookEntryTest} compares the hook's own path against.
 */
final class PicocliRun {
  private PicocliRun() {}

  public static void main(String[] args) {
    if (HookEntry.handles(args)) {
      HookEntry.startRulesEarly();
    }
    OutOfMemory.installHandler();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(Main.runWithPicocli(args, out, err));
  }
}
