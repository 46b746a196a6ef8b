package dev.keyhound.remediation;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code keyhound serve}'s {@code /metrics} through the Prometheus Java client. Ledger-wide figures
 * (keys by state, outbox depth, dead letters, verification outcomes) are read from the ledger at
 * scrape time, so they agree across every process sharing it; request counts are this process's.
 */
public final class ServeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Ledger ledger;
  private final Counter githubAlerts;
  private final Counter githubRejected;
  private final Counter issuerEvents;
  private final Counter issuerRejected;
  private final Histogram detectionToRevocation;
  private final Histogram residual;
  private final Map<String, Long> observed = new HashMap<>();
  private long watermark = Long.MIN_VALUE;

  public ServeMetrics(Ledger ledger) {
    this.ledger = ledger;
    GaugeWithCallback.builder()
        .name("keyhound_keys")
        .help("Distinct secrets in the ledger by remediation state")
        .labelNames("state")
        .callback(
            cb ->
                count("SELECT state, COUNT(*) FROM secrets GROUP BY state")
                    .forEach((k, v) -> cb.call(v, k.get(0))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("keyhound_outbox_depth")
        .help("Outbox actions pending or in flight, by kind")
        .labelNames("kind")
        .callback(
            cb ->
                count(
                        "SELECT kind, COUNT(*) FROM actions WHERE state IN ('pending', 'attempting')"
                            + " GROUP BY kind")
                    .forEach((k, v) -> cb.call(v, k.get(0))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("keyhound_outbox_dead_letters")
        .help("Outbox actions given up after their last attempt, by kind")
        .labelNames("kind")
        .callback(
            cb ->
                count("SELECT kind, COUNT(*) FROM actions WHERE state = 'dead' GROUP BY kind")
                    .forEach((k, v) -> cb.call(v, k.get(0))))
        .register(registry);
    CounterWithCallback.builder()
        .name("keyhound_outbox_failed_attempts")
        .help("Attempts of outbox actions that failed or were refused, by kind")
        .labelNames("kind")
        .callback(
            cb ->
                count(
                        "SELECT a.kind, COUNT(*) FROM action_attempts t JOIN actions a"
                            + " ON a.idempotency_key = t.idempotency_key"
                            + " WHERE t.outcome IN ('failed', 'refused') GROUP BY a.kind")
                    .forEach((k, v) -> cb.call(v, k.get(0))))
        .register(registry);
    CounterWithCallback.builder()
        .name("keyhound_verifications")
        .help("Verifications recorded in the ledger, by purpose and outcome")
        .labelNames("purpose", "outcome")
        .callback(
            cb ->
                count(
                        "SELECT purpose, outcome, COUNT(*) FROM verifications"
                            + " GROUP BY purpose, outcome")
                    .forEach((k, v) -> cb.call(v, k.get(0), k.get(1))))
        .register(registry);
    githubAlerts =
        Counter.builder()
            .name("keyhound_github_alert_tokens")
            .help("Tokens received in verified GitHub secret scanning alerts, by what was done")
            .labelNames("outcome")
            .register(registry);
    githubRejected =
        Counter.builder()
            .name("keyhound_github_alerts_rejected")
            .help("GitHub alert requests refused, by reason")
            .labelNames("reason")
            .register(registry);
    issuerEvents =
        Counter.builder()
            .name("keyhound_issuer_events")
            .help("Issuer lifecycle events accepted, by type")
            .labelNames("type")
            .register(registry);
    issuerRejected =
        Counter.builder()
            .name("keyhound_issuer_events_rejected")
            .help("Issuer event requests refused, by reason")
            .labelNames("reason")
            .register(registry);
    double[] bounds = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 86400};
    detectionToRevocation =
        Histogram.builder()
            .name("keyhound_detection_to_revocation_seconds")
            .help("From detection to the issuer accepting the revocation, per key")
            .classicOnly()
            .classicUpperBounds(bounds)
            .register(registry);
    residual =
        Histogram.builder()
            .name("keyhound_residual_validation_seconds")
            .help("From revocation to the first validation that found the key dead, per key")
            .classicOnly()
            .classicUpperBounds(bounds)
            .register(registry);
  }

  private Map<List<String>, Long> count(String sql) {
    try {
      return ledger.counts(sql);
    } catch (SQLException e) {
      return Map.of(); // an unreachable ledger shows in /readyz; the scrape still answers
    }
  }

  /** Counts the tokens of a verified GitHub batch. */
  public void githubAccepted(GithubAlerts.Accepted a) {
    githubAlerts.labelValues("queued").inc(a.queued());
    githubAlerts.labelValues("ignored").inc(a.ignored());
  }

  public void githubRejected(String reason) {
    githubRejected.labelValues(reason).inc();
  }

  public void issuerEvent(String type) {
    issuerEvents.labelValues(type).inc();
  }

  public void issuerRejected(String reason) {
    issuerRejected.labelValues(reason).inc();
  }

  /**
   * Observes the timings of keys confirmed dead since the last call (the worker calls it after each
   * pass); each key once per process.
   */
  public synchronized void observeConfirmed() throws SQLException {
    // Only keys confirmed since the last call (less a margin for another process's late commit),
    // so a pass does not read the whole ledger; ids older than the margin are forgotten.
    long since = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - 60_000;
    for (LedgerEntry e : ledger.confirmedDeadSince(since)) {
      watermark = Math.max(watermark, e.confirmedDeadAt().toEpochMilli());
      if (observed.putIfAbsent(e.findingId(), e.confirmedDeadAt().toEpochMilli()) != null) {
        continue;
      }
      if (e.revokedAt() != null && e.detectedAt() != null) {
        detectionToRevocation.observe(
            Math.max(0, e.revokedAt().toEpochMilli() - e.detectedAt().toEpochMilli()) / 1000.0);
      }
      if (e.residualValidationMs() != null) {
        residual.observe(e.residualValidationMs() / 1000.0);
      }
    }
    long forget = watermark - 120_000;
    observed.values().removeIf(at -> at < forget);
  }

  /** Writes the Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  /** The content type of {@link #write}. */
  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
