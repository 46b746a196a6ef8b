package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The built-in pack's rule plan shapes and DFA tables, decided when keyhound is built (by {@link
 * PlanCacheCompiler}, in the scanner module's build) so that a scan, a history scan or a hook does
 * not redo the automaton analysis of every rule on every start (most of a detector's build time),
 * nor parse each triggered rule's regex and build its automata again in the scan (an eighth of the
 * scan threads' time on a 157 MB source tree, most of it in code the JIT never compiles). Both are
 * used only for a rule whose regex, flags and keywords are exactly those they were decided for, so
 * a user's rule of the same id, or a rule edited since the build, is analysed afresh.
 *
 * <p>The shapes are read with the detector; the tables, a larger resource of their own ({@value
 * #TABLES}), when a scan first needs a rule's DFAs (a clean commit's hook never does), and each
 * rule's only then.
 */
final class PlanCache {
  static final String RESOURCE = "builtin.plans";

  /** The resource with the built-in rules' DFA tables. */
  static final String TABLES = "builtin.nfas";

  /** Bumped whenever the analysis or this layout changes. */
  static final int VERSION = 3;

  static final PlanCache EMPTY = new PlanCache(Map.of(), Map::of);

  private record Entry(String regex, int flags, List<String> keywords, RulePlan.Shape shape) {
    /** The shape decided for exactly this rule: its regex, flags and keywords. */
    static Entry of(Rule rule, RulePlan.Shape shape) {
      return new Entry(
          rule.pattern().source(), rule.pattern().flags(), List.copyOf(rule.keywords()), shape);
    }
  }

  /** A rule's encoded tables ({@link LazyDfa.Nfa#write}): forwards (or null) and backwards. */
  private record Encoded(byte[] forward, byte[] backward) {
    static Encoded of(RulePlan.Tables t) {
      return new Encoded(encode(t.forward()), encode(t.backward()));
    }
  }

  private final Map<String, Entry> byRuleId;

  /** By rule id, read on first use. */
  private final Supplier<Map<String, Encoded>> tables;

  private volatile Map<String, Encoded> tablesRead;

  private PlanCache(Map<String, Entry> byRuleId, Supplier<Map<String, Encoded>> tables) {
    this.byRuleId = Map.copyOf(byRuleId);
    this.tables = tables;
  }

  /** The packaged shapes; empty when the resource is absent (a build that skipped it). */
  static PlanCache builtin() {
    return Holder.BUILTIN;
  }

  private static final class Holder {
    static final PlanCache BUILTIN = load();

    private static PlanCache load() {
      try (InputStream in = OwnResources.open(RESOURCE)) {
        return in == null ? EMPTY : read(in, Holder::loadTables);
      } catch (IOException | RuntimeException e) {
        // Only a cache: without it every rule is analysed as a user's rule would be.
        return EMPTY;
      }
    }

    private static Map<String, Encoded> loadTables() {
      try (InputStream in = OwnResources.open(TABLES)) {
        return in == null ? Map.of() : tablesOrNone(in);
      } catch (IOException e) {
        return Map.of();
      }
    }
  }

  /** How many rules have a shape here. */
  int size() {
    return byRuleId.size();
  }

  /** The shape decided for exactly this rule, or null. */
  RulePlan.Shape shapeFor(Rule rule) {
    Entry e = byRuleId.get(rule.id());
    if (e == null
        || e.flags != rule.pattern().flags()
        || !e.regex.equals(rule.pattern().source())
        || !e.keywords.equals(rule.keywords())) {
      return null;
    }
    return e.shape;
  }

  /**
   * The DFA tables built for exactly this rule (the shape's: no forward table for a whole-text
   * shape), or null.
   */
  RulePlan.Tables tablesFor(Rule rule) {
    if (shapeFor(rule) == null) {
      return null;
    }
    Encoded e = tables().get(rule.id());
    if (e == null) {
      return null;
    }
    try {
      return new RulePlan.Tables(
          e.forward == null ? null : LazyDfa.Nfa.read(new Varints.Reader(e.forward)),
          LazyDfa.Nfa.read(new Varints.Reader(e.backward)));
    } catch (IllegalArgumentException damaged) {
      return null; // only a cache: the tables are built from the regex
    }
  }

  /** Decides every rule's shape, and builds the DFA tables of those run by DFA. */
  static PlanCache of(RuleSet rules) {
    Map<String, Entry> out = new HashMap<>();
    Map<String, Encoded> tables = new HashMap<>();
    for (Rule r : rules.rules()) {
      if (r.hasRegex()) {
        RulePlan.Shape shape = RulePlan.shapeOf(r);
        out.put(r.id(), Entry.of(r, shape));
        if (shape.kind() == RulePlan.Kind.DFA) {
          tables.put(r.id(), Encoded.of(RulePlan.tablesOf(r, shape, null)));
        }
      }
    }
    Map<String, Encoded> built = Map.copyOf(tables);
    return new PlanCache(out, () -> built);
  }

  /**
   * The shapes of {@code plans}' rules, and the tables of those whose DFAs are built or that {@code
   * older} holds for exactly that rule.
   */
  static PlanCache ofPlans(List<RulePlan> plans, PlanCache older) {
    Map<String, Entry> out = new HashMap<>();
    Map<String, Encoded> tables = new HashMap<>();
    for (RulePlan p : plans) {
      Rule r = p.rule;
      out.put(r.id(), Entry.of(r, p.shape));
      RulePlan.Tables t = p.builtTables();
      if (t != null) {
        tables.put(r.id(), Encoded.of(t));
      } else if (older.holdsTablesFor(r)) {
        tables.put(r.id(), older.tables().get(r.id()));
      }
    }
    Map<String, Encoded> built = Map.copyOf(tables);
    return new PlanCache(out, () -> built);
  }

  /** Whether this cache holds the tables of exactly this rule (without decoding them). */
  boolean holdsTablesFor(Rule rule) {
    return shapeFor(rule) != null && tables().containsKey(rule.id());
  }

  /** The encoded tables by rule id, read on first use. */
  private Map<String, Encoded> tables() {
    Map<String, Encoded> read = tablesRead;
    if (read == null) {
      synchronized (this) {
        if (tablesRead == null) {
          tablesRead = tables.get();
        }
        read = tablesRead;
      }
    }
    return read;
  }

  /** Writes the shapes and the tables to one file ({@link #readFile} reads it). */
  void writeFile(OutputStream to) throws IOException {
    ByteArrayOutputStream shapes = new ByteArrayOutputStream();
    write(shapes);
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
    out.writeInt(shapes.size());
    shapes.writeTo(out);
    writeTables(out);
    out.flush();
  }

  /**
   * Reads what {@link #writeFile} wrote; tables that cannot be read are left out.
   *
   * @throws IOException when the shapes cannot be read
   */
  static PlanCache readFile(InputStream from) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(from));
    byte[] shapes = readBytes(in);
    if (shapes == null) {
      throw new IOException("no shapes");
    }
    return read(new ByteArrayInputStream(shapes), in);
  }

  private static byte[] encode(LazyDfa.Nfa nfa) {
    if (nfa == null) {
      return null;
    }
    Varints.Writer w = new Varints.Writer();
    nfa.write(w);
    return w.toByteArray();
  }

  void write(OutputStream to) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
    out.writeInt(VERSION);
    out.writeInt(byRuleId.size());
    for (Map.Entry<String, Entry> each : inIdOrder(byRuleId)) {
      Entry e = each.getValue();
      out.writeUTF(each.getKey());
      writeLong(out, e.regex);
      out.writeInt(e.flags);
      writeList(out, e.keywords);
      RulePlan.Shape s = e.shape;
      out.writeUTF(s.kind().name());
      out.writeBoolean(s.windowed());
      out.writeInt(s.newlines());
      out.writeInt(s.newlinesBeforeKeyword());
      out.writeInt(s.charsBeforeKeyword());
      writeList(out, s.anchorWords());
      writeLong(out, s.why());
    }
    out.flush();
  }

  /**
   * The entries in rule-id order, so that a written file's order does not depend on the map's
   * hashing (builtin.plans comes out byte for byte the same from every build).
   */
  private static <V> Iterable<Map.Entry<String, V>> inIdOrder(Map<String, V> byId) {
    return new TreeMap<>(byId).entrySet();
  }

  /** Reads what {@link #write} wrote, without tables. */
  static PlanCache read(InputStream from) throws IOException {
    return read(from, Map::of);
  }

  /**
   * Reads what {@link #write} and {@link #writeTables} wrote; tables that cannot be read are left
   * out, as the packaged ones are.
   */
  static PlanCache read(InputStream from, InputStream tables) throws IOException {
    Map<String, Encoded> read = tablesOrNone(tables);
    return read(from, () -> read);
  }

  /** The tables {@code in} holds, or none when it cannot be read. */
  private static Map<String, Encoded> tablesOrNone(InputStream in) {
    try {
      return readTables(in);
    } catch (IOException | RuntimeException e) {
      return Map.of(); // only a cache: each rule's tables are then built from its regex
    }
  }

  /** Reads what {@link #write} wrote; the tables come from {@code tables}, on first use. */
  private static PlanCache read(InputStream from, Supplier<Map<String, Encoded>> tables)
      throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(from));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("plan cache layout " + version + ", expected " + VERSION);
    }
    int n = in.readInt();
    Map<String, Entry> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      String regex = readLong(in);
      int flags = in.readInt();
      List<String> keywords = readList(in);
      RulePlan.Shape shape =
          new RulePlan.Shape(
              RulePlan.Kind.valueOf(in.readUTF()),
              in.readBoolean(),
              in.readInt(),
              in.readInt(),
              in.readInt(),
              readList(in),
              readLong(in));
      out.put(id, new Entry(regex, flags, keywords, shape));
    }
    return new PlanCache(out, tables);
  }

  /**
   * Writes the DFA tables, for the JVM feature version this runs on (the classes of {@code \p{..}}
   * and case folding come from its Unicode tables, so another version builds its own), with a
   * checksum: tables damaged in a way that still reads would make a DFA that misses matches.
   */
  void writeTables(OutputStream to) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream body = new DataOutputStream(payload);
    Map<String, Encoded> all = tables();
    body.writeInt(all.size());
    for (Map.Entry<String, Encoded> each : inIdOrder(all)) {
      Encoded e = each.getValue();
      body.writeUTF(each.getKey());
      writeBytes(body, e.forward);
      writeBytes(body, e.backward);
    }
    body.flush();
    byte[] bytes = payload.toByteArray();
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
    out.writeInt(VERSION);
    out.writeInt(Runtime.version().feature());
    out.writeLong(crc(bytes));
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads what {@link #writeTables} wrote: none when written for another JVM feature version.
   *
   * @throws IOException for another layout, or tables that are not what was written
   */
  private static Map<String, Encoded> readTables(InputStream from) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(from));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("plan cache layout " + version + ", expected " + VERSION);
    }
    if (in.readInt() != Runtime.version().feature()) {
      return Map.of();
    }
    long crc = in.readLong();
    byte[] bytes = readBytes(in);
    if (bytes == null || crc(bytes) != crc) {
      throw new IOException("damaged DFA tables");
    }
    DataInputStream body = new DataInputStream(new ByteArrayInputStream(bytes));
    int n = body.readInt();
    Map<String, Encoded> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = body.readUTF();
      byte[] forward = readBytes(body);
      byte[] backward = readBytes(body);
      if (backward == null) {
        throw new IOException("no backward table for " + id);
      }
      out.put(id, new Encoded(forward, backward));
    }
    return out;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** A string of any length (writeUTF stops at 64 KB). */
  private static void writeLong(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLong(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeList(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      writeLong(out, s);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readLong(in));
    }
    return out;
  }
}
