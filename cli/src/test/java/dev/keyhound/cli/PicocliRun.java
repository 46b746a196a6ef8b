package dev.keyhound.cli;

/**
 * {@link Main#main} with picocli parsing every form, including the two {@link HookEntry} parses
 * itself: what {@code HookEntryTest} compares the hook's own path against.
 */
final class PicocliRun {
  private PicocliRun() {}

  public static void main(String[] args) {
    Main.start(args, true);
  }
}
