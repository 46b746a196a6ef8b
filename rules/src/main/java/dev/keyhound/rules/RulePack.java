package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule file as read, in a compact binary form: the build writes the built-in pack this way so
 * that the pre-commit hook loads it without starting the TOML parser (Jackson costs ~100 ms of a
 * short run's start). The content is the {@link ConfigFile} the TOML reader produced, field by
 * field; regexes keep their flags.
 */
final class RulePack {
  /**
   * Changes whenever the layout does; a pack of another version is ignored and the TOML is read
   * instead.
   */
  static final int VERSION = 3;

  private RulePack() {}

  /** The checksum that ties a pack to the TOML it was compiled from. */
  static long crcOf(byte[] toml) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(toml);
    return crc.getValue();
  }

  /** Writes the file read from TOML text whose CRC-32 is {@code tomlCrc}. */
  static void write(ConfigFile c, long tomlCrc, DataOutputStream out) throws IOException {
    out.writeInt(VERSION);
    out.writeLong(tomlCrc);
    strs(out, filterKeys());
    str(out, c.source());
    out.writeInt(c.rules().size());
    for (RuleSpec r : c.rules()) {
      rule(out, r);
    }
    allowlists(out, c.allowlists());
    out.writeInt(c.targeted().size());
    for (Map.Entry<String, List<Allowlist>> e : c.targeted().entrySet()) {
      str(out, e.getKey());
      allowlists(out, e.getValue());
    }
    out.writeBoolean(c.useDefault());
    str(out, c.extendPath());
    strs(out, List.copyOf(c.disabledRules()));
    out.writeBoolean(c.issuerFormat() != null);
    if (c.issuerFormat() != null) {
      KeyFormat f = c.issuerFormat();
      str(out, f.name());
      strs(out, f.prefixes());
      out.writeInt(f.bodyLength());
      str(out, f.checksum().name());
    }
  }

  /**
   * Reads a pack, or returns null when it was written by another layout version, from other TOML
   * than the text whose CRC-32 is {@code tomlCrc}, or with other {@link MatchFilter}s than this
   * build's (a stale pack, say from an IDE build that skipped the build step).
   */
  static ConfigFile read(DataInputStream in, long tomlCrc) throws IOException {
    return read(in.readAllBytes(), tomlCrc);
  }

  /** {@link #read(DataInputStream, long)} from the pack's bytes. */
  static ConfigFile read(byte[] pack, long tomlCrc) throws IOException {
    Cursor in = new Cursor(pack);
    if (in.readInt() != VERSION || in.readLong() != tomlCrc || !strs(in).equals(filterKeys())) {
      return null;
    }
    String source = str(in);
    int n = in.readInt();
    List<RuleSpec> rules = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rules.add(rule(in));
    }
    List<Allowlist> allowlists = allowlists(in);
    int t = in.readInt();
    Map<String, List<Allowlist>> targeted = new LinkedHashMap<>();
    for (int i = 0; i < t; i++) {
      targeted.put(str(in), allowlists(in));
    }
    boolean useDefault = in.readBoolean();
    String extendPath = str(in);
    Set<String> disabled = new LinkedHashSet<>(strs(in));
    KeyFormat issuer =
        in.readBoolean()
            ? new KeyFormat(str(in), strs(in), in.readInt(), KeyFormat.Checksum.valueOf(str(in)))
            : null;
    return new ConfigFile(
        source, rules, allowlists, targeted, useDefault, extendPath, disabled, issuer);
  }

  private static void rule(DataOutputStream out, RuleSpec r) throws IOException {
    str(out, r.source());
    str(out, r.id());
    str(out, r.description());
    lazyPattern(out, r.regex());
    out.writeInt(r.secretGroup());
    out.writeDouble(r.entropy());
    strs(out, r.keywords());
    lazyPattern(out, r.path());
    strs(out, r.tags());
    allowlists(out, r.allowlists());
    strs(out, r.examples());
    strs(out, r.negativeExamples());
    str(out, r.checksum());
    out.writeBoolean(r.filters() != null);
    if (r.filters() != null) {
      out.writeInt(MatchFilter.bits(r.filters()));
    }
  }

  private static RuleSpec rule(Cursor in) throws IOException {
    return new RuleSpec(
        str(in),
        str(in),
        str(in),
        lazyPattern(in),
        in.readInt(),
        in.readDouble(),
        strs(in),
        lazyPattern(in),
        strs(in),
        allowlists(in),
        strs(in),
        strs(in),
        str(in),
        in.readBoolean() ? filters(in.readInt()) : null);
  }

  /**
   * The filter keys in their enum order, as the pack's header records them: a rule's filters are
   * written as one bit per filter, by ordinal (reading ~950 filter names was ~2 ms of a hook's
   * start), so a pack written with another order is stale.
   */
  private static List<String> filterKeys() {
    MatchFilter[] all = MatchFilter.values();
    List<String> keys = new ArrayList<>(all.length);
    for (MatchFilter f : all) {
      keys.add(f.key());
    }
    return keys;
  }

  private static Set<MatchFilter> filters(int bits) throws IOException {
    MatchFilter[] all = MatchFilter.values();
    if (bits >>> all.length != 0) {
      throw new IOException("unknown filter in rule pack: bits " + Integer.toBinaryString(bits));
    }
    return MatchFilter.unmodifiableSetOf(bits);
  }

  private static void allowlists(DataOutputStream out, List<Allowlist> lists) throws IOException {
    out.writeInt(lists.size());
    for (Allowlist a : lists) {
      str(out, a.description());
      str(out, a.condition().name());
      patterns(out, a.regexes());
      str(out, a.regexTarget().name());
      patterns(out, a.paths());
      strs(out, a.stopwords());
      strs(out, a.commits());
    }
  }

  private static List<Allowlist> allowlists(Cursor in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return List.of(); // most rules have none
    }
    List<Allowlist> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new Allowlist(
              str(in),
              Allowlist.Condition.valueOf(str(in)),
              patterns(in),
              Allowlist.RegexTarget.valueOf(str(in)),
              patterns(in),
              strs(in),
              strs(in)));
    }
    return out;
  }

  private static void pattern(DataOutputStream out, Pattern p) throws IOException {
    str(out, p == null ? null : p.pattern());
    out.writeInt(p == null ? 0 : p.flags());
  }

  /**
   * A rule's regex or path regex with its group count, so that reading the pack compiles none of
   * them: the pack was built from regexes the build compiled, and each is compiled when a scan
   * first needs it (a clean change's paths need none: see {@link LazyPattern#finds}).
   */
  private static void lazyPattern(DataOutputStream out, LazyPattern p) throws IOException {
    str(out, p == null ? null : p.source());
    out.writeInt(p == null ? 0 : p.flags());
    out.writeInt(p == null ? 0 : p.groupCount());
  }

  private static LazyPattern lazyPattern(Cursor in) throws IOException {
    String regex = str(in);
    int flags = in.readInt();
    int groups = in.readInt();
    return regex == null ? null : LazyPattern.deferred(regex, flags, groups);
  }

  private static void patterns(DataOutputStream out, List<Pattern> ps) throws IOException {
    out.writeInt(ps.size());
    for (Pattern p : ps) {
      pattern(out, p);
    }
  }

  /**
   * An allowlist's regexes or paths, compiled when first read: a clean change needs none of them.
   */
  private static List<Pattern> patterns(Cursor in) throws IOException {
    int n = in.readInt();
    List<String> regexes = new ArrayList<>(n);
    int[] flags = new int[n];
    for (int i = 0; i < n; i++) {
      String regex = str(in);
      flags[i] = in.readInt();
      if (regex == null) {
        throw new IOException("null regex in an allowlist of the rule pack");
      }
      regexes.add(regex);
    }
    return DeferredPatterns.of(regexes, flags);
  }

  private static void strs(DataOutputStream out, List<String> ss) throws IOException {
    out.writeInt(ss.size());
    for (String s : ss) {
      str(out, s);
    }
  }

  /** An immutable list, which the records that hold it keep as it is rather than copy. */
  private static List<String> strs(Cursor in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return List.of();
    }
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = str(in);
    }
    return List.of(out);
  }

  /** Length-prefixed UTF-8 (writeUTF stops at 64 KiB); -1 stands for null. */
  private static void str(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(Cursor in) throws IOException {
    int n = in.readInt();
    return n < 0 ? null : in.string(n);
  }

  /**
   * Reads what {@link DataOutputStream} wrote, from an array: the hook reads the pack's ~10,000
   * values in the interpreter, where {@code DataInputStream} over a buffered stream costs a few
   * synchronized calls per byte.
   */
  private static final class Cursor {
    private final byte[] b;
    private int at;

    Cursor(byte[] b) {
      this.b = b;
    }

    private int need(int n) throws EOFException {
      if (n > b.length - at) {
        throw new EOFException("the rule pack ends early, at byte " + at);
      }
      int from = at;
      at += n;
      return from;
    }

    int readInt() throws EOFException {
      int i = need(4);
      return (b[i] & 0xff) << 24
          | (b[i + 1] & 0xff) << 16
          | (b[i + 2] & 0xff) << 8
          | b[i + 3] & 0xff;
    }

    long readLong() throws EOFException {
      return (long) readInt() << 32 | readInt() & 0xffffffffL;
    }

    double readDouble() throws EOFException {
      return Double.longBitsToDouble(readLong());
    }

    boolean readBoolean() throws EOFException {
      return b[need(1)] != 0;
    }

    String string(int n) throws EOFException {
      return new String(b, need(n), n, StandardCharsets.UTF_8);
    }
  }
}
