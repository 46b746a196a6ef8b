package dev.keyhound.cli;

import dev.keyhound.remediation.GithubAlerts;
import dev.keyhound.remediation.GithubKeys;
import dev.keyhound.remediation.IssuerEvents;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.RemediationSettings;
import dev.keyhound.remediation.Remediator;
import dev.keyhound.remediation.Serve;
import dev.keyhound.remediation.ServeMetrics;
import dev.keyhound.remediation.ServeSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound serve}: always-on remediation over the ledger, GitHub's secret scanning partner
 * endpoint, the issuer's own events, and health and metrics endpoints. SIGTERM (or SIGINT) stops
 * taking work, finishes what is in flight and exits 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run remediation continuously and receive GitHub secret scanning alerts and issuer events"
            + " (POST /github/secret-scanning, POST /issuer/events, GET /healthz, /readyz,"
            + " /metrics).")
final class ServeCommand implements Callable<Integer> {
  /** How long SIGTERM waits for the work in flight. */
  static final Duration GRACE = Duration.ofSeconds(25);

  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin RemediationOptions options;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on (default: [serve] port, else 8902; 0 picks one).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "Address to listen on (default: [serve] bind, else 127.0.0.1).")
  String bind;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description = "Log lines on stderr as text (default) or one JSON object per line.")
  String logFormat = "text";

  @Override
  public Integer call() throws Exception {
    ServeLog log =
        new ServeLog(
            spec.commandLine().getErr(), ServeLog.Format.parse(logFormat), Clock.systemUTC());
    Path file = options.configFile();
    RemediationSettings remediation = RemediationRun.settings(file);
    ServeSettings settings;
    try {
      settings = ServeSettings.load(file).override(port, bind);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
    String where = file == null ? ".keyhound.toml" : file.toString();
    GithubKeys keys = null;
    if (settings.githubKeys() != null) {
      try {
        keys = GithubKeys.load(settings.githubKeys(), Clock.systemUTC());
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(where + ": [serve] github_keys: " + e.getMessage(), ExitCode.USAGE, e);
      }
    }
    String eventsSecret = null;
    if (settings.issuerEventsSecretEnv() != null) {
      eventsSecret = System.getenv(settings.issuerEventsSecretEnv());
      if (eventsSecret == null || eventsSecret.isBlank()) {
        throw new UserError(
            where
                + ": [serve] issuer_events_secret_env names $"
                + settings.issuerEventsSecretEnv()
                + ", which is not set");
      }
    }
    JdkHttpServerSettings.apply();
    CountDownLatch stop = new CountDownLatch(1);
    try (Ledger ledger = RemediationRun.openLedger(options.ledger);
        Remediator remediator =
            RemediationRun.remediator(remediation, file, ledger, options, log)) {
      IssuerEvents events;
      try {
        events = new IssuerEvents(ledger, eventsSecret, Clock.systemUTC());
      } catch (IllegalArgumentException e) {
        throw new UserError(
            "$" + settings.issuerEventsSecretEnv() + ": " + e.getMessage(), ExitCode.USAGE, e);
      }
      Serve serve;
      try {
        serve =
            Serve.start(
                new Serve.Setup(
                    new InetSocketAddress(settings.bind(), settings.port()),
                    ledger,
                    remediator,
                    keys == null
                        ? null
                        : new GithubAlerts(
                            keys,
                            ledger,
                            RemediationRun.fingerprinter(ledger, options.ledger, file)),
                    events,
                    new ServeMetrics(ledger),
                    8,
                    Duration.ofSeconds(1),
                    log));
      } catch (BindException e) {
        throw new UserError(
            "cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage());
      }
      onTerminate(stop);
      InetSocketAddress a = serve.address();
      log.accept("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort());
      if (keys == null) {
        log.accept("no [serve] github_keys: POST /github/secret-scanning answers 401");
      }
      if (eventsSecret == null) {
        log.accept("no [serve] issuer_events_secret_env: POST /issuer/events answers 401");
      }
      stop.await();
      log.accept("stopping: finishing the work in flight");
      serve.stop(GRACE);
      log.accept("stopped");
    }
    return ExitCode.OK.code();
  }

  /**
   * SIGTERM and SIGINT end the wait instead of the JVM, so in-flight work finishes and the exit
   * code is 0 (a shutdown hook would exit 143).
   */
  @SuppressWarnings("restriction")
  private static void onTerminate(CountDownLatch stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown());
      } catch (IllegalArgumentException e) {
        // a platform without this signal: the default handling stays
      }
    }
  }
}
