package dev.keyhound.rules;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: compiles a rule file in gitleaks TOML into the binary pack {@link
 * RuleLoader#builtin()} loads without a TOML parser. Arguments: the TOML file and the pack to
 * write.
 */
public final class RulePackCompiler {
  private RulePackCompiler() {}

  public static void main(String[] args) throws IOException, RuleException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: RulePackCompiler RULES.toml OUT.pack");
    }
    byte[] toml = Files.readAllBytes(Path.of(args[0]));
    ConfigFile config =
        ConfigReader.read(new String(toml, StandardCharsets.UTF_8), RuleLoader.BUILTIN_SOURCE);
    Path out = Path.of(args[1]);
    try (OutputStream file = Files.newOutputStream(out);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(file))) {
      RulePack.write(config, RulePack.crcOf(toml), data);
    }
  }
}
