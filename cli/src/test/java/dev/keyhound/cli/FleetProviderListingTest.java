package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet add --github-org / --gitlab-group} against a loopback server answering with the
 * providers' documented JSON and RFC 8288 {@code Link} pagination.
 */
class FleetProviderListingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  HttpServer server;
  String base;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // GitHub: GET /orgs/{org}/repos, three pages of objects with clone_url, archived, fork.
    server.createContext(
        "/api/v3/orgs/acme/repos",
        ex -> {
          int page = page(ex);
          String next = base + "/api/v3/orgs/acme/repos?per_page=100&type=all&page=" + (page + 1);
          String last = base + "/api/v3/orgs/acme/repos?per_page=100&type=all&page=3";
          String link =
              page < 3
                  ? "<" + next + ">; rel=\"next\", <" + last + ">; rel=\"last\""
                  : "<" + base + "/api/v3/orgs/acme/repos?page=1>; rel=\"first\"";
          List<Map<String, Object>> repos = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String name = "svc-" + page + "-" + i;
            repos.add(
                Map.of(
                    "id", page * 10 + i,
                    "full_name", "acme/" + name,
                    "clone_url", "https://ghe.test/acme/" + name + ".git",
                    "archived", page == 2 && i == 0,
                    "fork", page == 3 && i == 2));
          }
          answer(ex, repos, link, ex.getRequestHeaders().getFirst("Authorization"));
        });
    // GitLab: GET /api/v4/groups/{id}/projects, http_url_to_repo, forked_from_project on forks.
    server.createContext(
        "/api/v4/groups/",
        ex -> {
          // The group's full path is one URL-encoded path segment, as GitLab documents.
          if (!ex.getRequestURI().getRawPath().equals("/api/v4/groups/platform%2Finfra/projects")) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          int page = page(ex);
          String link =
              page == 1
                  ? "<"
                      + base
                      + "/api/v4/groups/platform%2Finfra/projects?page=2&per_page=100>; rel=\"next\""
                  : null;
          List<Map<String, Object>> repos = new ArrayList<>();
          repos.add(
              Map.of(
                  "path_with_namespace", "platform/infra/p" + page,
                  "http_url_to_repo", "https://gitlab.test/platform/infra/p" + page + ".git",
                  "archived", false));
          if (page == 2) {
            repos.add(
                Map.of(
                    "path_with_namespace",
                    "platform/infra/fork",
                    "http_url_to_repo",
                    "https://gitlab.test/platform/infra/fork.git",
                    "archived",
                    false,
                    "forked_from_project",
                    Map.of("id", 7)));
          }
          answer(ex, repos, link, ex.getRequestHeaders().getFirst("PRIVATE-TOKEN"));
        });
    server.createContext(
        "/api/v3/orgs/ghost/repos",
        ex -> {
          byte[] body = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(404, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int page(HttpExchange ex) {
    requests.add(ex.getRequestURI().toString());
    String q = ex.getRequestURI().getRawQuery();
    for (String kv : q == null ? new String[0] : q.split("&")) {
      if (kv.startsWith("page=")) {
        return Integer.parseInt(kv.substring(5));
      }
    }
    return 1;
  }

  private void answer(HttpExchange ex, Object json, String link, String auth) throws IOException {
    authHeaders.add(String.valueOf(auth));
    byte[] body = JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (link != null) {
      ex.getResponseHeaders().set("Link", link);
    }
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private TreeSet<String> listed(String ledger) throws Exception {
    CliRun r = CliRun.of("fleet", "list", "--ledger", ledger, "--format", "json");
    TreeSet<String> urls = new TreeSet<>();
    for (JsonNode n : JSON.readTree(r.out()).get("repositories")) {
      urls.add(n.get("url").asText());
    }
    return urls;
  }

  @Test
  void githubOrg_followsEveryPageAndSkipsArchivedAndForks() throws Exception {
    String ledger = tmp.resolve("l.db").toString();
    CliRun r =
        CliRun.of(
            "fleet",
            "add",
            "--github-org",
            "acme",
            "--api-url",
            base + "/api/v3",
            "--ledger",
            ledger);
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, requests.size(), requests.toString());
    TreeSet<String> urls = listed(ledger);
    assertEquals(7, urls.size(), urls.toString());
    assertTrue(urls.contains("https://ghe.test/acme/svc-1-0.git"));
    assertTrue(!urls.contains("https://ghe.test/acme/svc-2-0.git"), "archived kept");
    assertTrue(!urls.contains("https://ghe.test/acme/svc-3-2.git"), "fork kept");
  }

  @Test
  void githubOrg_includeArchivedAndForksAddsThemToo() throws Exception {
    String ledger = tmp.resolve("l.db").toString();
    CliRun r =
        CliRun.of(
            "fleet",
            "add",
            "--github-org=acme",
            "--api-url=" + base + "/api/v3/",
            "--include-archived",
            "--include-forks",
            "--ledger",
            ledger);
    assertEquals(0, r.exit(), r.err());
    assertEquals(9, listed(ledger).size());
  }

  @Test
  void gitlabGroup_followsLinkAndSendsTheTokenFromTheNamedVariable() throws Exception {
    String ledger = tmp.resolve("l.db").toString();
    // KEYHOUND_HOME is always set by surefire: it stands in for a token variable here.
    CliRun r =
        CliRun.of(
            "fleet",
            "add",
            "--gitlab-group",
            "platform/infra",
            "--api-url",
            base,
            "--token-env",
            "KEYHOUND_HOME",
            "--ledger",
            ledger);
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        new TreeSet<>(
            List.of(
                "https://gitlab.test/platform/infra/p1.git",
                "https://gitlab.test/platform/infra/p2.git")),
        listed(ledger));
    assertEquals(
        List.of(System.getenv("KEYHOUND_HOME"), System.getenv("KEYHOUND_HOME")), authHeaders);
  }

  @Test
  void githubOrg_anApiErrorIsOneLineNamingTheUrlAndStatus() {
    CliRun r =
        CliRun.of(
            "fleet",
            "add",
            "--github-org",
            "ghost",
            "--api-url",
            base + "/api/v3",
            "--token-env",
            "KEYHOUND_TEST_NO_SUCH_VARIABLE",
            "--ledger",
            tmp.resolve("l.db").toString());
    assertEquals(ExitCode.PARTIAL.code(), r.exit(), r.err());
    assertTrue(
        r.err()
            .contains(
                "cannot list GitHub organization ghost: GET "
                    + base
                    + "/api/v3/orgs/ghost/repos answered 404"),
        r.err());
  }

  @Test
  void nextLink_readsRelNextAmongOtherRelations() {
    assertEquals(
        "https://x.test/a?page=2",
        RepoListing.nextLink(
            "<https://x.test/a?page=1>; rel=\"prev\", <https://x.test/a?page=2>; rel=\"next\""));
    assertNull(RepoListing.nextLink("<https://x.test/a?page=1>; rel=\"first\""));
    assertNull(RepoListing.nextLink(null));
  }
}
