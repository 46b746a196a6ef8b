package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.util.List;

/** Interim loader: the issuer rule only. Replaced by the gitleaks-compatible loader on branch rules. */
public final class RuleLoader {
  private RuleLoader() {}

  public static RuleSet builtin() {
    KeyFormat f = KeyFormat.ISSUER;
    Rule issuer = new Rule(RuleSet.ISSUER_RULE_ID, "Issuer API key", Pattern.compile(f.regex()), 1, 0,
        f.keywords(), null, List.of("issuer"), List.of(), List.of(), List.of(), f);
    return new RuleSet("built-in", List.of(issuer), List.of(), f);
  }

  public static RuleSet load(Path file) throws RuleException {
    throw new RuleException(file + ": rule files are not supported yet");
  }
}
