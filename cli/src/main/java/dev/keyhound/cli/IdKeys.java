package dev.keyhound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.rules.TomlTree;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Where finding ids get their key: the team's, never the machine's. A ledger holds the key it was
 * created with and every process writing to it uses that key; without a ledger the key comes from
 * the variable {@code [ids] key_env} names, else the documented default, so that baselines, {@code
 * .keyhoundignore} and SARIF fingerprints match on every machine.
 */
final class IdKeys {
  private final byte[] configured;
  private final String keyEnv;

  private IdKeys(byte[] configured, String keyEnv) {
    this.configured = configured;
    this.keyEnv = keyEnv;
  }

  /** Reads {@code [ids] key_env} from the config file (none: the default key). */
  static IdKeys from(Path configFile, UnaryOperator<String> env) {
    String keyEnv = keyEnv(configFile);
    if (keyEnv == null) {
      return new IdKeys(null, null);
    }
    String text = env.apply(keyEnv);
    if (text == null || text.isEmpty()) {
      throw new UserError(
          configFile
              + ": [ids] key_env names $"
              + keyEnv
              + ", which is not set: set it to the team's id key, or remove key_env to use the"
              + " default key");
    }
    try {
      return new IdKeys(Fingerprinter.keyFromText(text), keyEnv);
    } catch (IllegalArgumentException e) {
      throw new UserError("$" + keyEnv + ": " + e.getMessage());
    }
  }

  /** The fingerprinter of a scan that writes to no ledger. */
  Fingerprinter withoutLedger() {
    return new Fingerprinter(configured != null ? configured : Fingerprinter.defaultKey());
  }

  /**
   * The fingerprinter of a process that writes to {@code ledger}: the ledger's key, stored on first
   * use. A ledger from before ids were the team's (secrets but no key) adopts the key its ids were
   * made with, this machine's old key file, where it exists. A process configured with another key
   * than the ledger's is refused: its ids would not match the ledger's.
   */
  Fingerprinter forLedger(Ledger ledger, String where, StateDir state) throws SQLException {
    byte[] proposed = configured != null ? configured : Fingerprinter.defaultKey();
    if (ledger.idKey().isEmpty() && !ledger.isEmpty()) {
      byte[] legacy = legacyKey(state);
      if (legacy != null) {
        proposed = legacy;
      }
    }
    byte[] key = ledger.adoptIdKey(proposed);
    if (configured != null && !Arrays.equals(key, configured)) {
      throw new UserError(
          "ledger "
              + where
              + " makes its finding ids with another key than $"
              + keyEnv
              + " holds: every process writing to one ledger must use its key (give $"
              + keyEnv
              + " the team's key, or remove [ids] key_env to adopt the ledger's)");
    }
    return new Fingerprinter(key);
  }

  private static byte[] legacyKey(StateDir state) {
    try {
      Path p = state.root().resolve(Fingerprinter.LEGACY_KEY_FILE);
      return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String keyEnv(Path configFile) {
    if (configFile == null) {
      return null;
    }
    JsonNode root;
    try {
      // (Without a TomlMapper: building one costs a hook with a config tens of milliseconds.)
      root = TomlTree.read(configFile.toFile());
    } catch (IOException e) {
      throw new UserError(configFile + ": cannot read TOML: " + e.getMessage(), ExitCode.USAGE, e);
    }
    JsonNode env = root.path("ids").path("key_env");
    if (env.isMissingNode()) {
      return null;
    }
    if (!env.isTextual() || env.asText().isBlank()) {
      throw new UserError(configFile + ": [ids] key_env must name an environment variable: " + env);
    }
    return env.asText();
  }
}
