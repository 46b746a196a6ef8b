package dev.keyhound.remediation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server in front of dev-issuer's handler that injects faults, one per request, from a
 * queue.
 */
final class FaultyIssuer implements AutoCloseable {
  /** What to do to the next request instead of (or before) answering it. */
  sealed interface Fault {}

  record Delay(long ms) implements Fault {}

  record Status(int code, String retryAfter) implements Fault {}

  record Drop() implements Fault {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  FaultyIssuer(DevIssuer issuer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          Fault f = faults.poll();
          if (f instanceof Delay d) {
            sleep(d.ms());
          } else if (f instanceof Status s) {
            ex.getRequestBody().readAllBytes();
            if (s.retryAfter() != null) {
              ex.getResponseHeaders().set("Retry-After", s.retryAfter());
            }
            ex.sendResponseHeaders(s.code(), -1);
            ex.close();
            return;
          } else if (f instanceof Drop) {
            drop(ex);
            return;
          }
          issuer.handler().handle(ex);
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  void enqueue(Fault... fs) {
    faults.addAll(java.util.List.of(fs));
  }

  int requests() {
    return requests.get();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Closes the socket without an answer: the client sees the connection drop mid-request. */
  private static void drop(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseBody().close();
    ex.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
