package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §2: index files and the redirects to a directory's slash, over HTTP. */
@ExtendWith(VertxExtension.class)
class RedirectTest {

  private static final String ROOT_INDEX = "<h1>home</h1>";
  private static final String DOCS_INDEX = "<h1>docs</h1>";

  private static Site site(Path dir) {
    Site site = new Site(dir);
    site.write("index.html", ROOT_INDEX);
    site.write("docs/index.html", DOCS_INDEX);
    return site;
  }

  /** Starts the handler on {@code route}, followed by a route that answers every request it passes on. */
  private static TestServer start(Vertx vertx, AssetsOptions options, String route) {
    return TestServer.mountWithFallback(vertx, options, route).await();
  }

  private static TestServer start(Vertx vertx, Path dir) {
    return start(vertx, site(dir).options(), "/*");
  }

  private static HttpResponse<Buffer> get(TestServer server, String uri) {
    return server.get(uri).send().await();
  }

  private static void assertRedirect(String location, HttpResponse<Buffer> res) {
    assertEquals(302, res.statusCode());
    assertEquals(location, res.getHeader("Location"));
  }

  private static void assertPassedOn(HttpResponse<Buffer> res) {
    assertEquals(404, res.statusCode());
    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void mountRootServesTheRootIndexFile(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/");

    assertEquals(200, res.statusCode());
    assertEquals(ROOT_INDEX, res.bodyAsString());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
  }

  @Test
  void directoryWithSlashServesItsIndexFileAsHtmlThatIsNotCached(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/docs/");

    assertEquals(200, res.statusCode());
    assertEquals(DOCS_INDEX, res.bodyAsString());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("no-cache", res.getHeader("Cache-Control"));
    assertEquals(String.valueOf(DOCS_INDEX.length()), res.getHeader("Content-Length"));
  }

  @Test
  void directoryWithoutSlashRedirectsToItsSlash(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/docs");

    assertRedirect("/docs/", res);
  }

  @Test
  void indexFileNamedInFullRedirectsToItsDirectory(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/docs/index.html");

    assertRedirect("/docs/", res);
  }

  @Test
  void rootIndexFileNamedInFullRedirectsToTheMountRoot(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/index.html");

    assertRedirect("/", res);
  }

  @Test
  void redirectKeepsTheQueryString(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/docs?a=1&b=2");

    assertRedirect("/docs/?a=1&b=2", res);
  }

  @Test
  void queryBytesNotAllowedInALocationArePercentEncodedAndItsEscapesKept(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    // Sent raw: a client library would encode the DEL (0x7F) itself.
    RawResponse res = RawResponse.parse(
        server.raw("GET /docs?q=%C3%A9&x=\u007f HTTP/1.1\r\nHost: localhost").await());

    assertEquals(302, res.status(), res.text());
    assertEquals("/docs/?q=%C3%A9&x=%7F", res.header("Location"));
  }

  @Test
  void rawUtf8InTheQueryIsPercentEncodedInTheLocation(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    // TestServer.raw sends one byte per char: these two chars are the UTF-8 bytes of "é".
    String eAcute = new String("\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    RawResponse res = RawResponse.parse(
        server.raw("GET /docs?q=" + eAcute + "&v=1 HTTP/1.1\r\nHost: localhost").await());

    assertEquals(302, res.status(), res.text());
    assertEquals("/docs/?q=%C3%A9&v=1", res.header("Location"));
  }

  @Test
  void redirectOfAnIndexFileKeepsTheQueryString(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = get(start(vertx, dir), "/docs/index.html?v=3");

    assertRedirect("/docs/?v=3", res);
  }

  @Test
  void locationUnderAPrefixRouteIncludesThePrefix(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options(), "/static/*");

    assertRedirect("/static/docs/", get(server, "/static/docs"));
    assertRedirect("/static/docs/", get(server, "/static/docs/index.html"));
    assertEquals(DOCS_INDEX, get(server, "/static/docs/").bodyAsString());
  }

  @Test
  void prefixRouteWithoutItsSlashRedirectsToIt(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options(), "/static/*");

    HttpResponse<Buffer> res = get(server, "/static");

    assertRedirect("/static/", res);
    assertEquals(ROOT_INDEX, get(server, "/static/").bodyAsString());
  }

  @Test
  void locationUnderASubRouterIncludesItsMountPoint(Vertx vertx, @TempDir Path dir) {
    AssetsHandler handler = AssetsHandler.create(vertx, site(dir).options()).await();
    Router sub = Router.router(vertx);
    sub.route("/static/*").handler(handler);
    Router router = Router.router(vertx);
    router.route("/app/*").subRouter(sub);
    TestServer server = TestServer.listen(vertx, router, handler).await();

    HttpResponse<Buffer> res = get(server, "/app/static/docs?x=y");

    assertRedirect("/app/static/docs/?x=y", res);
  }

  @Test
  void customIndexFileIsServedForItsDirectory(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("docs/home.htm", DOCS_INDEX);
    site.write("docs/index.html", "not the index file");
    TestServer server = start(vertx, site.options().setIndexFile("home.htm"), "/*");

    assertEquals(DOCS_INDEX, get(server, "/docs/").bodyAsString());
    assertRedirect("/docs/", get(server, "/docs"));
    assertRedirect("/docs/", get(server, "/docs/home.htm"));
    assertEquals("not the index file", get(server, "/docs/index.html").bodyAsString());
  }

  @Test
  void withoutAnIndexFileADirectoryWithSlashIsPassedOn(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options().setIndexFile(null), "/*");

    assertPassedOn(get(server, "/docs/"));
  }

  @Test
  void withoutAnIndexFileIndexHtmlIsServedByItsName(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options().setIndexFile(null), "/*");

    HttpResponse<Buffer> res = get(server, "/docs/index.html");

    assertEquals(200, res.statusCode());
    assertEquals(DOCS_INDEX, res.bodyAsString());
  }

  @Test
  void withoutAnIndexFileADirectoryWithoutSlashIsPassedOn(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options().setIndexFile(null), "/*");

    assertPassedOn(get(server, "/docs"));
  }

  @Test
  void nonAsciiDirectoryNameIsPercentEncodedInTheLocation(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("café/index.html", DOCS_INDEX);
    TestServer server = start(vertx, site.options(), "/*");

    HttpResponse<Buffer> res = get(server, "/caf%C3%A9");

    assertRedirect("/caf%C3%A9/", res);
    assertEquals(DOCS_INDEX, get(server, "/caf%C3%A9/").bodyAsString());
  }

  @Test
  void redirectAnswers405ToPost(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.client.request(HttpMethod.POST, "/docs").send().await();

    assertEquals(405, res.statusCode());
    assertEquals("GET, HEAD", res.getHeader("Allow"));
    assertNull(res.getHeader("Location"));
  }

  @Test
  void fileNamedLikeADirectoryWinsOverTheRedirect(Vertx vertx, @TempDir Path dir) {
    // One directory cannot hold both a file "docs" and a folder "docs/": two roots can.
    Site folder = site(dir.resolve("a"));
    Site file = new Site(dir.resolve("b"));
    file.write("docs", "a file named docs");
    AssetsOptions options = new AssetsOptions().addRoot(folder.root.toString()).addRoot(file.root.toString());
    TestServer server = start(vertx, options, "/*");

    HttpResponse<Buffer> res = get(server, "/docs");

    assertEquals(200, res.statusCode());
    assertEquals("a file named docs", res.bodyAsString());
    assertNull(res.getHeader("Location"));
    assertEquals(DOCS_INDEX, get(server, "/docs/").bodyAsString());
  }
}
