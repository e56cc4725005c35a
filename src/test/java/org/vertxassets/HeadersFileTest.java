package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Bounded;
import org.vertxassets.testing.HintedGet;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §3: a {@code _headers} file at a root's top (Netlify's format) sets headers by path when
 * the index is built; it is never served, and a wrong line fails the build naming it.
 */
// A backstop for what is not an answer (a server starting): every answer is waited for 20 s at most.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(VertxExtension.class)
class HeadersFileTest {

  private static final String CSS = "body { color: red; }\n".repeat(40);

  private static Site site(Path dir, String headersFile) {
    Site site = new Site(dir);
    site.write("index.html", "<h1>home</h1>");
    site.write("about.html", "<h1>about</h1>");
    site.write("docs/v2/intro.html", "<h1>intro</h1>");
    site.write("css/app.css", CSS);
    site.write("assets/app.js", "console.log(1);\n");
    site.write("_headers", headersFile);
    return site;
  }

  private static TestServer serve(Vertx vertx, Path dir, String headersFile) {
    return TestServer.mountWithFallback(vertx, site(dir, headersFile).options(), "/*").await();
  }

  private static String buildFailure(Vertx vertx, AssetsOptions options) {
    Throwable failure = assertThrows(Throwable.class, () -> AssetIndex.build(vertx, options).await());
    return String.valueOf(failure.getMessage());
  }

  @Test
  void aRuleForOnePathSetsItsHeadersOnThatFileAlone(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/about.html\n  X-Frame-Options: DENY\n");

    assertEquals("DENY", server.fetch("/about.html").getHeader("X-Frame-Options"));
    assertNull(server.fetch("/css/app.css").getHeader("X-Frame-Options"));
  }

  @Test
  void aSplatCoversEveryFileUnderItsFolder(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/docs/*\n  X-Robots-Tag: noindex\n");

    assertEquals("noindex", server.fetch("/docs/v2/intro.html").getHeader("X-Robots-Tag"));
    assertNull(server.fetch("/about.html").getHeader("X-Robots-Tag"));
  }

  @Test
  void aSplatBeforeAnExtensionCoversThatTypeAtAnyDepth(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/*.css\n  X-Kind: style\n");

    assertEquals("style", server.fetch("/css/app.css").getHeader("X-Kind"));
    assertNull(server.fetch("/assets/app.js").getHeader("X-Kind"));
  }

  @Test
  void aPlaceholderStandsForOneSegment(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/docs/:version/intro.html\n  X-Doc: intro\n/:page\n  X-Top: yes\n");

    assertEquals("intro", server.fetch("/docs/v2/intro.html").getHeader("X-Doc"));
    assertEquals("yes", server.fetch("/about.html").getHeader("X-Top"));
    assertNull(server.fetch("/css/app.css").getHeader("X-Top"));
  }

  @Test
  void everyMatchingRuleAddsItsHeaders(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, """
        /*
          X-Frame-Options: DENY
        /*.html
          Content-Security-Policy: default-src 'self'
        """);

    HttpResponse<Buffer> page = server.fetch("/about.html");

    assertEquals("DENY", page.getHeader("X-Frame-Options"));
    assertEquals("default-src 'self'", page.getHeader("Content-Security-Policy"));
    assertNull(server.fetch("/css/app.css").getHeader("Content-Security-Policy"));
  }

  @Test
  void aLaterRuleReplacesTheCacheControlAnEarlierOneSet(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, """
        /*
          Cache-Control: public, max-age=600
        /assets/*
          Cache-Control: public, max-age=31536000, immutable
        """);

    assertEquals(List.of("public, max-age=31536000, immutable"),
        server.fetch("/assets/app.js").headers().getAll("Cache-Control"));
    assertEquals(List.of("public, max-age=600"), server.fetch("/css/app.css").headers().getAll("Cache-Control"));
  }

  @Test
  void aRulesCacheControlIsOnThe200The206TheHeadAndThe304(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/css/*\n  Cache-Control: public, max-age=86400\n  X-Frame-Options: DENY\n");
    site.gzip("css/app.css");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> ok = server.fetch("/css/app.css", "Accept-Encoding", "gzip");
    HttpResponse<Buffer> partial = server.fetch("/css/app.css", "Range", "bytes=0-9");
    HttpResponse<Buffer> head = Bounded.await(server.head("/css/app.css").putHeader("Accept-Encoding", "gzip").send(),
        "answer to HEAD /css/app.css");
    HttpResponse<Buffer> notModified = server.fetch("/css/app.css", "Accept-Encoding", "gzip",
        "If-None-Match", ok.getHeader("ETag"));

    assertEquals(List.of(200, 206, 200, 304),
        List.of(ok.statusCode(), partial.statusCode(), head.statusCode(), notModified.statusCode()));
    for (HttpResponse<Buffer> res : List.of(ok, partial, head, notModified)) {
      assertEquals(List.of("public, max-age=86400"), res.headers().getAll("Cache-Control"), res.statusCode() + "");
      assertEquals("Accept-Encoding", res.getHeader("Vary"), res.statusCode() + "");
    }
    assertEquals("DENY", ok.getHeader("X-Frame-Options"));
    assertEquals("DENY", partial.getHeader("X-Frame-Options"));
    assertEquals("DENY", head.getHeader("X-Frame-Options"));
  }

  @Test
  void a304CarriesTheRulesExpiresButNotItsOtherHeaders(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, """
        /about.html
          Expires: Thu, 01 Dec 2044 16:00:00 GMT
          Content-Security-Policy: default-src 'self'
        """);
    String etag = server.fetch("/about.html").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/about.html", "If-None-Match", etag);

    // RFC 9110 §15.4.5: a 304 has the Cache-Control, Content-Location, Date, ETag, Expires and Vary a 200 would.
    assertEquals(304, res.statusCode());
    assertEquals("Thu, 01 Dec 2044 16:00:00 GMT", res.getHeader("Expires"));
    assertEquals("no-cache", res.getHeader("Cache-Control"));
    assertNull(res.getHeader("Content-Security-Policy"));
  }

  @Test
  void anIndexFileTakesTheRulesOfItsFolderUrlAndOfItsOwnName(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/\n  X-Home: url\n/index.html\n  X-Index: name\n");

    HttpResponse<Buffer> res = server.fetch("/");

    assertEquals("url", res.getHeader("X-Home"));
    assertEquals("name", res.getHeader("X-Index"));
  }

  @Test
  void aRuleCanRemoveTheServersOwnHeader(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir, "/*.html\n  ! Access-Control-Allow-Origin\n");

    assertNull(server.fetch("/about.html").getHeader("Access-Control-Allow-Origin"));
    assertEquals("*", server.fetch("/css/app.css").getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void aFileWithoutAnExtensionGetsTheContentTypeARuleGives(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/.well-known/apple-app-site-association\n  Content-Type: application/json\n");
    site.write(".well-known/apple-app-site-association", "{\"applinks\": {}}");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.fetch("/.well-known/apple-app-site-association");

    assertEquals(List.of("application/json"), res.headers().getAll("Content-Type"));
  }

  @Test
  void crossOriginIsolationForWebAssemblyIsOnThePageAndItsModule(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, """
        # SharedArrayBuffer and WebAssembly threads need a cross-origin isolated page
        /*
          Cross-Origin-Opener-Policy: same-origin
          Cross-Origin-Embedder-Policy: require-corp
          Cross-Origin-Resource-Policy: same-origin
        """);
    site.write("wasm/app.wasm", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    TestServer server = TestServer.mount(vertx, site.options()).await();

    for (String path : List.of("/", "/wasm/app.wasm")) {
      HttpResponse<Buffer> res = server.fetch(path);
      assertEquals(200, res.statusCode(), path);
      assertEquals("same-origin", res.getHeader("Cross-Origin-Opener-Policy"), path);
      assertEquals("require-corp", res.getHeader("Cross-Origin-Embedder-Policy"), path);
      assertEquals("same-origin", res.getHeader("Cross-Origin-Resource-Policy"), path);
    }
    assertEquals("application/wasm", server.fetch("/wasm/app.wasm").getHeader("Content-Type"));
  }

  @Test
  void theRulesLinkFollowsThePagesOwnOnThe200AndInThe103(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/\n  Link: <https://fonts.example>; rel=preconnect\n");
    site.write("index.html", "<link rel=\"stylesheet\" href=\"/assets/index-D8b4DHJx.css\">");
    site.write("assets/index-D8b4DHJx.css", "a{}");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HintedGet page = HintedGet.send(vertx, HttpVersion.HTTP_2, server.port, "/");

    String expected = "</assets/index-D8b4DHJx.css>; rel=preload; as=style, <https://fonts.example>; rel=preconnect";
    assertEquals(List.of("103 " + expected, "200 " + expected), page.events());
    assertArrayEquals(site.read("index.html"), page.body().getBytes());
  }

  @Test
  void theHeadersHookSeesWhatTheRulesSet(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/*\n  X-Frame-Options: DENY\n");
    AssetsOptions options = site.options().setHeadersHook((path, headers) ->
        headers.set("X-Frame-Options", headers.get("X-Frame-Options") + "-seen"));
    TestServer server = TestServer.mount(vertx, options).await();

    assertEquals("DENY-seen", server.fetch("/about.html").getHeader("X-Frame-Options"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/_headers", "/_headers.gz"})
  void theHeadersFileAndItsVariantsAreNeverServed(String path, Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/*\n  X-Frame-Options: DENY\n".repeat(20));
    site.gzip("_headers");
    TestServer server = TestServer.mountWithFallback(vertx, site.options(), "/*").await();

    HttpResponse<Buffer> res = server.fetch(path);

    assertEquals(404, res.statusCode());
    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void aHeadersFileInASubfolderIsAnOrdinaryFile(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/*\n  X-A: 1\n");
    site.write("docs/_headers", "not read");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    assertEquals("not read", server.fetch("/docs/_headers").bodyAsString());
  }

  @Test
  void aHeaderLineWithoutAColonFailsTheBuildNamingTheFileAndLine(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/*\n  X-Frame-Options: DENY\n\n/about.html\n  X-Frame-Options SAMEORIGIN\n");

    String message = buildFailure(vertx, site.options());

    assertTrue(message.startsWith("/"), message);
    assertTrue(message.contains("/_headers:5: 'X-Frame-Options SAMEORIGIN' has no ':'; write a header as"
        + " 'Name: value'"), message);
  }

  @Test
  void aHeaderBeforeAnyPathFailsTheBuildNamingTheFileAndLine(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "# site-wide\nX-Frame-Options: DENY\n");

    String message = buildFailure(vertx, site.options());

    assertTrue(message.contains("_headers:2: 'X-Frame-Options: DENY' comes before any path;"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 5", "Content-Encoding: gzip", "ETag: \"mine\"", "Vary: Cookie",
      "! Vary", "Last-Modified: Thu, 01 Jan 1970 00:00:00 GMT"})
  void aHeaderTheIndexOwnsFailsTheBuildNamingTheFileAndLine(String line, Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "/*\n  X-Frame-Options: DENY\n  " + line + "\n");

    String message = buildFailure(vertx, site.options());

    assertTrue(message.contains("_headers:3: "), message);
    assertTrue(message.contains(" by a rule: vertx-assets "), message);
  }

  @Test
  void aHeadersFileThatIsNotUtf8FailsTheBuild(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir, "");
    site.write("_headers", new byte[] {'/', '*', '\n', ' ', 'X', ':', ' ', (byte) 0xff, '\n'});

    assertTrue(buildFailure(vertx, site.options()).endsWith("_headers: is not UTF-8 text; save it as UTF-8"));
  }
}
