package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What Vert.x's own HTTP client sees of one GET, on a connection of its own (HTTP/2 without the
 * upgrade, or HTTP/1.1): each {@code 103 Early Hints} and then the response, as events in the order
 * they came ({@code "103 "} or the status, a space, the {@code Link} values joined with ", "), the
 * response and its whole body. The wait is {@link Bounded}.
 *
 * <p>The body is asked for in the callback that receives the response, never in a later stage of
 * the chain. Vert.x 5.0.7 hands the body's bytes and its end to the response as they arrive, and
 * drops them while nothing asked for them ({@code HttpClientResponseImpl.handleChunk} and
 * {@code handleEnd}); a {@code body()} asked for after that returns a future that never completes.
 * A stage added from the test's thread after the request was sent, as in
 * {@code client.request(..).compose(req -> req.send()).compose(r -> r.body())}, runs that late
 * whenever the thread is off the CPU between the two {@code compose} calls while the answer
 * arrives: rare, but in a full suite on a loaded machine it left a test waiting for good.
 */
public record HintedGet(List<String> events, HttpClientResponse response, Buffer body) {

  /** Sends a GET of {@code uri} with {@code headers} (name, value, name, value...) and waits for the whole answer. */
  public static HintedGet send(Vertx vertx, HttpVersion version, int port, String uri, String... headers) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri);
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    List<String> events = new CopyOnWriteArrayList<>();
    Future<HintedGet> answer = client.request(options).compose(request -> {
      request.earlyHintsHandler(hints -> events.add("103 " + links(hints.getAll("link"))));
      return request.send().compose(response -> {
        events.add(response.statusCode() + " " + links(response.headers().getAll("link")));
        return response.body().map(body -> new HintedGet(events, response, body));
      });
    });
    return Bounded.await(answer.eventually(client::close),
        () -> "whole answer to GET " + uri + " over " + version + " (events seen: " + events + ")");
  }

  private static String links(List<String> values) {
    return String.join(", ", values);
  }
}
