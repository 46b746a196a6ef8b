package dev.keyhound.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.re2j.Pattern;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST-ONLY: the detection-relevant part of gitleaks' default configuration (id, regex, secretGroup, entropy,
 * keywords, and keyhound's examples where a file has them), read with Jackson TOML so the detector can be exercised on the real 200+ rules before the
 * gitleaks-compatible {@code RuleLoader} lands. Allowlists and paths are ignored: detection does not use them.
 * Replace with {@code RuleLoader.load(path)} once that is merged.
 */
final class GitleaksTestRules {
  private GitleaksTestRules() {}

  /** gitleaks' default configuration in the shared compatibility folder beside the project root. */
  static Path defaultConfig() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("../shared/compat/gitleaks.toml").normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("gitleaks.toml not found: looked for ../shared/compat/gitleaks.toml above "
        + start + "; the detector tests need the shared compat folder beside the project");
  }

  static RuleSet load(Path file) {
    return load(file, file.toString());
  }

  static RuleSet load(Path file, String source) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : root.path("rules")) {
      if (!r.hasNonNull("regex")) {
        continue;
      }
      List<String> keywords = new ArrayList<>();
      r.path("keywords").forEach(k -> keywords.add(k.asText()));
      List<String> examples = new ArrayList<>();
      r.path("examples").forEach(k -> examples.add(k.asText()));
      List<String> negatives = new ArrayList<>();
      r.path("negative_examples").forEach(k -> negatives.add(k.asText()));
      rules.add(new Rule(r.path("id").asText(), r.path("description").asText(),
          Pattern.compile(r.path("regex").asText()), r.path("secretGroup").asInt(0),
          r.path("entropy").asDouble(0), keywords, null, List.of(), List.of(), examples, negatives, null));
    }
    return new RuleSet(source, rules, List.of(), KeyFormat.ISSUER);
  }
}
