package dev.keyhound.cli;

import dev.keyhound.remediation.FleetInventory;
import dev.keyhound.remediation.Ledger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound fleet add}: puts repositories in the inventory, from the command line, a file, a
 * GitHub organization or a GitLab group.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Add repositories to the fleet: URLs or paths, --from FILE (one per line), or every"
            + " repository of --github-org / --gitlab-group.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:added (or already there)",
      "2:usage error, or some lines were not a URL or existing path (each is named; the rest were added)",
      "3:the provider's API could not be read"
    })
final class FleetAddCommand implements Callable<Integer> {
  private static final Pattern URL =
      Pattern.compile("^(https?|ssh|git|file)://.+|^[\\w.-]+@[\\w.-]+:.+");

  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin FleetLedgerOption ledgerOption;

  @Parameters(paramLabel = "URL|PATH", arity = "0..*", description = "Repositories to add.")
  List<String> repos = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "FILE",
      description =
          "Read repositories from FILE, one per line (blank lines and # comments skipped).")
  Path from;

  @ArgGroup(exclusive = true)
  Provider provider;

  /** One provider to list from. */
  static final class Provider {
    @Option(
        names = "--github-org",
        paramLabel = "NAME",
        description = "Every repository of this GitHub organization.")
    String githubOrg;

    @Option(
        names = "--gitlab-group",
        paramLabel = "NAME",
        description = "Every project of this GitLab group and its subgroups.")
    String gitlabGroup;
  }

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      description =
          "The provider's API base: GitHub Enterprise https://HOST/api/v3, self-managed GitLab"
              + " https://HOST (default: https://api.github.com, https://gitlab.com).")
  String apiUrl;

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the API token (default: GITHUB_TOKEN or GITLAB_TOKEN).")
  String tokenEnv;

  @Option(names = "--include-archived", description = "Also add archived repositories.")
  boolean includeArchived;

  @Option(names = "--include-forks", description = "Also add forks.")
  boolean includeForks;

  @Override
  public Integer call() {
    if (repos.isEmpty() && from == null && provider == null) {
      throw new UserError(
          "nothing to add: give URLs or paths, --from FILE, --github-org or --gitlab-group");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<String[]> toAdd = new ArrayList<>();
    int bad = 0;
    for (String r : repos) {
      bad += accept(r, "cli", r, toAdd, err);
    }
    if (from != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(from, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot read " + from + ": " + e.getMessage(), ExitCode.USAGE, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          bad += accept(line, "file:" + from.getFileName(), from + ":" + (i + 1), toAdd, err);
        }
      }
    }
    if (provider != null) {
      listProvider(toAdd, err);
    }
    int added = 0;
    try (Ledger l = RemediationRun.openLedger(ledgerOption.ledger)) {
      FleetInventory inventory = new FleetInventory(l);
      for (String[] r : toAdd) {
        if (inventory.add(r[0], r[1])) {
          added++;
        }
      }
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledgerOption.ledger, e);
    }
    if (!logging.quiet) {
      err.println(
          "keyhound: added "
              + added
              + " repositories ("
              + (toAdd.size() - added)
              + " already in the fleet)");
    }
    return bad == 0 ? ExitCode.OK.code() : ExitCode.USAGE.code();
  }

  private int accept(
      String value, String source, String where, List<String[]> out, PrintWriter err) {
    String url = normalise(value);
    if (!URL.matcher(url).matches() && !Files.isDirectory(Path.of(url))) {
      err.println("keyhound: " + where + ": not a repository URL or existing folder: " + value);
      return 1;
    }
    out.add(new String[] {url, source});
    return 0;
  }

  private void listProvider(List<String[]> out, PrintWriter err) {
    boolean github = provider.githubOrg != null;
    String owner = github ? provider.githubOrg : provider.gitlabGroup;
    String env = tokenEnv != null ? tokenEnv : github ? "GITHUB_TOKEN" : "GITLAB_TOKEN";
    String token = System.getenv(env);
    if ((token == null || token.isBlank()) && !logging.quiet) {
      err.println("keyhound: $" + env + " is not set: listing public repositories only");
    }
    RepoListing listing =
        new RepoListing(
            github ? RepoListing.Provider.GITHUB : RepoListing.Provider.GITLAB,
            apiUrl,
            token == null || token.isBlank() ? null : token);
    List<RepoListing.Listed> listed;
    try {
      listed = listing.list(owner);
    } catch (IOException e) {
      throw new UserError(
          "cannot list "
              + (github ? "GitHub organization " : "GitLab group ")
              + owner
              + ": "
              + e.getMessage(),
          ExitCode.PARTIAL,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", ExitCode.INTERNAL, e);
    }
    int skipped = 0;
    for (RepoListing.Listed r : listed) {
      if ((r.archived() && !includeArchived) || (r.fork() && !includeForks)) {
        skipped++;
      } else {
        out.add(new String[] {r.cloneUrl(), (github ? "github:" : "gitlab:") + owner});
      }
    }
    if (skipped > 0 && logging.verbose) {
      err.println("keyhound: skipped " + skipped + " archived or forked repositories");
    }
  }

  /** URLs as given; paths made absolute, so any worker on a machine that mounts them finds them. */
  static String normalise(String value) {
    String v = value.strip();
    if (URL.matcher(v).matches()) {
      return v;
    }
    return Path.of(v).toAbsolutePath().normalize().toString();
  }
}
