package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.vertxassets.testing.CachingProxy.CACHE_STATUS;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vertxassets.testing.CachingProxy;
import org.vertxassets.testing.Nginx;

/**
 * The caching-proxy checks behind nginx (Debian's package, started by {@link Nginx}) with
 * {@code proxy_cache}, {@code proxy_cache_revalidate on} and HTTP/1.1 to the origin.
 *
 * <p>What nginx 1.22 does with our responses, as these tests show:
 * <ul>
 *   <li>{@code Vary: Accept-Encoding}: one cache entry per distinct {@code Accept-Encoding} value
 *       (the raw string, not normalised), so every client gets the variant it asked for, in any
 *       order. The names of a {@code Vary} line all count; of several {@code Vary} lines, nginx
 *       before 1.23 uses only the last, which is why the handler sends one.
 *   <li>{@code Cache-Control: no-cache} (our HTML) is never stored, nor is {@code max-age=0}:
 *       every request for the HTML reaches the origin as an unconditional GET (with
 *       {@code proxy_cache} on, nginx does not pass the client's validators on) and the client gets
 *       a full 200 even when its ETag matches. So no request is revalidated at once: a stored
 *       response goes stale only as time passes, in whole seconds; the revalidation tests serve
 *       {@code max-age=1} and ask until nginx stops answering from its fresh copy (1 to 2 s).
 *   <li>A stale response is revalidated with {@code If-None-Match} and {@code If-Modified-Since}
 *       before nginx answers; the origin's 304 is enough for nginx to serve its copy
 *       ({@code REVALIDATED}).
 *   <li>{@code public, max-age=31536000, immutable}: stored once, then every request is a HIT.
 * </ul>
 */
class NginxCachingProxyTest extends CachingProxyTest {

  @BeforeAll
  static void nginxIsInstalled() {
    Nginx.binary();
  }

  @Override
  CachingProxy startProxy(Vertx vertx, Path dir, int originPort) {
    return Nginx.start(vertx, dir, originPort);
  }

  @Test
  void staleResponsesAreRevalidatedByA304AndEachClientGetsItsWholeBody(Vertx vertx) {
    start(vertx, new JsonObject().put("maxAgeSeconds", 1));
    HttpResponse<Buffer> plain = get("/app.css", null);
    HttpResponse<Buffer> gzip = get("/app.css", "gzip");

    HttpResponse<Buffer> gzipAgain = firstNotFromAFreshCopy(vertx, () -> request("/app.css", "gzip"));
    // Stored no later than the gzip answer, so stale by now too.
    HttpResponse<Buffer> plainAgain = get("/app.css", null);

    assertEquals(List.of("MISS", "MISS"), List.of(plain.getHeader(CACHE_STATUS), gzip.getHeader(CACHE_STATUS)));
    for (HttpResponse<Buffer> res : List.of(gzipAgain, plainAgain)) {
      assertEquals("REVALIDATED", res.getHeader(CACHE_STATUS), proxy::log);
      assertEquals("304", res.getHeader("X-Upstream-Status"), "the origin's answer to nginx");
      assertEquals("public, max-age=1", res.getHeader("Cache-Control"));
    }
    assertFile("gzip", gzipAgain);
    assertEquals(gzip.getHeader("ETag"), gzipAgain.getHeader("ETag"));
    assertFile(null, plainAgain);
    assertEquals(plain.getHeader("ETag"), plainAgain.getHeader("ETag"));
    assertEquals(List.of(200, 200, 304, 304), originStatuses("/app.css"));
  }

  @Test
  void aClientWithAValidatorGetsA304WhenTheProxyRevalidates(Vertx vertx) {
    start(vertx, new JsonObject().put("maxAgeSeconds", 1));
    String etag = get("/app.css", "br").getHeader("ETag");

    HttpResponse<Buffer> res = firstNotFromAFreshCopy(vertx,
        () -> request("/app.css", "br").putHeader("If-None-Match", etag));

    assertEquals("REVALIDATED", res.getHeader(CACHE_STATUS), proxy::log);
    assertEquals(304, res.statusCode());
    assertEquals(etag, res.getHeader("ETag"));
    assertNull(res.body());
    assertEquals(List.of(200, 304), originStatuses("/app.css"));
  }

  @Test
  void htmlServedNoCacheIsNeverStoredSoEveryRequestReachesTheOrigin(Vertx vertx) {
    start(vertx, new JsonObject());

    HttpResponse<Buffer> first = get("/", null);
    // nginx neither stores a no-cache answer nor passes the client's validators on: a full 200.
    HttpResponse<Buffer> again = request("/", null).putHeader("If-None-Match", first.getHeader("ETag")).send().await();

    assertEquals(List.of("MISS", "MISS"), List.of(first.getHeader(CACHE_STATUS), again.getHeader(CACHE_STATUS)));
    assertEquals(List.of(200, 200), originStatuses("/"));
    for (HttpResponse<Buffer> res : List.of(first, again)) {
      assertEquals(200, res.statusCode());
      assertEquals(HTML, res.bodyAsString());
      assertEquals("no-cache", res.getHeader("Cache-Control"));
    }
  }
}
