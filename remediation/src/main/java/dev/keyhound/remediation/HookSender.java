package dev.keyhound.remediation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Hands one event to one hook: a Standard Webhooks POST, or a command with the event on stdin. */
public final class HookSender {
  private final HttpClient http;
  private final UnaryOperator<String> env;
  private final Clock clock;
  private final Duration timeout;

  public HookSender(UnaryOperator<String> env, Clock clock, Duration timeout) {
    this.env = env;
    this.clock = clock;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Delivers {@code body}; {@code messageId} is the same on every retry so receivers can drop
   * repeats.
   */
  public Delivery send(HookConfig hook, String messageId, String body) throws InterruptedException {
    return hook.url() != null ? post(hook, messageId, body) : run(hook, messageId, body);
  }

  private Delivery post(HookConfig hook, String messageId, String body)
      throws InterruptedException {
    long ts = clock.instant().getEpochSecond();
    HttpRequest.Builder req =
        HttpRequest.newBuilder(hook.url())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("webhook-id", messageId)
            .header("webhook-timestamp", Long.toString(ts))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (hook.secretEnv() != null) {
      String secret = env.apply(hook.secretEnv());
      if (secret == null || secret.isBlank()) {
        return new Delivery.Failed("webhook secret $" + hook.secretEnv() + " is not set");
      }
      req.header("webhook-signature", new WebhookSigner(secret).sign(messageId, ts, body));
    }
    try {
      HttpResponse<Void> r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2
          ? new Delivery.Delivered("HTTP " + r.statusCode())
          : new Delivery.Failed("HTTP " + r.statusCode());
    } catch (HttpTimeoutException e) {
      return new Delivery.Failed("timeout");
    } catch (IOException e) {
      return new Delivery.Failed(
          "connection error: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private Delivery run(HookConfig hook, String messageId, String body) throws InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(hook.command())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("WEBHOOK_ID", messageId);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(body.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the command may exit without reading stdin; its exit code decides
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Delivery.Failed("command timed out: " + hook.command().get(0));
      }
      return p.exitValue() == 0
          ? new Delivery.Delivered("exit 0")
          : new Delivery.Failed("command exited " + p.exitValue() + ": " + hook.command().get(0));
    } catch (IOException e) {
      return new Delivery.Failed("cannot run " + hook.command().get(0) + ": " + e.getMessage());
    }
  }
}
