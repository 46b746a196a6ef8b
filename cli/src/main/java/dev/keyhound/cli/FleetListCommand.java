package dev.keyhound.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.keyhound.remediation.FleetInventory;
import dev.keyhound.remediation.Ledger;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keyhound fleet list}: the inventory with each repository's last scan. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the fleet's repositories with their last scan.")
final class FleetListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin FleetLedgerOption ledgerOption;

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
    PrintWriter out = spec.commandLine().getOut();
    try (Ledger l = RemediationRun.openLedger(ledgerOption.ledger)) {
      List<FleetInventory.Repo> repos = new FleetInventory(l).list();
      if (format.equals("json")) {
        json(repos, out);
      } else {
        out.printf("%-6s  %-9s  %-20s  %s%n", "SCANS", "LAST", "FINISHED", "REPOSITORY");
        for (FleetInventory.Repo r : repos) {
          out.printf(
              "%-6d  %-9s  %-20s  %s%n",
              r.scans(),
              r.leaseOwner() != null ? "scanning" : r.lastOutcome() == null ? "-" : r.lastOutcome(),
              r.lastFinishedAt() == null
                  ? "-"
                  : r.lastFinishedAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
              r.url());
        }
      }
      out.flush();
      return ExitCode.OK.code();
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledgerOption.ledger, e);
    }
  }

  private static void json(List<FleetInventory.Repo> repos, PrintWriter out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("schema", "keyhound/v1");
      g.writeArrayFieldStart("repositories");
      for (FleetInventory.Repo r : repos) {
        g.writeStartObject();
        g.writeStringField("url", r.url());
        g.writeStringField("source", r.source());
        g.writeNumberField("scans", r.scans());
        g.writeStringField("lastOutcome", r.lastOutcome());
        g.writeStringField("lastError", r.lastError());
        g.writeStringField("lastFinishedAt", text(r.lastFinishedAt()));
        g.writeBooleanField("scanning", r.leaseOwner() != null);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
