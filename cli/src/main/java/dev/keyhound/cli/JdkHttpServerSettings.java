package dev.keyhound.cli;

/**
 * Settings of the JDK's HTTP server (serve, dev-issuer), which it reads from system properties
 * once, when the first server starts: so they are set here, at the edge, unless the operator set
 * them.
 */
final class JdkHttpServerSettings {
  private JdkHttpServerSettings() {}

  static void apply() {
    // The server writes a response's headers and body in two writes; with Nagle's algorithm on,
    // the second waits for the client's delayed ACK (40 ms on Linux) and a keep-alive client gets
    // ~25 answers per second per connection. dev-issuer went from ~150 to ~800 validations/s.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    // Request and response time limits (seconds) and the idle keep-alive time: a slow or stalled
    // client cannot hold one of the bounded pool's threads.
    setIfAbsent("sun.net.httpserver.maxReqTime", "30");
    setIfAbsent("sun.net.httpserver.maxRspTime", "30");
    setIfAbsent("sun.net.httpserver.idleInterval", "30");
    setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
