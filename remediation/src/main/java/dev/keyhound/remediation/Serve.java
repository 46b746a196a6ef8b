package dev.keyhound.remediation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code keyhound serve}: the JDK's HTTP server on a bounded pool for GitHub's alerts, the issuer's
 * events and the operations endpoints, beside a {@link ServeWorker} that drains due work from the
 * ledger. {@link #close()} stops taking requests and work and waits for what is in flight.
 */
public final class Serve implements AutoCloseable {
  /** Largest request body accepted (413 beyond). GitHub's batches are far smaller. */
  public static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final ServeWorker worker;
  private final Thread workerThread;
  private final Ledger ledger;
  private final GithubAlerts github;
  private final IssuerEvents issuerEvents;
  private final ServeMetrics metrics;
  private final Consumer<String> log;

  /**
   * What serve runs with.
   *
   * @param github null when no keys document is configured (the endpoint answers 401)
   * @param threads request threads (the pool is bounded; extra requests wait in a short queue)
   * @param poll how often the worker looks for due work when nothing wakes it
   */
  public record Setup(
      InetSocketAddress address,
      Ledger ledger,
      Remediator remediator,
      GithubAlerts github,
      IssuerEvents issuerEvents,
      ServeMetrics metrics,
      int threads,
      Duration poll,
      Consumer<String> log) {}

  private Serve(Setup s, HttpServer server) {
    this.server = server;
    this.ledger = s.ledger();
    this.github = s.github();
    this.issuerEvents = s.issuerEvents();
    this.metrics = s.metrics();
    this.log = s.log();
    this.pool =
        new ThreadPoolExecutor(
            s.threads(),
            s.threads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "keyhound-serve-http");
              t.setDaemon(true);
              return t;
            },
            // A full queue makes the accepting thread run the request itself: back-pressure on
            // new connections instead of an unbounded backlog.
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.worker = new ServeWorker(s.remediator(), ledger, metrics, s.poll(), log);
    this.workerThread = new Thread(worker, "keyhound-serve-worker");
  }

  /** Binds, starts the worker and the server; returns once both run. */
  public static Serve start(Setup s) throws IOException {
    HttpServer server = HttpServer.create(s.address(), 64);
    Serve serve = new Serve(s, server);
    server.createContext("/", serve::handle);
    server.setExecutor(serve.pool);
    serve.workerThread.start();
    server.start();
    return serve;
  }

  /** Where the server listens (the port chosen when 0 was asked). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) {
    try {
      route(ex, ex.getRequestMethod(), ex.getRequestURI().getPath());
    } catch (HttpBodies.TooLarge e) {
      reply(ex, 413, "{\"error\":\"request body larger than " + MAX_BODY + " bytes\"}");
    } catch (RuntimeException | IOException | SQLException e) {
      log.accept("request " + ex.getRequestURI().getPath() + " failed: " + e);
      if (ex.getResponseCode() == -1) {
        reply(ex, 500, "{\"error\":\"internal error\"}");
      }
    } finally {
      // After the reply: try-with-resources would close the exchange before a catch could answer.
      ex.close();
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException, SQLException {
    switch (path) {
      case "/healthz" -> {
        if (method(ex, "GET")) {
          reply(ex, 200, "{\"status\":\"ok\"}");
        }
      }
      case "/readyz" -> {
        if (method(ex, "GET")) {
          boolean ok = ledger.ready();
          reply(
              ex,
              ok ? 200 : 503,
              ok ? "{\"status\":\"ready\"}" : "{\"status\":\"ledger unreachable\"}");
        }
      }
      case "/metrics" -> {
        if (method(ex, "GET")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          metrics.write(out);
          send(ex, 200, ServeMetrics.contentType(), out.toByteArray());
        }
      }
      case "/github/secret-scanning" -> {
        if (method(ex, "POST")) {
          github(ex);
        }
      }
      case "/issuer/events" -> {
        if (method(ex, "POST")) {
          issuerEvent(ex);
        }
      }
      default -> reply(ex, 404, "{\"error\":\"not found\"}");
    }
  }

  private void github(HttpExchange ex) throws IOException, SQLException {
    byte[] body = body(ex);
    if (github == null) {
      metrics.githubRejected("not_configured");
      reply(ex, 401, "{\"error\":\"no github_keys configured\"}");
      return;
    }
    GithubAlerts.Answer a =
        github.receive(
            ex.getRequestHeaders().getFirst(GithubSignature.KEY_ID_HEADER),
            ex.getRequestHeaders().getFirst(GithubSignature.SIGNATURE_HEADER),
            body);
    if (a instanceof GithubAlerts.Accepted ok) {
      metrics.githubAccepted(ok);
      reply(ex, 200, "[]");
      log.accept(
          "github alert: "
              + ok.tokens()
              + " token(s), "
              + ok.queued()
              + " of the issuer's queued for verification");
      worker.wake();
    } else if (a instanceof GithubAlerts.Rejected no) {
      metrics.githubRejected(no.reason());
      log.accept("github alert refused: " + no.reason());
      reply(ex, no.status(), "{\"error\":\"" + no.reason() + "\"}");
    }
  }

  private void issuerEvent(HttpExchange ex) throws IOException, SQLException {
    byte[] body = body(ex);
    IssuerEvents.Answer a =
        issuerEvents.receive(
            ex.getRequestHeaders().getFirst("webhook-id"),
            ex.getRequestHeaders().getFirst("webhook-timestamp"),
            ex.getRequestHeaders().getFirst("webhook-signature"),
            body);
    if (a instanceof IssuerEvents.Applied ok) {
      metrics.issuerEvent(ok.type());
      reply(ex, 204, null);
      if (ok.confirmedDead() > 0) {
        log.accept(
            "issuer event " + ok.type() + ": " + ok.confirmedDead() + " key(s) confirmed dead");
        worker.wake();
      }
    } else if (a instanceof IssuerEvents.Rejected no) {
      metrics.issuerRejected(no.reason());
      log.accept("issuer event refused: " + no.reason());
      reply(ex, no.status(), "{\"error\":\"" + no.reason() + "\"}");
    }
  }

  private static boolean method(HttpExchange ex, String want) {
    if (ex.getRequestMethod().equals(want)) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", want);
    reply(ex, 405, "{\"error\":\"method not allowed\"}");
    return false;
  }

  private static byte[] body(HttpExchange ex) throws IOException {
    return HttpBodies.read(ex, MAX_BODY);
  }

  private static void reply(HttpExchange ex, int status, String json) {
    try {
      send(
          ex,
          status,
          "application/json",
          json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the client has gone; nothing to tell it
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    if (status == 413) {
      ex.getResponseHeaders().set("Connection", "close");
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Stops accepting requests (those in flight get a second), stops the worker and waits up to
   * {@code grace} for its pass to finish what it holds.
   */
  public void stop(Duration grace) throws InterruptedException {
    server.stop(1);
    pool.shutdown();
    worker.stop();
    workerThread.join(grace.toMillis());
    pool.awaitTermination(1, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(25));
  }
}
