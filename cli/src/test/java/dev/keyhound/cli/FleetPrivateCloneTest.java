package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet work --git-token-env}: a private repository over git's smart HTTP protocol (the real
 * {@code git http-backend}, behind a loopback server that demands Basic authentication).
 */
class FleetPrivateCloneTest {
  /** Surefire sets this variable; here it stands in for a token variable. */
  private static final String TOKEN_ENV = "KEYHOUND_E2E_WEBHOOK_SECRET";

  @TempDir Path tmp;
  HttpServer server;
  String url;

  @BeforeEach
  void serve() throws Exception {
    try (TestRepo r = TestRepo.init(tmp.resolve("private"))) {
      r.write("README.md", "private\n").commit("initial");
      r.write("deploy.env", "KEY=" + Keys.issuer() + "\n").commit("deploy");
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("x-access-token:" + System.getenv(TOKEN_ENV))
                        .getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/git/",
        ex -> {
          try (ex) {
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
              ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
              ex.sendResponseHeaders(401, -1);
              return;
            }
            cgi(ex);
          }
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/git/private/.git";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Runs {@code git http-backend} as the CGI program it is, for one request. */
  private void cgi(HttpExchange ex) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", tmp.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("PATH_INFO", ex.getRequestURI().getPath().substring("/git".length()));
    String q = ex.getRequestURI().getRawQuery();
    env.put("QUERY_STRING", q == null ? "" : q);
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    env.put("CONTENT_TYPE", type == null ? "" : type);
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null) {
      env.put("HTTP_CONTENT_ENCODING", encoding);
    }
    env.put("REMOTE_USER", "x-access-token");
    byte[] body = ex.getRequestBody().readAllBytes();
    env.put("CONTENT_LENGTH", Integer.toString(body.length));
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(body);
    }
    byte[] out;
    try (InputStream o = p.getInputStream()) {
      out = o.readAllBytes();
    }
    int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (split < 0) {
      split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    int status = 200;
    for (String h : new String(out, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).strip();
      String value = h.substring(colon + 1).strip();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.substring(0, 3));
      } else {
        ex.getResponseHeaders().add(name, value);
      }
    }
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    rest.write(out, split + skip, out.length - split - skip);
    ex.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
    rest.writeTo(ex.getResponseBody());
  }

  private static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i + b.length <= a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (a[i + j] != b[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void work_clonesAPrivateRepositoryWithTheTokenAndNeverPrintsIt() throws Exception {
    String ledger = tmp.resolve("fleet.db").toString();
    assertEquals(0, CliRun.of("fleet", "add", url, "--ledger", ledger).exit());

    CliRun anonymous = CliRun.of("fleet", "work", "--ledger", ledger);
    assertEquals(ExitCode.PARTIAL.code(), anonymous.exit(), anonymous.err());
    assertTrue(anonymous.err().contains("cannot scan " + url), anonymous.err());

    CliRun withToken =
        CliRun.of(
            "fleet",
            "work",
            "--ledger",
            ledger,
            "--rescan-after",
            "0s",
            "--git-token-env",
            TOKEN_ENV);
    assertEquals(ExitCode.FINDINGS.code(), withToken.exit(), withToken.err());
    assertTrue(withToken.err().contains("1 repositories, 1 findings, 0 failed"), withToken.err());
    String token = System.getenv(TOKEN_ENV);
    assertFalse((anonymous.err() + withToken.err() + withToken.out()).contains(token));
  }

  @Test
  void work_namesAMissingTokenVariable() {
    CliRun r =
        CliRun.of(
            "fleet",
            "work",
            "--ledger",
            tmp.resolve("fleet.db").toString(),
            "--git-token-env",
            "KEYHOUND_TEST_NO_SUCH_TOKEN");
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    assertTrue(r.err().contains("$KEYHOUND_TEST_NO_SUCH_TOKEN is not set"), r.err());
  }
}
