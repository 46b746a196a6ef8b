package dev.keyhound.rules;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads rule sets from gitleaks-format TOML: the built-in pack, or a user's file that replaces it
 * or, with {@code [extend] useDefault = true}, adds to it. A file that declares no rules at all (a
 * {@code .keyhound.toml} holding only settings, allowlists or {@code [issuer.format]}) keeps the
 * built-in pack. The issuer key rule is generated and always first unless a file disables it by id.
 */
public final class RuleLoader {
  /** Where the built-in pack lives on the classpath. */
  public static final String BUILTIN_RESOURCE = "/dev/keyhound/rules/builtin.toml";

  /**
   * The built-in pack compiled at build time by {@link RulePackCompiler}, read without a TOML
   * parser.
   */
  static final String COMPILED_RESOURCE = "/dev/keyhound/rules/builtin.pack";

  /** How messages name the built-in pack. */
  static final String BUILTIN_SOURCE = "built-in";

  /** As in gitleaks: a file may extend one that extends another, no deeper. */
  static final int MAX_EXTEND_DEPTH = 2;

  private RuleLoader() {}

  /** The built-in rule pack, loaded once. */
  public static RuleSet builtin() {
    return Builtin.RULES;
  }

  /**
   * Whether a rule file replaces the built-in rules rather than adding to them: it declares {@code
   * [[rules]]} and no {@code [extend]} (gitleaks' behaviour), so users are told once. Only the keys
   * that decide it are read, not the rules: asked of a file {@link #load} read, it does not compile
   * their regexes a second time (~200 of them in gitleaks' own file).
   */
  public static boolean replacesBuiltin(Path file) throws RuleException {
    return ConfigReader.replacesBuiltin(read(file, file.toString()), file.toString());
  }

  /** Loads a rule file; {@code [extend] path} is resolved relative to it. */
  public static RuleSet load(Path file) throws RuleException {
    return resolve(
        ConfigReader.read(read(file, file.toString()), file.toString()),
        file.toAbsolutePath().getParent());
  }

  /**
   * Parses rule-file text; {@code sourceName} names it in messages, and {@code [extend] path} is
   * resolved relative to the folder it names (the current directory when it names none).
   */
  public static RuleSet parse(String toml, String sourceName) throws RuleException {
    return resolve(ConfigReader.read(toml, sourceName), folderOf(sourceName));
  }

  private static Path folderOf(String sourceName) {
    try {
      Path parent = Path.of(sourceName).toAbsolutePath().getParent();
      return parent != null ? parent : Path.of("").toAbsolutePath();
    } catch (java.nio.file.InvalidPathException e) {
      return Path.of("").toAbsolutePath(); // a name such as "<stdin>" is not a path
    }
  }

  private static RuleSet resolve(ConfigFile top, Path dir) throws RuleException {
    Merged merged = merge(top, dir, 0);
    KeyFormat issuerFormat = merged.issuerFormat == null ? KeyFormat.ISSUER : merged.issuerFormat;
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    for (RuleSpec r : merged.rules) {
      byId.put(r.id(), r);
    }
    boolean issuerOn = !top.disabledRules().contains(RuleSet.ISSUER_RULE_ID);
    List<Allowlist> issuerAllowlists = new ArrayList<>();
    for (Map.Entry<String, List<Allowlist>> e : merged.targeted.entrySet()) {
      RuleSpec r = byId.get(e.getKey());
      if (r != null) {
        byId.put(r.id(), r.withAllowlists(e.getValue()));
      } else if (issuerOn && e.getKey().equals(RuleSet.ISSUER_RULE_ID)) {
        issuerAllowlists.addAll(e.getValue());
      } else {
        throw new RuleException(
            top.source()
                + ": global allowlist targets rule \""
                + e.getKey()
                + "\", which does not exist");
      }
    }
    List<Rule> rules = new ArrayList<>();
    if (issuerOn) {
      rules.add(IssuerRule.of(issuerFormat, issuerAllowlists));
    }
    for (RuleSpec r : byId.values()) {
      rules.add(r.toRule(issuerFormat));
    }
    return new RuleSet(top.source(), rules, merged.allowlists, issuerFormat);
  }

  /** A file's rules with everything it extends folded in, in base order, then its own new rules. */
  private record Merged(
      List<RuleSpec> rules,
      List<Allowlist> allowlists,
      Map<String, List<Allowlist>> targeted,
      KeyFormat issuerFormat) {}

  private static Merged merge(ConfigFile cfg, Path dir, int depth) throws RuleException {
    Merged base = null;
    if (depth < MAX_EXTEND_DEPTH) {
      if (cfg.useDefault() || (depth == 0 && cfg.extendPath() == null && cfg.rules().isEmpty())) {
        base = merge(Builtin.CONFIG, dir, depth + 1);
      } else if (cfg.extendPath() != null) {
        Path file = dir.resolve(cfg.extendPath()).normalize();
        String name = file.toString();
        base =
            merge(
                ConfigReader.read(read(file, cfg.source() + ": [extend] path " + name), name),
                file.getParent(),
                depth + 1);
      }
    }
    if (base == null) {
      return new Merged(cfg.rules(), cfg.allowlists(), cfg.targeted(), cfg.issuerFormat());
    }
    Map<String, RuleSpec> own = new LinkedHashMap<>();
    for (RuleSpec r : cfg.rules()) {
      own.put(r.id(), r);
    }
    List<RuleSpec> rules = new ArrayList<>();
    for (RuleSpec b : base.rules) {
      if (cfg.disabledRules().contains(b.id())) {
        continue;
      }
      RuleSpec mine = own.remove(b.id());
      rules.add(mine == null ? b : mine.mergeOnto(b));
    }
    rules.addAll(own.values());
    List<Allowlist> allowlists = new ArrayList<>(cfg.allowlists());
    allowlists.addAll(base.allowlists);
    Map<String, List<Allowlist>> targeted = new LinkedHashMap<>();
    base.targeted.forEach((k, v) -> targeted.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    cfg.targeted().forEach((k, v) -> targeted.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return new Merged(
        rules,
        allowlists,
        targeted,
        cfg.issuerFormat() != null ? cfg.issuerFormat() : base.issuerFormat);
  }

  private static String read(Path file, String what) throws RuleException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleException(
          what
              + ": cannot read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          e);
    }
  }

  /**
   * The built-in pack read straight from {@code jar}: the pack the build compiled when the CRC-32
   * that the jar's directory records for the TOML beside it says it is current (so the 135 KB TOML
   * is not read), else the TOML parsed; null when {@code jar} holds no TOML. A class loader's
   * resource lookup would first search every JDK module (it opens the run-time image) and then go
   * through {@code jar:} URLs: ~5 ms on a hook's critical path, where opening the one jar is
   * enough.
   */
  static ConfigFile fromJar(File jar) throws IOException, RuleException {
    ZipFile zip = OwnJar.open(jar);
    ZipEntry toml = zip.getEntry(BUILTIN_RESOURCE.substring(1));
    if (toml == null) {
      return null;
    }
    ZipEntry pack = zip.getEntry(COMPILED_RESOURCE.substring(1));
    if (pack != null && toml.getCrc() >= 0) {
      try (InputStream in = zip.getInputStream(pack)) {
        ConfigFile compiled = RulePack.read(readEntry(in, pack.getSize()), toml.getCrc());
        if (compiled != null) {
          return compiled;
        }
      }
    }
    try (InputStream in = zip.getInputStream(toml)) {
      return ConfigReader.read(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILTIN_SOURCE);
    }
  }

  /**
   * An entry's bytes, read straight into one array of the size the jar's directory gives (not
   * gathered in buffers and copied, as readAllBytes does, in the interpreter), else all there are.
   */
  private static byte[] readEntry(InputStream in, long size) throws IOException {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      return in.readAllBytes();
    }
    byte[] bytes = new byte[(int) size];
    int n = in.readNBytes(bytes, 0, bytes.length);
    if (n < bytes.length || in.read() >= 0) {
      throw new IOException("the rule pack in the jar is not the size its directory says");
    }
    return bytes;
  }

  /**
   * The built-in pack, parsed once on first use; a broken pack is a build defect, not a user error.
   */
  private static final class Builtin {
    static final ConfigFile CONFIG = readPack();
    static final RuleSet RULES = resolvePack();

    private static ConfigFile readPack() {
      try {
        // In a jar (keyhound's own), from that jar: its pack and TOML are the ones getResource
        // would find first. Otherwise (a classes folder) as resources.
        File jar = OwnJar.of(RuleLoader.class);
        ConfigFile own = jar == null ? null : fromJar(jar);
        if (own != null) {
          return own;
        }
        URL toml = RuleLoader.class.getResource(BUILTIN_RESOURCE);
        if (toml == null) {
          throw new IllegalStateException(
              "the built-in rule pack " + BUILTIN_RESOURCE + " is missing");
        }
        byte[] bytes = readAll(toml);
        ConfigFile compiled = compiled(RulePack.crcOf(bytes));
        if (compiled != null) {
          return compiled;
        }
        return ConfigReader.read(new String(bytes, StandardCharsets.UTF_8), BUILTIN_SOURCE);
      } catch (IOException | RuleException e) {
        throw new IllegalStateException(
            "the built-in rule pack cannot be loaded: " + e.getMessage(), e);
      }
    }

    private static byte[] readAll(URL resource) throws IOException {
      try (InputStream in = resource.openStream()) {
        return in.readAllBytes();
      }
    }

    /**
     * The pack the build compiled from this TOML, or null (none, or stale): then the TOML is
     * parsed.
     */
    private static ConfigFile compiled(long tomlCrc) throws IOException {
      try (InputStream in = RuleLoader.class.getResourceAsStream(COMPILED_RESOURCE)) {
        return in == null ? null : RulePack.read(in.readAllBytes(), tomlCrc);
      }
    }

    private static RuleSet resolvePack() {
      try {
        return resolve(CONFIG, Path.of(""));
      } catch (RuleException e) {
        throw new IllegalStateException(
            "the built-in rule pack cannot be loaded: " + e.getMessage(), e);
      }
    }
  }
}
