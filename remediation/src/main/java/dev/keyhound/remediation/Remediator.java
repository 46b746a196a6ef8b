package dev.keyhound.remediation;

import dev.keyhound.scanner.Finding;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Closes the loop for one run: records findings, verifies issuer keys, decides by policy, revokes,
 * confirms dead and notifies, every side effect through the ledger's outbox so that reruns and
 * concurrent processes act once.
 */
public final class Remediator implements AutoCloseable {
  /**
   * How long a claimed action is ours without a heartbeat before another process may take it over
   * (a crashed run's lease lapses); a live holder renews it every third of that.
   */
  public static final Duration LEASE = Lease.STANDARD;

  private static final Set<String> ACTED_ON =
      Set.of(
          State.APPROVAL_REQUIRED,
          State.REVOKE_PENDING,
          State.REVOKED,
          State.CONFIRMED_DEAD,
          State.FAILED);

  private final Ledger ledger;
  private final IssuerVerifier issuer;
  private final Policy policy;
  private final Notifier notifier;
  private final Revocations revocations;
  private final Verifications verifications;
  private final Outbox outbox;
  private final Consumer<String> log;
  private final Heartbeat.Beats beats = new Heartbeat.Beats();
  private final Work work;
  private volatile boolean stopping;

  /** Wiring for a run; {@code crash} is {@link CrashPoint#NONE} outside tests. */
  public record Setup(
      Ledger ledger,
      IssuerVerifier issuer,
      Policy policy,
      List<HookConfig> hooks,
      HookSender sender,
      CrashPoint crash,
      Sleeper sleeper,
      Consumer<String> log,
      int threads,
      Lease lease) {
    /** Wiring with the standard lease, owned by this process. */
    public Setup(
        Ledger ledger,
        IssuerVerifier issuer,
        Policy policy,
        List<HookConfig> hooks,
        HookSender sender,
        CrashPoint crash,
        Sleeper sleeper,
        Consumer<String> log,
        int threads) {
      this(
          ledger,
          issuer,
          policy,
          hooks,
          sender,
          crash,
          sleeper,
          log,
          threads,
          Lease.standard(ledger.clock()));
    }
  }

  public Remediator(Setup s) {
    this.ledger = s.ledger();
    this.issuer = s.issuer();
    this.policy = s.policy();
    this.outbox = new Outbox(ledger);
    this.log = s.log();
    int threads = Math.max(1, s.threads());
    this.notifier = new Notifier(ledger, outbox, s.hooks(), s.sender(), s.crash(), log);
    this.verifications = new Verifications(ledger, issuer, threads, log);
    this.revocations = new Revocations(ledger, outbox, issuer, s.crash(), s.sleeper(), log);
    this.work = new Work(s.lease(), beats, () -> stopping);
  }

  /**
   * Asks the running pass to stop taking work: what it holds is finished, nothing new is claimed.
   */
  public void stop() {
    stopping = true;
  }

  /** Stops the heartbeat timer (after the last pass). */
  @Override
  public void close() {
    beats.close();
  }

  /**
   * One pass of {@code keyhound serve}'s worker: verifies what is due (unknown answers are retried
   * with backoff, not on every pass), decides, and drives every due action.
   */
  public void pass() throws SQLException, InterruptedException {
    long now = ledger.clock().millis();
    List<Map.Entry<String, String>> due = new ArrayList<>();
    for (LedgerEntry e : ledger.all()) {
      if (stopping) {
        return;
      }
      boolean fresh = e.state().equals(State.DETECTED);
      boolean retry =
          e.state().equals(State.VERIFY_PENDING)
              && (e.verifiedAt() == null
                  || e.verifiedAt().toEpochMilli() + verifyBackoff(e.findingId()).toMillis()
                      <= now);
      if (e.holdsSecret() && (fresh || retry)) {
        ledger.secret(e.findingId()).ifPresent(s -> due.add(Map.entry(e.findingId(), s)));
      }
    }
    verifications.verifyAll(due);
    decide();
    drive(null);
  }

  /** Waits before re-verifying after n unknown answers: 30 s doubling, at most an hour. */
  private Duration verifyBackoff(String findingId) throws SQLException {
    int n = Math.max(1, ledger.unknownVerifications(findingId));
    return Duration.ofSeconds(30L << Math.min(n - 1, 7)).compareTo(Duration.ofHours(1)) > 0
        ? Duration.ofHours(1)
        : Duration.ofSeconds(30L << Math.min(n - 1, 7));
  }

  /** The outbox this run writes to (for status listings and tests). */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * After a scan: records every finding, verifies the issuer's that need it and, when {@code
   * remediate}, applies the policy and drives all pending work. Returns what reports print per
   * finding id.
   */
  public Map<String, FindingStatus> afterScan(
      List<Finding> findings, UnaryOperator<String> secretHash, boolean remediate)
      throws SQLException, InterruptedException {
    List<Map.Entry<String, String>> toVerify = new ArrayList<>();
    // The scan's id of each finding -> the id the ledger keeps its secret under (they differ only
    // for a secret an older ledger recorded under another id).
    Map<String, String> ledgerIds = new LinkedHashMap<>();
    for (Finding f : findings) {
      boolean ours = issuer.accepts(f.ruleId(), f.secret());
      String id = ledger.record(f, secretHash.apply(f.secret()), ours);
      ledgerIds.put(f.id(), id);
      String state = ledger.entry(id).orElseThrow().state();
      if (ours && (state.equals(State.DETECTED) || state.equals(State.VERIFY_PENDING))) {
        toVerify.add(Map.entry(id, f.secret()));
      }
    }
    verifications.verifyAll(toVerify);
    if (remediate) {
      decide();
      drive(null);
    }
    Map<String, FindingStatus> byLedgerId = ledger.statuses(ledgerIds.values());
    Map<String, FindingStatus> out = new LinkedHashMap<>();
    ledgerIds.forEach(
        (scanId, id) -> {
          if (byLedgerId.containsKey(id)) {
            out.put(scanId, byLedgerId.get(id));
          }
        });
    return out;
  }

  /** {@code keyhound remediate}: verifies what is pending, decides, and drives every due action. */
  public void resume() throws SQLException, InterruptedException {
    List<Map.Entry<String, String>> pending = new ArrayList<>();
    for (LedgerEntry e : ledger.all()) {
      if (e.holdsSecret()
          && (e.state().equals(State.DETECTED) || e.state().equals(State.VERIFY_PENDING))) {
        ledger.secret(e.findingId()).ifPresent(s -> pending.add(Map.entry(e.findingId(), s)));
      }
    }
    verifications.verifyAll(pending);
    decide();
    drive(null);
  }

  /**
   * {@code keyhound revoke}: revokes one key now; a key the policy holds for approval needs {@code
   * approve}.
   */
  public LedgerEntry revokeOne(String findingIdOrPrefix, boolean approve)
      throws SQLException, InterruptedException, RemediationException {
    LedgerEntry e = ManualRevocation.resolve(ledger, findingIdOrPrefix);
    if (e.state().equals(State.DETECTED) || e.state().equals(State.VERIFY_PENDING)) {
      java.util.Optional<String> secret = ledger.secret(e.findingId());
      if (secret.isPresent()) {
        verifications.verifyAll(List.of(Map.entry(e.findingId(), secret.get())));
      }
    }
    ManualRevocation.approve(ledger, policy, ledger.entry(e.findingId()).orElseThrow(), approve);
    drive(e.findingId());
    return ledger.entry(e.findingId()).orElseThrow();
  }

  private void decide() throws SQLException {
    if (policy.mode() == Policy.Mode.OFF) {
      return;
    }
    for (LedgerEntry e : ledger.inState(State.ACTIVE)) {
      Policy.Decision d = policy.decide(e.ownerType());
      if (policy.mode() == Policy.Mode.DRY_RUN) {
        log.accept(
            "dry-run: would "
                + (d == Policy.Decision.REVOKE
                    ? "revoke"
                    : d == Policy.Decision.REQUIRE_APPROVAL ? "hold for approval" : "leave")
                + " "
                + e.keyId()
                + " ("
                + e.ownerType()
                + " key "
                + e.redacted()
                + ")");
      } else if (d == Policy.Decision.REVOKE) {
        ledger.transition(e.findingId(), State.ACTIVE, State.REVOKE_PENDING, Map.of());
      } else if (d == Policy.Decision.REQUIRE_APPROVAL) {
        if (ledger.transition(e.findingId(), State.ACTIVE, State.APPROVAL_REQUIRED, Map.of())) {
          log.accept(
              e.keyId()
                  + " ("
                  + e.ownerType()
                  + " key) waits for approval: keyhound revoke "
                  + e.findingId()
                  + " --approve");
        }
      }
    }
  }

  /**
   * Revokes what is due, confirms revoked keys dead, queues the events their states call for,
   * delivers.
   */
  private void drive(String findingId) throws SQLException, InterruptedException {
    revocations.revokeDue(findingId, work);
    revocations.confirmRevoked(findingId);
    queueEvents(findingId);
    notifier.deliverDue(findingId, work);
  }

  /**
   * Queues each event an entry's state calls for. Derived from state rather than sent at the
   * transition, so a crash between a transition and its event cannot lose the event; the outbox's
   * keys make repeats no-ops.
   */
  private void queueEvents(String findingId) throws SQLException {
    List<LedgerEntry> entries =
        findingId == null ? ledger.all() : ledger.entry(findingId).stream().toList();
    for (LedgerEntry e : entries) {
      boolean acted = ACTED_ON.contains(e.state());
      if (acted || (policy.mode() == Policy.Mode.AUTO && e.state().equals(State.ACTIVE))) {
        notifier.enqueue(LifecycleEvents.LEAKED, e.findingId());
      }
      switch (e.state()) {
        case State.APPROVAL_REQUIRED ->
            notifier.enqueue(LifecycleEvents.APPROVAL_REQUIRED, e.findingId());
        case State.CONFIRMED_DEAD -> notifier.enqueue(LifecycleEvents.REVOKED, e.findingId());
        case State.FAILED -> notifier.enqueue(LifecycleEvents.REVOCATION_FAILED, e.findingId());
        default -> {}
      }
    }
  }
}
