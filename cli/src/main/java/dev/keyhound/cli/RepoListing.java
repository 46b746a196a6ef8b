package dev.keyhound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists the repositories of a GitHub organization or a GitLab group through their REST APIs,
 * following {@code Link: <...>; rel="next"} pagination; archived repositories and forks are left
 * out unless asked for.
 */
final class RepoListing {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 10_000;

  /** A provider's API: GitHub (or GitHub Enterprise) or GitLab (gitlab.com or self-managed). */
  enum Provider {
    GITHUB("https://api.github.com"),
    GITLAB("https://gitlab.com");

    final String defaultBaseUrl;

    Provider(String defaultBaseUrl) {
      this.defaultBaseUrl = defaultBaseUrl;
    }
  }

  /** One listed repository: its clone URL and what decides whether it is kept. */
  record Listed(String cloneUrl, String name, boolean archived, boolean fork) {
    Listed {
      Objects.requireNonNull(cloneUrl, "cloneUrl");
    }
  }

  private final HttpClient http;
  private final Provider provider;
  private final String baseUrl;
  private final String token;

  RepoListing(Provider provider, String baseUrl, String token) {
    this.provider = provider;
    this.baseUrl = (baseUrl == null ? provider.defaultBaseUrl : baseUrl).replaceFirst("/+$", "");
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The first page's URL for an organization or group. */
  String firstPage(String owner) {
    String enc = URLEncoder.encode(owner, StandardCharsets.UTF_8);
    return switch (provider) {
      case GITHUB -> baseUrl + "/orgs/" + enc + "/repos?per_page=100&type=all";
      case GITLAB ->
          baseUrl + "/api/v4/groups/" + enc + "/projects?per_page=100&include_subgroups=true";
    };
  }

  /** Every repository of the owner, all pages; throws with the URL and status on an API error. */
  List<Listed> list(String owner) throws IOException, InterruptedException {
    List<Listed> out = new ArrayList<>();
    String next = firstPage(owner);
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new IOException("more than " + MAX_PAGES + " pages from " + baseUrl);
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(next)).timeout(Duration.ofSeconds(30)).GET();
      if (provider == Provider.GITHUB) {
        req.header("Accept", "application/vnd.github+json");
        req.header("X-GitHub-Api-Version", "2022-11-28");
        if (token != null) {
          req.header("Authorization", "Bearer " + token);
        }
      } else if (token != null) {
        req.header("PRIVATE-TOKEN", token);
      }
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(
            "GET " + withoutQuery(next) + " answered " + r.statusCode() + ": " + brief(r.body()));
      }
      JsonNode items = JSON.readTree(r.body());
      if (!items.isArray()) {
        throw new IOException("GET " + withoutQuery(next) + " did not answer a JSON array");
      }
      for (JsonNode n : items) {
        out.add(parse(n));
      }
      next = nextLink(r.headers().firstValue("Link").orElse(null));
    }
    return out;
  }

  private Listed parse(JsonNode n) throws IOException {
    return switch (provider) {
      case GITHUB ->
          new Listed(
              required(n, "clone_url"),
              n.path("full_name").asText(""),
              n.path("archived").asBoolean(false),
              n.path("fork").asBoolean(false));
      case GITLAB ->
          new Listed(
              required(n, "http_url_to_repo"),
              n.path("path_with_namespace").asText(""),
              n.path("archived").asBoolean(false),
              n.hasNonNull("forked_from_project"));
    };
  }

  private static String required(JsonNode n, String field) throws IOException {
    if (!n.hasNonNull(field)) {
      throw new IOException("a listed repository has no " + field);
    }
    return n.get(field).asText();
  }

  /** The {@code rel="next"} target of an RFC 8288 Link header, or null on the last page. */
  static String nextLink(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(",(?=\\s*<)")) {
      Matcher m = NEXT.matcher(part.trim());
      if (m.matches()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static String brief(String body) {
    String s = body.replaceAll("\\s+", " ").strip();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
