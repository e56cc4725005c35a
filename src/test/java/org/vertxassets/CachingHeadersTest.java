package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §3: Cache-Control for hashed, HTML and other files, its options, CORS, Last-Modified, and
 * the headers hook.
 */
@ExtendWith(VertxExtension.class)
class CachingHeadersTest {

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  @ParameterizedTest
  @ValueSource(strings = {"app.3f2a9c1b.js", "app-3f2a9c1b.js", "js/vendor.0123456789abcdef.css"})
  void contentHashedFileIsImmutable(String name, Vertx vertx, @TempDir Path dir) {
    assertEquals(IMMUTABLE, cacheControlOf(vertx, dir, name, new AssetsOptions()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.3f2a9c1.js", "app.notahash.js", "3f2a9c1b.js"})
  void fileWithoutAHashSegmentGetsTheShortMaxAge(String name, Vertx vertx, @TempDir Path dir) {
    assertEquals("public, max-age=60", cacheControlOf(vertx, dir, name, new AssetsOptions()));
  }

  @Test
  void htmlIsNoCache(Vertx vertx, @TempDir Path dir) {
    assertEquals("no-cache", cacheControlOf(vertx, dir, "about.html", new AssetsOptions()));
  }

  @Test
  void indexHtmlServedAtTheRootIsNoCache(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<h1>home</h1>");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("no-cache", res.getHeader("Cache-Control"));
  }

  @Test
  void otherFilesGetPublicMaxAge60(Vertx vertx, @TempDir Path dir) {
    assertEquals("public, max-age=60", cacheControlOf(vertx, dir, "img/logo.png", new AssetsOptions()));
  }

  @Test
  void maxAgeSecondsChangesTheAnswerForOtherFiles(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().setMaxAgeSeconds(3600);

    assertEquals("public, max-age=3600", cacheControlOf(vertx, dir, "img/logo.png", options));
  }

  @Test
  void immutablePatternMarksTheFilesItMatches(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().setImmutablePattern("^.+\\.v[0-9]+\\.js$");

    assertEquals(IMMUTABLE, cacheControlOf(vertx, dir, "app.v42.js", options));
  }

  @Test
  void immutablePatternReplacesTheDefaultRule(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().setImmutablePattern("^.+\\.v[0-9]+\\.js$");

    assertEquals("public, max-age=60", cacheControlOf(vertx, dir, "app.3f2a9c1b.js", options));
  }

  @Test
  void immutableCacheControlChangesTheAnswerForHashedFiles(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().setImmutableCacheControl("public, max-age=86400, immutable");

    assertEquals("public, max-age=86400, immutable", cacheControlOf(vertx, dir, "app.3f2a9c1b.js", options));
  }

  @Test
  void htmlCacheControlChangesTheAnswerForHtml(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().setHtmlCacheControl("no-store");

    assertEquals("no-store", cacheControlOf(vertx, dir, "about.html", options));
  }

  @Test
  void allowAllOriginsIsOnByDefault(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = serve(vertx, dir, "app.css", new AssetsOptions());

    assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void allowAllOriginsOffRemovesTheHeader(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = serve(vertx, dir, "app.css", new AssetsOptions().setAllowAllOrigins(false));

    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void lastModifiedOfAFileModifiedInTheFutureIsNotLaterThanTheDate(Vertx vertx, @TempDir Path dir)
      throws IOException {
    Site site = new Site(dir);
    Path file = site.write("app.css", "body { color: red; }\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plus(Duration.ofDays(365))));
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/app.css").send().await();

    // RFC 9110 §8.8.2.1: an origin server with a clock must not send a Last-Modified later than its Date.
    assertEquals(200, res.statusCode());
    long lastModified = HttpDates.parse(res.getHeader("Last-Modified"));
    long date = HttpDates.parse(res.getHeader("Date"));
    assertNotEquals(HttpDates.INVALID, lastModified, res.getHeader("Last-Modified"));
    assertNotEquals(HttpDates.INVALID, date, res.getHeader("Date"));
    assertTrue(lastModified <= date, "Last-Modified " + res.getHeader("Last-Modified")
        + " is later than Date " + res.getHeader("Date"));
  }

  @Test
  void headersHookRunsOncePerAssetAtBuildTimeNotPerRequest(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<h1>home</h1>");
    site.write("css/app.css", "body { color: red; }\n".repeat(40));
    site.gzip("css/app.css");
    site.write("js/app.js", "console.log(1);\n");
    AtomicInteger calls = new AtomicInteger();
    TestServer server = TestServer.mount(vertx,
        site.options().setHeadersHook((path, headers) -> calls.incrementAndGet())).await();
    int afterBuild = calls.get();

    server.get("/").send().await();
    server.get("/css/app.css").putHeader("Accept-Encoding", "gzip").send().await();
    server.get("/css/app.css").send().await();
    server.head("/js/app.js").send().await();

    assertEquals(3, afterBuild);
    assertEquals(server.handler.index().assetCount(), afterBuild);
    assertEquals(afterBuild, calls.get());
  }

  @Test
  void headerAddedByTheHookAppearsOnA200(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions()
        .setHeadersHook((path, headers) -> headers.add("X-Asset-Path", path));

    HttpResponse<Buffer> res = serve(vertx, dir, "css/app.css", options);

    assertEquals(200, res.statusCode());
    assertEquals("/css/app.css", res.getHeader("X-Asset-Path"));
  }

  @Test
  void cacheControlChangedByTheHookAppearsOnA200(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions()
        .setHeadersHook((path, headers) -> headers.set("Cache-Control", "private, max-age=5"));

    HttpResponse<Buffer> res = serve(vertx, dir, "css/app.css", options);

    assertEquals(200, res.statusCode());
    assertEquals("private, max-age=5", res.getHeader("Cache-Control"));
  }

  @Test
  void cacheControlChangedByTheHookAppearsOnA304(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n");
    TestServer server = TestServer.mount(vertx, site.options()
        .setHeadersHook((path, headers) -> headers.set("Cache-Control", "private, max-age=5"))).await();
    String etag = server.get("/css/app.css").send().await().getHeader("ETag");

    HttpResponse<Buffer> res = server.get("/css/app.css").putHeader("If-None-Match", etag).send().await();

    assertEquals(304, res.statusCode());
    assertEquals("private, max-age=5", res.getHeader("Cache-Control"));
  }

  @Test
  void hookThatSetsETagFailsTheBuildNamingTheHeader(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n");
    AssetsOptions options = site.options().setHeadersHook((path, headers) -> headers.set("ETag", "\"mine\""));

    Throwable failure = assertThrows(Throwable.class, () -> AssetIndex.build(vertx, options).await());

    String message = String.valueOf(failure.getMessage());
    // Header names are case-insensitive (RFC 9110 §5.1), so any spelling of ETag names it.
    assertTrue(message.toLowerCase(Locale.ROOT).contains("etag"), message);
  }

  /** Serves one file at {@code name} with {@code options} plus the site root and returns its Cache-Control. */
  private static String cacheControlOf(Vertx vertx, Path dir, String name, AssetsOptions options) {
    HttpResponse<Buffer> res = serve(vertx, dir, name, options);
    assertEquals(200, res.statusCode(), name);
    return res.getHeader("Cache-Control");
  }

  /** Writes one file at {@code name}, serves it with {@code options} plus the site root and returns the GET. */
  private static HttpResponse<Buffer> serve(Vertx vertx, Path dir, String name, AssetsOptions options) {
    Site site = new Site(dir);
    site.write(name, "content of " + name + "\n");
    TestServer server = TestServer.mount(vertx, new AssetsOptions(options).addRoot(dir.toString())).await();
    return server.get("/" + name).send().await();
  }
}
