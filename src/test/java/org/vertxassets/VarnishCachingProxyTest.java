package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.vertxassets.testing.CachingProxy.CACHE_STATUS;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.CachingProxy;
import org.vertxassets.testing.Varnish;

/**
 * The caching-proxy checks behind Varnish (Debian's package, started by {@link Varnish}) with the
 * built-in VCL and {@code http_gzip_support} off, as README advises.
 *
 * <p>What Varnish 7.1 does with our responses, as these tests show:
 * <ul>
 *   <li>As shipped ({@code http_gzip_support} on) it asks the origin for gzip whatever the client
 *       accepts, keeps that one copy for every client and gunzips it for those without gzip (with
 *       a weak ETag): each client can decode what it gets, but no one gets brotli or zstd, and it
 *       ignores {@code Vary: Accept-Encoding}, so a VCL that passes the client's
 *       {@code Accept-Encoding} on would hand one client's brotli to all. With it off, Varnish
 *       passes {@code Accept-Encoding} on as sent and keeps one copy per value, as nginx does.
 *   <li>{@code Cache-Control: no-cache} (our HTML) is never stored (the built-in VCL makes it a
 *       hit-for-miss for 2 minutes): every request reaches the origin as an unconditional GET, and
 *       Varnish answers a client's matching {@code If-None-Match} itself with a 304.
 *   <li>A stale response is served as it is within grace (10 s by default) while Varnish
 *       revalidates it in the background with {@code If-None-Match} and
 *       {@code If-Modified-Since}; the origin's 304 renews the copy, and the next request is a HIT.
 *   <li>{@code public, max-age=31536000, immutable}: stored once, then every request is a HIT.
 * </ul>
 */
class VarnishCachingProxyTest extends CachingProxyTest {

  @BeforeAll
  static void varnishIsInstalled() {
    Varnish.binary();
  }

  @Override
  CachingProxy startProxy(Vertx vertx, Path dir, int originPort) {
    return Varnish.start(vertx, dir, originPort);
  }

  @Test
  void staleResponsesAreServedWhileVarnishRevalidatesThemWithA304(Vertx vertx) {
    start(vertx, new JsonObject().put("maxAgeSeconds", 1));
    HttpResponse<Buffer> plain = get("/app.css", null);
    HttpResponse<Buffer> gzip = get("/app.css", "gzip");

    HttpResponse<Buffer> gzipStale = firstNotFromAFreshCopy(vertx, () -> request("/app.css", "gzip"));
    // Stored no later than the gzip answer, so stale by now too.
    HttpResponse<Buffer> plainStale = get("/app.css", null);
    // Once the origin's 304 has renewed the copies, they are fresh again.
    HttpResponse<Buffer> gzipRenewed = firstFromAFreshCopy(vertx, () -> request("/app.css", "gzip"));
    HttpResponse<Buffer> plainRenewed = firstFromAFreshCopy(vertx, () -> request("/app.css", null));

    assertEquals(List.of("MISS", "MISS"), List.of(plain.getHeader(CACHE_STATUS), gzip.getHeader(CACHE_STATUS)));
    assertEquals(List.of("STALE", "STALE"),
        List.of(gzipStale.getHeader(CACHE_STATUS), plainStale.getHeader(CACHE_STATUS)), proxy::log);
    for (HttpResponse<Buffer> res : List.of(gzipStale, gzipRenewed)) {
      assertFile("gzip", res);
      assertEquals(gzip.getHeader("ETag"), res.getHeader("ETag"));
      assertEquals("public, max-age=1", res.getHeader("Cache-Control"));
    }
    for (HttpResponse<Buffer> res : List.of(plainStale, plainRenewed)) {
      assertFile(null, res);
      assertEquals(plain.getHeader("ETag"), res.getHeader("ETag"));
    }
    assertEquals(List.of(200, 200, 304, 304), originStatuses("/app.css"));
  }

  @Test
  void aClientWithAValidatorGetsA304WhileVarnishRevalidatesWithTheOrigin(Vertx vertx) {
    start(vertx, new JsonObject().put("maxAgeSeconds", 1));
    String etag = get("/app.css", "br").getHeader("ETag");

    HttpResponse<Buffer> res = firstNotFromAFreshCopy(vertx,
        () -> request("/app.css", "br").putHeader("If-None-Match", etag));
    HttpResponse<Buffer> renewed = firstFromAFreshCopy(vertx, () -> request("/app.css", "br"));

    assertEquals("STALE", res.getHeader(CACHE_STATUS), proxy::log);
    assertEquals(304, res.statusCode());
    assertEquals(etag, res.getHeader("ETag"));
    assertNull(res.body());
    assertFile("br", renewed);
    assertEquals(List.of(200, 304), originStatuses("/app.css"));
  }

  @Test
  void htmlServedNoCacheIsNeverStoredAndVarnishAnswersTheClientsValidatorItself(Vertx vertx) {
    start(vertx, new JsonObject());

    HttpResponse<Buffer> first = get("/", null);
    // Varnish asks the origin without the client's validator, then compares it with the answer.
    HttpResponse<Buffer> again = request("/", null).putHeader("If-None-Match", first.getHeader("ETag")).send().await();

    assertEquals(List.of("MISS", "MISS"), List.of(first.getHeader(CACHE_STATUS), again.getHeader(CACHE_STATUS)));
    assertEquals(List.of(200, 200), originStatuses("/"));
    assertEquals(200, first.statusCode());
    assertEquals(HTML, first.bodyAsString());
    assertEquals(304, again.statusCode());
    assertEquals(first.getHeader("ETag"), again.getHeader("ETag"));
    for (HttpResponse<Buffer> res : List.of(first, again)) {
      assertEquals("no-cache", res.getHeader("Cache-Control"));
    }
  }

  /**
   * Without README's advice Varnish does the negotiation itself: the origin is asked once, for
   * gzip, and a client without gzip gets what Varnish gunzips. Every client can still decode what
   * it gets. What Varnish gunzips while the copy is still arriving from the origin has no length
   * yet, so it is sent chunked.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrder")
  void asShippedVarnishAsksForGzipOnceAndGunzipsItForClientsWithoutGzip(List<Client> order, Vertx vertx) {
    start(vertx, new JsonObject(), Varnish::startAsShipped);

    List<String> statuses = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (Client client : order) {
        HttpResponse<Buffer> res = get("/app.css", client.acceptEncoding);
        assertFile(client == Client.GZIP ? "gzip" : null, res, client != Client.GZIP);
        statuses.add(res.getHeader(CACHE_STATUS));
      }
    }

    assertEquals(List.of("MISS", "HIT", "HIT", "HIT", "HIT", "HIT"), statuses, proxy::log);
    assertEquals(List.of(200), originStatuses("/app.css"));
  }
}
