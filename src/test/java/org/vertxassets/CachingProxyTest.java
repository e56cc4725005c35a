package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vertxassets.testing.CachingProxy.CACHE_STATUS;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.CachingProxy;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The checks every caching proxy in front of the bundled server must pass, run against each by a
 * subclass ({@link NginxCachingProxyTest}, {@link VarnishCachingProxyTest}), which adds the
 * checks where the caches legitimately differ (how they revalidate, what they answer a client's
 * validator). Each test asserts on what the client receives (decoded by the test: the client does
 * not decompress) and on what the origin was asked (its access log). Every cache must be
 * installed: without it these tests fail, saying how to install it.
 */
@ExtendWith(VertxExtension.class)
abstract class CachingProxyTest {

  private static final String CSS = "body { color: red; }\n.header { margin: 0 auto; padding: 1em; }\n".repeat(80);
  private static final String HASHED = "app.0123456789ab.css";
  private static final String HASHED_CSS = ".app { display: grid; }\n".repeat(40);
  static final String HTML = "<!doctype html><title>app</title><div id=app></div>\n".repeat(20);
  /** An access-log line of the verticle (LoggerFormat.DEFAULT): the request line, then the status. */
  private static final Pattern ACCESS_LINE = Pattern.compile("\"GET (\\S+) HTTP/1\\.[01]\" (\\d{3}) ");

  /** A client by what it sends in {@code Accept-Encoding}, and the coding it must get. */
  enum Client {
    GZIP("gzip", "gzip"), NONE(null, null), BROTLI("br", "br");

    final String acceptEncoding;
    final String coding;

    Client(String acceptEncoding, String coding) {
      this.acceptEncoding = acceptEncoding;
      this.coding = coding;
    }
  }

  @TempDir
  Path dir;
  private Path root;
  private Path proxyDir;
  private Site site;
  private LogCapture accessLog;
  private TestServer origin;
  CachingProxy proxy;

  /** Returns the cache under test started in {@code dir} in front of the origin on {@code originPort}. */
  abstract CachingProxy startProxy(Vertx vertx, Path dir, int originPort);

  @BeforeEach
  void writeSite() throws IOException {
    root = Files.createDirectory(dir.resolve("site"));
    proxyDir = Files.createDirectory(dir.resolve("proxy"));
    site = new Site(root);
    site.write("app.css", CSS);
    site.gzip("app.css");
    site.brotli("app.css");
    site.zstd("app.css");
    site.write(HASHED, HASHED_CSS);
    // Ours, as build --no-unhashed writes it: the file it lists is immutable whatever its name.
    site.write("manifest.json", new JsonObject().put("version", 1).put("files", new JsonObject()
        .put("theme.css", new JsonObject().put("path", HASHED).put("sha256", Site.sha256(HASHED_CSS.getBytes(StandardCharsets.UTF_8)))
            .put("size", HASHED_CSS.length()))).encode());
    site.write("index.html", HTML);
    accessLog = LogCapture.start("org.vertxassets.access");
  }

  @AfterEach
  void stopProxy() {
    accessLog.close();
    if (proxy != null) {
      proxy.stop();
      assertEquals(List.of(), proxy.leftBehind(), proxy + " processes still running after the test");
    }
  }

  /** Deploys the bundled server on the site with {@code settings} added, and the cache in front of it. */
  void start(Vertx vertx, JsonObject settings) {
    start(vertx, settings, this::startProxy);
  }

  /** Deploys the bundled server on the site with {@code settings} added, and {@code cache} in front of it. */
  void start(Vertx vertx, JsonObject settings, Starter cache) {
    JsonObject config = site.config()
        .put("accessLog", true)
        .put("warmUpCompression", "off")
        .put("server", new JsonObject().put("host", "127.0.0.1"))
        .mergeIn(settings);
    origin = TestServer.deploy(vertx, config).await();
    proxy = cache.start(vertx, proxyDir, origin.port);
  }

  /** How a test starts a cache: {@link #startProxy}, or another configuration of it. */
  interface Starter {
    CachingProxy start(Vertx vertx, Path dir, int originPort);
  }

  static Stream<List<Client>> everyOrder() {
    List<List<Client>> orders = new ArrayList<>();
    for (Client a : Client.values()) {
      for (Client b : Client.values()) {
        for (Client c : Client.values()) {
          if (a != b && b != c && a != c) {
            orders.add(List.of(a, b, c));
          }
        }
      }
    }
    return orders.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrder")
  void everyClientGetsBytesItCanDecodeWhicheverAskedFirst(List<Client> order, Vertx vertx) {
    start(vertx, new JsonObject());

    for (Client client : order) {
      HttpResponse<Buffer> res = get("/app.css", client.acceptEncoding);
      assertFile(client.coding, res);
      assertEquals("MISS", res.getHeader(CACHE_STATUS), proxy::log);
    }
    for (Client client : order) {
      HttpResponse<Buffer> res = get("/app.css", client.acceptEncoding);
      assertFile(client.coding, res);
      assertEquals("HIT", res.getHeader(CACHE_STATUS), () -> "each variant has its own entry: " + proxy.log());
    }
    assertEquals(List.of(200, 200, 200), originStatuses("/app.css"));
  }

  @Test
  void clientsThatAcceptOnlyIdentityGetTheFileAsItIsAfterAGzipClient(Vertx vertx) {
    start(vertx, new JsonObject());

    assertFile("gzip", get("/app.css", "gzip"));
    for (String acceptEncoding : List.of("identity", "gzip;q=0", "identity", "gzip;q=0")) {
      HttpResponse<Buffer> res = get("/app.css", acceptEncoding);
      assertFile(null, res);
    }

    assertEquals(List.of(200, 200, 200), originStatuses("/app.css"), "gzip, identity, gzip;q=0, then two HITs");
  }

  @Test
  void aHashedFileIsServedFromTheCacheAndTheOriginIsAskedOnce(Vertx vertx) {
    start(vertx, new JsonObject());

    HttpResponse<Buffer> first = get("/" + HASHED, null);
    List<String> later = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> res = get("/" + HASHED, null);
      assertEquals(200, res.statusCode());
      assertEquals(HASHED_CSS, res.bodyAsString());
      assertEquals(first.getHeader("ETag"), res.getHeader("ETag"));
      later.add(res.getHeader(CACHE_STATUS));
    }

    assertEquals("MISS", first.getHeader(CACHE_STATUS));
    assertEquals(List.of("HIT", "HIT", "HIT"), later);
    assertEquals(List.of(200), originStatuses("/" + HASHED));
    assertEquals("public, max-age=31536000, immutable", first.getHeader("Cache-Control"));
  }

  @Test
  void htmlProxiedWithoutTheCacheIsRevalidatedByTheOriginWithA304(Vertx vertx) {
    start(vertx, new JsonObject());

    HttpResponse<Buffer> first = get("/uncached/", null);
    HttpResponse<Buffer> again = request("/uncached/", null).putHeader("If-None-Match", first.getHeader("ETag"))
        .send().await();

    assertEquals(HTML, first.bodyAsString());
    assertEquals(304, again.statusCode());
    assertEquals(first.getHeader("ETag"), again.getHeader("ETag"));
    assertEquals("no-cache", again.getHeader("Cache-Control"));
    assertEquals(List.of(200, 304), originStatuses("/"));
  }

  /**
   * A Vary line that an application's handler adds after the fallback declined (here for CORS, as
   * vertx-web's CorsHandler does) must not hide the fallback's Accept: nginx before 1.23 keys its
   * cache on the last Vary line only, and then gave the API's cached JSON to a browser asking for
   * the app.
   */
  @Test
  void theApiBehindTheSpaFallbackIsNotGivenToABrowserWhenItAddsAVaryOfItsOwn(Vertx vertx) {
    AssetsOptions options = site.options().setSpaFallback("/index.html");
    Router router = Router.router(vertx);
    TestServer server = AssetsHandler.create(vertx, options).compose(assets -> {
      router.route("/*").handler(assets);
      router.get("/api/*").handler(ctx -> {
        ctx.response().headers().add(HttpHeaders.VARY, "Origin");
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"user\":\"me\"}");
      });
      return TestServer.listen(vertx, router, assets);
    }).await();
    proxy = startProxy(vertx, proxyDir, server.port);

    HttpResponse<Buffer> api = request("/api/me", null).putHeader("Accept", "application/json").send().await();
    HttpResponse<Buffer> browser = request("/api/me", null).putHeader("Accept", "text/html").send().await();
    HttpResponse<Buffer> apiAgain = request("/api/me", null).putHeader("Accept", "application/json").send().await();
    HttpResponse<Buffer> otherOrigin = request("/api/me", null).putHeader("Accept", "application/json")
        .putHeader("Origin", "https://other.example").send().await();

    assertEquals("{\"user\":\"me\"}", api.bodyAsString());
    assertEquals(HTML, browser.bodyAsString(), proxy::log);
    assertEquals("text/html; charset=utf-8", browser.getHeader("Content-Type"));
    assertEquals("MISS", browser.getHeader(CACHE_STATUS));
    assertEquals(List.of("Accept, Origin"), List.copyOf(api.headers().getAll("Vary")), "one line");
    assertEquals("{\"user\":\"me\"}", apiAgain.bodyAsString());
    assertEquals("HIT", apiAgain.getHeader(CACHE_STATUS), "the API's answer is still cached");
    assertEquals("MISS", otherOrigin.getHeader(CACHE_STATUS), "every name of the Vary line counts");
  }

  HttpRequest<Buffer> request(String uri, String acceptEncoding) {
    HttpRequest<Buffer> request = proxy.client.get(uri);
    if (acceptEncoding != null) {
      request.putHeader("Accept-Encoding", acceptEncoding);
    }
    return request;
  }

  HttpResponse<Buffer> get(String uri, String acceptEncoding) {
    return request(uri, acceptEncoding).send().await();
  }

  /**
   * Returns the first answer to {@code request} that the cache did not give from a fresh copy,
   * asking every 100 ms for at most 5 s: a response stored with {@code max-age=1} goes stale within
   * 2 s (nginx counts in whole seconds).
   */
  HttpResponse<Buffer> firstNotFromAFreshCopy(Vertx vertx, Supplier<HttpRequest<Buffer>> request) {
    return first(vertx, request, res -> !"HIT".equals(res.getHeader(CACHE_STATUS)), "the stored response never went stale");
  }

  /**
   * Returns the first answer to {@code request} that the cache gave from a fresh copy, asking
   * every 100 ms for at most 5 s.
   */
  HttpResponse<Buffer> firstFromAFreshCopy(Vertx vertx, Supplier<HttpRequest<Buffer>> request) {
    return first(vertx, request, res -> "HIT".equals(res.getHeader(CACHE_STATUS)), "no fresh copy was stored");
  }

  private HttpResponse<Buffer> first(Vertx vertx, Supplier<HttpRequest<Buffer>> request,
      Predicate<HttpResponse<Buffer>> wanted, String otherwise) {
    for (int i = 0; i < 50; i++) {
      HttpResponse<Buffer> res = request.get().send().await();
      if (wanted.test(res)) {
        return res;
      }
      vertx.timer(100, TimeUnit.MILLISECONDS).await();
    }
    return fail(otherwise + ": " + proxy.log());
  }

  /**
   * Returns the statuses the origin answered to requests for {@code uri}, in order, from its access
   * log. A request straight to the origin first: the verticle has one instance, hence one event
   * loop, which logs each response as it ends it, so every earlier line is there once this one's
   * answer has arrived.
   */
  List<Integer> originStatuses(String uri) {
    origin.client.get("/barrier").send().await();
    List<Integer> statuses = new ArrayList<>();
    for (LogRecord r : accessLog.records()) {
      Matcher m = ACCESS_LINE.matcher(r.getMessage());
      if (m.find() && m.group(1).equals(uri)) {
        statuses.add(Integer.parseInt(m.group(2)));
      }
    }
    return statuses;
  }

  /** Asserts a 200 of app.css in {@code coding} (null: identity) whose body decodes to the file. */
  void assertFile(String coding, HttpResponse<Buffer> res) {
    assertFile(coding, res, false);
  }

  /**
   * Asserts a 200 of app.css in {@code coding} (null: identity) whose body decodes to the file,
   * its length said by Content-Length or, if {@code mayBeChunked}, by chunked framing instead.
   */
  void assertFile(String coding, HttpResponse<Buffer> res, boolean mayBeChunked) {
    Supplier<String> context = () -> res.getHeader(CACHE_STATUS) + " " + proxy.log();
    assertEquals(200, res.statusCode(), context);
    assertEquals(coding, res.getHeader("Content-Encoding"), context);
    if (mayBeChunked && res.getHeader("Content-Length") == null) {
      assertEquals("chunked", res.getHeader("Transfer-Encoding"), context);
    } else {
      assertEquals(String.valueOf(res.body().length()), res.getHeader("Content-Length"), context);
    }
    assertArrayEquals(CSS.getBytes(StandardCharsets.UTF_8), decode(coding, res.body().getBytes()), context);
    assertEquals("Accept-Encoding", res.getHeader("Vary"), context);
  }

  /** Returns {@code body} decoded from {@code coding} (null: as it is). */
  private static byte[] decode(String coding, byte[] body) {
    try {
      return coding == null ? body : switch (coding) {
        case "gzip" -> Site.gunzip(body);
        case "br" -> Site.unbrotli(body);
        case "zstd" -> Site.unzstd(body);
        default -> fail("unknown coding " + coding);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
