package dev.keyhound.cli;

import dev.keyhound.remediation.DevIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound dev-issuer}: runs the reference API-key service on loopback until interrupted.
 */
@Command(
    name = "dev-issuer",
    mixinStandardHelpOptions = true,
    description =
        "Run a small WorkOS-compatible API-key service on 127.0.0.1 (admin key from $"
            + DevIssuer.ADMIN_KEY_ENV
            + ").")
final class DevIssuerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port on 127.0.0.1 (default: 8900; 0 picks one).")
  int port = 8900;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      required = true,
      description = "SQLite file for the keys (hashes only).")
  Path db;

  @Option(
      names = "--webhook",
      paramLabel = "URL",
      description = "Post api_key.created and api_key.revoked events here. Repeatable.")
  List<URI> webhooks = new ArrayList<>();

  @Option(
      names = "--webhook-secret-env",
      paramLabel = "NAME",
      description =
          "Sign the --webhook events (Standard Webhooks) with the secret in this variable, when it"
              + " is set (default: ${DEFAULT-VALUE}).")
  String webhookSecretEnv = "KEYHOUND_ISSUER_WEBHOOK_SECRET";

  @Override
  public Integer call() throws Exception {
    String admin = System.getenv(DevIssuer.ADMIN_KEY_ENV);
    if (admin == null || admin.isBlank()) {
      throw new UserError("dev-issuer needs its admin key in $" + DevIssuer.ADMIN_KEY_ENV);
    }
    if (port < 0 || port > 65535) {
      throw new UserError("--port must be 0..65535: " + port);
    }
    CountDownLatch stop = new CountDownLatch(1);
    JdkHttpServerSettings.apply();
    String secret = System.getenv(webhookSecretEnv);
    DevIssuer started;
    try {
      started = DevIssuer.start(port, db, admin, webhooks, secret, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new UserError("$" + webhookSecretEnv + ": " + e.getMessage());
    } catch (java.net.BindException e) {
      throw new UserError("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    try (DevIssuer issuer = started) {
      spec.commandLine()
          .getOut()
          .println("dev-issuer listening on " + issuer.baseUrl() + " (keys in " + db + ")");
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return ExitCode.OK.code();
  }
}
