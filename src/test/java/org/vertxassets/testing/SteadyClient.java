package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A well-behaved client that asks for one file again and again, each request once the previous
 * answer is in, until stopped: it counts the answers that were a {@code 200} with the expected
 * bytes, and keeps the first that was not, to show that a server under abuse kept serving it.
 */
public final class SteadyClient {

  private final WebClient client;
  private final String path;
  private final byte[] expected;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean stopping;

  private SteadyClient(WebClient client, String path, byte[] expected) {
    this.client = client;
    this.path = path;
    this.expected = expected;
  }

  /** Returns a client that has started asking {@code client} for {@code path}, expecting {@code expected}. */
  public static SteadyClient start(WebClient client, String path, byte[] expected) {
    SteadyClient steady = new SteadyClient(client, path, expected);
    steady.next();
    return steady;
  }

  private void next() {
    if (stopping) {
      stopped.tryComplete();
      return;
    }
    Future<HttpResponse<Buffer>> sent;
    try {
      sent = client.get(path).send();
    } catch (IllegalStateException closed) {
      stopped.tryComplete();
      return;
    }
    sent.onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 200 && ar.result().body() != null
          && Arrays.equals(expected, ar.result().body().getBytes())) {
        served.incrementAndGet();
      } else {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, ar.succeeded() ? "status " + ar.result().statusCode() + ", "
            + (ar.result().body() == null ? 0 : ar.result().body().length()) + " bytes" : String.valueOf(ar.cause()));
      }
      next();
    });
  }

  /** Returns a future of the figures once the request in flight has ended and the client is closed. */
  public Future<Figures> stop() {
    stopping = true;
    return stopped.future().andThen(v -> client.close()).map(v -> new Figures(served.get(), failed.get(), firstFailure.get()));
  }

  /** Returns how many correct answers it has had so far. */
  public int served() {
    return served.get();
  }

  /**
   * What a steady client got.
   *
   * @param served the correct {@code 200}s
   * @param failed the other answers and the failed requests
   * @param firstFailure what went wrong first, or null
   */
  public record Figures(int served, int failed, String firstFailure) {
  }
}
