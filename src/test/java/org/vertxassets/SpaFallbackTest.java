package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** The single-page-app fallback of SPEC §2, through a real server. */
@ExtendWith(VertxExtension.class)
class SpaFallbackTest {

  private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private Site site;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
    site.write("index.html", "<!doctype html><div id=app></div>\n".repeat(30));
    site.gzip("index.html");
    site.write("app/main.js", "mount(document.getElementById('app'));\n");
  }

  private TestServer serve(Vertx vertx, String prefix) {
    AssetsOptions options = site.options().setSpaFallback("/index.html");
    if (prefix != null) {
      options.setSpaPrefix(prefix);
    }
    return TestServer.mountWithFallback(vertx, options, "/*").await();
  }

  @Test
  void aBrowserNavigationToAnUnknownPathGetsTheAppWithNoCache(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/settings/profile").putHeader("Accept", BROWSER_ACCEPT)
        .send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("no-cache", res.getHeader("Cache-Control"));
    assertEquals("Accept, Accept-Encoding", res.getHeader("Vary"));
    assertArrayEquals(site.read("index.html"), res.body().getBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {";", ",;,", "text/html, ;", ";q=1", " ; , text/*"})
  void anAcceptWithEmptyMediaRangesIsReadNotAServerError(String accept, Vertx vertx) {
    try (LogCapture log = LogCapture.start("")) {
      HttpResponse<Buffer> res = serve(vertx, null).get("/settings").putHeader("Accept", accept).send().await();

      // An element made of separators names no media range; the others still count.
      boolean html = accept.contains("text/");
      assertEquals(html ? 200 : 404, res.statusCode(), accept);
      assertEquals(html ? site.read("index.html").length : TestServer.PASSED_ON.length(), res.body().length());
      assertEquals(java.util.List.of(), log.warnings());
    }
  }

  @Test
  void theFallbackIsSentPrecompressedWhenAccepted(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/settings").putHeader("Accept", "text/html")
        .putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertArrayEquals(site.read("index.html.gz"), res.body().getBytes());
  }

  @Test
  void theFallbackAnswersARevalidationWith304(Vertx vertx) {
    TestServer server = serve(vertx, null);
    String etag = server.get("/settings").putHeader("Accept", "text/html").send().await().getHeader("ETag");

    HttpResponse<Buffer> res = server.get("/other").putHeader("Accept", "text/html")
        .putHeader("If-None-Match", etag).send().await();

    assertEquals(304, res.statusCode());
    assertEquals("Accept, Accept-Encoding", res.getHeader("Vary"));
    assertNull(res.body());
  }

  @Test
  void aHeadRequestGetsTheFallbackHeadersWithoutABody(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).head("/settings").putHeader("Accept", "text/html").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(String.valueOf(site.read("index.html").length), res.getHeader("Content-Length"));
    assertNull(res.body());
  }

  @Test
  void aRequestThatDoesNotAcceptHtmlIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/api/users").putHeader("Accept", "application/json")
        .send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
    assertEquals("Accept", res.getHeader("Vary"), "an HTML Accept would have got the app: caches must know");
  }

  /** nginx before 1.23 keys its cache on the last Vary line only: a second line would hide Accept. */
  @Test
  void aVaryAddedByTheHandlerThatAnswersIsJoinedToAcceptOnOneLine(Vertx vertx) {
    HttpResponse<Buffer> res = serveWithApi(vertx, ctx -> ctx.response().headers().add(HttpHeaders.VARY, "Origin"))
        .get("/api/users").putHeader("Accept", "application/json").send().await();

    assertEquals("[]", res.bodyAsString());
    assertEquals(List.of("Accept, Origin"), List.copyOf(res.headers().getAll("Vary")));
  }

  @Test
  void aVarySetByTheHandlerThatAnswersKeepsAccept(Vertx vertx) {
    HttpResponse<Buffer> res = serveWithApi(vertx, ctx -> ctx.response().putHeader(HttpHeaders.VARY, "Origin"))
        .get("/api/users").putHeader("Accept", "application/json").send().await();

    assertEquals("[]", res.bodyAsString());
    assertEquals(List.of("Accept, Origin"), List.copyOf(res.headers().getAll("Vary")));
  }

  /** Returns a server with the fallback, then an API that runs {@code addVary} and answers {@code []}. */
  private TestServer serveWithApi(Vertx vertx, Handler<RoutingContext> addVary) {
    AssetsOptions options = site.options().setSpaFallback("/index.html");
    return AssetsHandler.create(vertx, options).compose(assets -> {
      Router router = Router.router(vertx);
      router.route("/*").handler(assets);
      router.get("/api/*").handler(ctx -> {
        addVary.handle(ctx);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("[]");
      });
      return TestServer.listen(vertx, router, assets);
    }).await();
  }

  @Test
  void aRequestThatAcceptsAnythingIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/api/users").putHeader("Accept", "*/*").send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void aRequestWithoutAcceptIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/settings").send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void htmlAcceptedWithQualityZeroIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/settings").putHeader("Accept", "text/html;q=0, */*")
        .send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void aMissingFileWithAnExtensionIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/app/missing.js").putHeader("Accept", BROWSER_ACCEPT)
        .send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
    assertNull(res.getHeader("Vary"), "no fallback for this path, whatever the Accept");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/users/john.doe", "/releases/v1.2", "/search/node.js-tips"})
  void aDeepLinkWhoseDotNamesNoFileTypeGetsTheApp(String path, Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get(path).putHeader("Accept", BROWSER_ACCEPT).send().await();

    assertEquals(200, res.statusCode(), path);
    assertArrayEquals(site.read("index.html"), res.body().getBytes(), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/report.pdf", "/img/photo.webp", "/app/chunk.mjs", "/model.glb"})
  void aMissingFileOfAKnownTypeIsPassedOnEvenToABrowser(String path, Vertx vertx) {
    HttpResponse<Buffer> res = TestServer.mountWithFallback(vertx, site.options().setSpaFallback("/index.html")
        .addMimeType("glb", "model/gltf-binary"), "/*").await().get(path).putHeader("Accept", BROWSER_ACCEPT).send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString(), path);
  }

  @Test
  void aDotInAFolderNameDoesNotCountAsAnExtension(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).get("/v1.2/settings").putHeader("Accept", BROWSER_ACCEPT)
        .send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("index.html"), res.body().getBytes());
  }

  @Test
  void aPostIsPassedOn(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx, null).client.request(HttpMethod.POST, "/settings")
        .putHeader("Accept", BROWSER_ACCEPT).send().await();

    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void aPathOutsideTheSpaPrefixIsPassedOn(Vertx vertx) {
    TestServer server = serve(vertx, "/app");

    HttpResponse<Buffer> outside = server.get("/api/users").putHeader("Accept", BROWSER_ACCEPT).send().await();
    HttpResponse<Buffer> inside = server.get("/app/settings").putHeader("Accept", BROWSER_ACCEPT).send().await();

    assertEquals(TestServer.PASSED_ON, outside.bodyAsString());
    assertEquals(200, inside.statusCode());
    assertArrayEquals(site.read("index.html"), inside.body().getBytes());
  }

  @Test
  void filesThatExistAreServedAsThemselves(Vertx vertx) {
    TestServer server = serve(vertx, null);

    HttpResponse<Buffer> js = server.get("/app/main.js").putHeader("Accept", BROWSER_ACCEPT).send().await();
    HttpResponse<Buffer> root = server.get("/").putHeader("Accept", BROWSER_ACCEPT).send().await();

    assertEquals("text/javascript; charset=utf-8", js.getHeader("Content-Type"));
    assertArrayEquals(site.read("app/main.js"), js.body().getBytes());
    assertFalse(String.valueOf(root.getHeader("Vary")).contains("Accept,"), "the index itself does not vary on Accept");
    assertArrayEquals(site.read("index.html"), root.body().getBytes());
  }

  @Test
  void aTraversalAttemptGetsTheAppNeverTheFile(Vertx vertx) {
    TestServer server = serve(vertx, null);

    RawResponse res = RawResponse.parse(
        server.raw("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nAccept: text/html").await());

    // Normalised to /etc/passwd: not in the index, no extension, HTML accepted: the app.
    assertEquals(200, res.status());
    assertEquals(new String(site.read("index.html"), java.nio.charset.StandardCharsets.ISO_8859_1), res.body());
  }

  @Test
  void aFallbackThatIsNotInTheIndexFailsTheBuild() {
    AssetsOptions options = site.options().setSpaFallback("/app.html");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AssetIndex.buildBlocking(options));

    assertTrue(e.getMessage().startsWith("spaFallback: /app.html"), e.getMessage());
  }

  @Test
  void aFallbackPathWithoutALeadingSlashIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AssetsOptions().setSpaFallback("index.html"));

    assertTrue(e.getMessage().startsWith("spaFallback"), e.getMessage());
  }
}
