package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in pack's rule plan shapes, decided when keyhound is built (by {@link
 * PlanCacheCompiler}, in the scanner module's build) so that a scan, a history scan or a hook does
 * not redo the automaton analysis of every rule on every start (most of a detector's build time). A
 * shape is used only for a rule whose regex, flags and keywords are exactly those it was decided
 * for, so a user's rule of the same id, or a rule edited since the build, is analysed afresh.
 */
final class PlanCache {
  static final String RESOURCE = "builtin.plans";

  /** Bumped whenever the analysis or this layout changes. */
  static final int VERSION = 2;

  static final PlanCache EMPTY = new PlanCache(Map.of());

  private record Entry(String regex, int flags, List<String> keywords, RulePlan.Shape shape) {}

  private final Map<String, Entry> byRuleId;

  private PlanCache(Map<String, Entry> byRuleId) {
    this.byRuleId = Map.copyOf(byRuleId);
  }

  /** The packaged shapes; empty when the resource is absent (a build that skipped it). */
  static PlanCache builtin() {
    return Holder.BUILTIN;
  }

  private static final class Holder {
    static final PlanCache BUILTIN = load();

    private static PlanCache load() {
      try (InputStream in = PlanCache.class.getResourceAsStream(RESOURCE)) {
        return in == null ? EMPTY : read(in);
      } catch (IOException | RuntimeException e) {
        // Only a cache: without it every rule is analysed as a user's rule would be.
        return EMPTY;
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

  /** Decides every rule's shape. */
  static PlanCache of(RuleSet rules) {
    Map<String, Entry> out = new HashMap<>();
    for (Rule r : rules.rules()) {
      if (r.hasRegex()) {
        out.put(
            r.id(),
            new Entry(
                r.pattern().source(),
                r.pattern().flags(),
                List.copyOf(r.keywords()),
                RulePlan.shapeOf(r)));
      }
    }
    return new PlanCache(out);
  }

  void write(OutputStream to) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
    out.writeInt(VERSION);
    List<String> ids = new ArrayList<>(byRuleId.keySet());
    ids.sort(null); // a reproducible build
    out.writeInt(ids.size());
    for (String id : ids) {
      Entry e = byRuleId.get(id);
      out.writeUTF(id);
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

  static PlanCache read(InputStream from) throws IOException {
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
    return new PlanCache(out);
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
