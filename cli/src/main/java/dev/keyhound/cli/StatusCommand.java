package dev.keyhound.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerEntry;
import dev.keyhound.remediation.Outbox;
import dev.keyhound.scanner.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound status}: keys by state, time from detection to revocation and its median, dead
 * letters.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "List keys in the ledger by state, with time from detection to revocation.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--ledger",
      paramLabel = "PATH|JDBC_URL",
      description = "The remediation ledger (default: ledger.db in the keyhound state folder).")
  String ledger;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = "text (default) or json.")
  String format = "text";

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UserError("unknown --format: " + format + " (use text or json)");
    }
    try (Ledger l = RemediationRun.openExistingLedger(ledger)) {
      if (format.equals("json")) {
        printJson(l, spec.commandLine().getOut());
      } else {
        printText(l, spec.commandLine().getOut());
      }
      return ExitCode.OK.code();
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledger, e);
    }
  }

  static void printText(Ledger l, PrintWriter out) throws SQLException {
    List<LedgerEntry> entries = l.all();
    out.printf(
        "%-12s  %-34s  %-18s  %-13s  %-17s  %s%n",
        "FINDING", "KEY", "STATE", "OWNER", "DETECTED→REVOKED", "PERMISSIONS");
    for (LedgerEntry e : entries) {
      Duration d = toRevocation(e);
      String owner = e.status().ownerText();
      List<String> permissions = e.permissions();
      out.printf(
          "%-12s  %-34s  %-18s  %-13s  %-17s  %s%n",
          e.findingId().substring(0, Math.min(12, e.findingId().length())),
          Printable.escape(e.keyId() == null ? e.redacted() : e.keyId()),
          e.state(),
          owner == null ? "-" : Printable.escape(owner),
          d == null ? "-" : human(d),
          e.ownerType() == null ? "-" : Printable.escape(String.join(", ", permissions)));
    }
    Duration median = median(entries);
    out.println(
        median == null
            ? "median detection→revocation: - (no key revoked yet)"
            : "median detection→revocation: "
                + human(median)
                + " over "
                + revokedCount(entries)
                + " key(s)");
    for (Outbox.Row a : new Outbox(l).rows(null)) {
      if (a.state().equals("dead")) {
        out.println(
            "dead letter: " + a.key() + " after " + a.attempts() + " attempt(s): " + a.lastError());
      }
    }
    out.flush();
  }

  static void printJson(Ledger l, PrintWriter out) throws SQLException, IOException {
    List<LedgerEntry> entries = l.all();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("keys");
      for (LedgerEntry e : entries) {
        g.writeStartObject();
        g.writeStringField("finding_id", e.findingId());
        g.writeStringField("redacted", e.redacted());
        g.writeStringField("key_id", e.keyId());
        g.writeStringField("state", e.state());
        g.writeStringField("verification", e.verification());
        g.writeStringField("owner_type", e.ownerType());
        g.writeStringField("owner_id", e.ownerId());
        g.writeStringField("organization_id", e.organizationId());
        g.writeArrayFieldStart("permissions");
        for (String p : e.permissions()) {
          g.writeString(p);
        }
        g.writeEndArray();
        instant(g, "committed_at", e.committedAt());
        instant(g, "detected_at", e.detectedAt());
        instant(g, "verified_at", e.verifiedAt());
        instant(g, "revoked_at", e.revokedAt());
        instant(g, "confirmed_dead_at", e.confirmedDeadAt());
        instant(g, "notified_at", e.notifiedAt());
        number(g, "residual_validation_ms", e.residualValidationMs());
        Duration d = toRevocation(e);
        number(g, "detection_to_revocation_ms", d == null ? null : d.toMillis());
        g.writeEndObject();
      }
      g.writeEndArray();
      Duration median = median(entries);
      number(g, "median_detection_to_revocation_ms", median == null ? null : median.toMillis());
      g.writeArrayFieldStart("dead_letters");
      for (Outbox.Row a : new Outbox(l).rows(null)) {
        if (a.state().equals("dead")) {
          g.writeStartObject();
          g.writeStringField("idempotency_key", a.key());
          g.writeStringField("finding_id", a.findingId());
          g.writeNumberField("attempts", a.attempts());
          g.writeStringField("last_error", a.lastError());
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
    out.flush();
  }

  static Duration toRevocation(LedgerEntry e) {
    return e.revokedAt() == null || e.detectedAt() == null
        ? null
        : Duration.between(e.detectedAt(), e.revokedAt());
  }

  /** The median over revoked keys (the mean of the middle two for an even count). */
  static Duration median(List<LedgerEntry> entries) {
    List<Long> ms = new ArrayList<>();
    for (LedgerEntry e : entries) {
      Duration d = toRevocation(e);
      if (d != null) {
        ms.add(d.toMillis());
      }
    }
    if (ms.isEmpty()) {
      return null;
    }
    Collections.sort(ms);
    int n = ms.size();
    return Duration.ofMillis(n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2);
  }

  private static long revokedCount(List<LedgerEntry> entries) {
    return entries.stream().filter(e -> toRevocation(e) != null).count();
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return ms + " ms";
    }
    if (ms < 3_600_000) {
      return (ms / 60_000) + "m" + (ms / 1000 % 60) + "s";
    }
    return (ms / 3_600_000) + "h" + (ms / 60_000 % 60) + "m";
  }

  private static void instant(JsonGenerator g, String name, Instant t) throws IOException {
    g.writeStringField(name, t == null ? null : t.toString());
  }

  private static void number(JsonGenerator g, String name, Long v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, v);
    }
  }
}
