package dev.keyhound.remediation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Verifies secrets in parallel and records each outcome and the state it leads to; unknown stays
 * pending.
 */
final class Verifications {
  private final Ledger ledger;
  private final Verifier verifier;
  private final int threads;
  private final Consumer<String> log;

  Verifications(Ledger ledger, Verifier verifier, int threads, Consumer<String> log) {
    this.ledger = ledger;
    this.verifier = verifier;
    this.threads = threads;
    this.log = log;
  }

  /** Most outcomes written in one ledger transaction. */
  static final int BATCH = 256;

  /**
   * Verifies each (finding id, secret) pair, {@code threads} at a time; outcomes are written by
   * this thread in transactions of whatever has arrived (one commit per batch, not three per key).
   */
  void verifyAll(Collection<Map.Entry<String, String>> work)
      throws SQLException, InterruptedException {
    if (work.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    BlockingQueue<Map.Entry<String, Verification>> done = new LinkedBlockingQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, work.size()));
    List<Verification> outcomes = new ArrayList<>();
    try {
      for (Map.Entry<String, String> w : work) {
        pool.execute(
            () -> {
              Verification v;
              try {
                v = verifier.verify(w.getValue());
              } catch (RuntimeException e) {
                v = new Verification.Unknown("verification failed: " + e, null);
              }
              done.add(Map.entry(w.getKey(), v));
            });
      }
      List<Map.Entry<String, Verification>> batch = new ArrayList<>();
      for (int remaining = work.size(); remaining > 0; remaining -= batch.size()) {
        batch.clear();
        batch.add(done.take());
        done.drainTo(batch, BATCH - 1);
        // Rows are locked in finding-id order in every process, so two processes writing batches to
        // one PostgreSQL ledger wait for each other instead of deadlocking.
        batch.sort(Map.Entry.comparingByKey());
        ledger.inTransaction(
            () -> {
              for (Map.Entry<String, Verification> r : batch) {
                recordOutcome(r.getKey(), r.getValue());
                outcomes.add(r.getValue());
              }
            });
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
    log.accept(summary(outcomes, ms));
  }

  /**
   * "verified N key(s)" counts the keys the issuer answered for (live or not); keys that got no
   * answer are counted apart, with why, since they are retried and were not verified.
   */
  static String summary(List<Verification> outcomes, long ms) {
    Map<String, Integer> unanswered = new java.util.TreeMap<>();
    int answered = 0;
    for (Verification v : outcomes) {
      if (v instanceof Verification.Unknown u) {
        unanswered.merge(u.reason(), 1, Integer::sum);
      } else {
        answered++;
      }
    }
    String line =
        String.format(
            java.util.Locale.ROOT,
            "verified %d key(s) in %d ms (%.1f keys/s)",
            answered,
            ms,
            outcomes.size() * 1000.0 / ms);
    if (unanswered.isEmpty()) {
      return line;
    }
    int none = outcomes.size() - answered;
    StringBuilder why = new StringBuilder();
    unanswered.forEach(
        (reason, n) ->
            why.append(why.length() == 0 ? "" : ", ")
                .append(reason)
                .append(" (")
                .append(n)
                .append(')'));
    return line + "; " + none + " key(s) got no answer: " + why + "; the next run retries them";
  }

  private void recordOutcome(String findingId, Verification v) throws SQLException {
    ledger.recordVerification(findingId, "verify", v);
    String from = ledger.entry(findingId).orElseThrow().state();
    if (!from.equals(State.DETECTED) && !from.equals(State.VERIFY_PENDING)) {
      return;
    }
    java.time.Instant now = ledger.clock().instant();
    if (v instanceof Verification.Active a) {
      ApiKey k = a.key();
      Map<String, Object> set = new HashMap<>();
      set.put("verification", "active");
      set.put("verification_reason", null);
      set.put("verified_at", now);
      set.put("key_id", k.id());
      set.put("key_json", k.raw().toString());
      set.put("owner_type", k.owner().type());
      set.put("owner_id", k.owner().id());
      set.put("organization_id", k.owner().organizationId());
      ledger.transition(findingId, from, State.ACTIVE, set);
    } else if (v instanceof Verification.Inactive) {
      if (ledger.transition(
          findingId,
          from,
          State.INACTIVE,
          Map.of("verification", "inactive", "verified_at", now))) {
        ledger.eraseSecret(findingId);
      }
    } else if (v instanceof Verification.Unknown u) {
      ledger.transition(
          findingId,
          from,
          State.VERIFY_PENDING,
          Map.of("verification", "unknown", "verification_reason", u.reason(), "verified_at", now));
      log.accept("could not verify " + findingId + " (" + u.reason() + "); the next run retries");
    }
  }
}
