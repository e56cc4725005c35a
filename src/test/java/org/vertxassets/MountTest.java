package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §1: paths are relative to where the handler is mounted; roots, names, index updates and sizes. */
@ExtendWith(VertxExtension.class)
class MountTest {

  private static final String CSS = "body { color: red; }\n";
  private static final String HOME = "<!doctype html><h1>home</h1>\n";

  @Test
  void servesUnderAStaticPrefix(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, site.options(), "/static/*").await();

    HttpResponse<Buffer> res = server.get("/static/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
  }

  @Test
  void pathOutsideTheStaticPrefixIsPassedOn(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mountWithFallback(vertx, site.options(), "/static/*").await();

    HttpResponse<Buffer> res = server.get("/css/app.css").send().await();

    assertEquals(404, res.statusCode());
    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void staticPrefixWithATrailingSlashServesTheRootIndexHtml(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, site.options(), "/static/*").await();

    HttpResponse<Buffer> res = server.get("/static/").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(HOME, res.bodyAsString());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
  }

  @Test
  void servesAtTheRoot(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, site.options(), "/*").await();

    HttpResponse<Buffer> css = server.get("/css/app.css").send().await();
    HttpResponse<Buffer> home = server.get("/").send().await();

    assertEquals(200, css.statusCode());
    assertEquals(CSS, css.bodyAsString());
    assertEquals(200, home.statusCode());
    assertEquals(HOME, home.bodyAsString());
  }

  @Test
  void servesUnderASubRouter(Vertx vertx, @TempDir Path dir) {
    TestServer server = subRouterServer(vertx, site(dir));

    HttpResponse<Buffer> res = server.get("/assets/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
  }

  @Test
  void redirectUnderASubRouterKeepsTheMountPoint(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    site.write("docs/index.html", "<h1>docs</h1>");
    TestServer server = subRouterServer(vertx, site);

    HttpResponse<Buffer> res = server.get("/assets/docs").send().await();

    assertEquals(302, res.statusCode());
    assertEquals("/assets/docs/", res.getHeader("Location"));
  }

  @Test
  void servesASecondRootUnderItsPrefix(Vertx vertx, @TempDir Path dir) {
    Site first = site(dir.resolve("one"));
    Site second = new Site(dir.resolve("two"));
    second.write("lib.js", "export const lib = 2;\n");
    AssetsOptions options = first.options().addRoot(second.root.toString(), "/vendor/");
    TestServer server = TestServer.mount(vertx, options).await();

    HttpResponse<Buffer> lib = server.get("/vendor/lib.js").send().await();
    HttpResponse<Buffer> css = server.get("/css/app.css").send().await();

    assertEquals(200, lib.statusCode());
    assertEquals("export const lib = 2;\n", lib.bodyAsString());
    assertEquals(200, css.statusCode());
    assertEquals(CSS, css.bodyAsString());
  }

  @Test
  void firstRootWinsWhenTwoRootsHaveTheSamePath(Vertx vertx, @TempDir Path dir) {
    Site first = new Site(dir.resolve("one"));
    first.write("vendor/lib.js", "// from the first root\n");
    Site second = new Site(dir.resolve("two"));
    second.write("lib.js", "// from the second root, which is longer\n");
    AssetsOptions options = first.options().addRoot(second.root.toString(), "/vendor/");
    TestServer server = TestServer.mount(vertx, options).await();

    HttpResponse<Buffer> res = server.get("/vendor/lib.js").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("// from the first root\n", res.bodyAsString());
    assertEquals("23", res.getHeader("Content-Length"));
  }

  @Test
  void firstRootWinsWhenTwoRootsAtTheMountPointHaveTheSameFile(Vertx vertx, @TempDir Path dir) {
    Site first = new Site(dir.resolve("one"));
    first.write("css/app.css", "/* first */\n");
    Site second = new Site(dir.resolve("two"));
    second.write("css/app.css", "/* second */\n");
    AssetsOptions options = first.options().addRoot(second.root.toString());
    TestServer server = TestServer.mount(vertx, options).await();

    HttpResponse<Buffer> res = server.get("/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("/* first */\n", res.bodyAsString());
  }

  @Test
  void servesANonAsciiFileNameRequestedAsPercentEncodedUtf8(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    // "ünïcödé.css", precomposed (NFC), so that its UTF-8 bytes are the ones in the request.
    site.write("css/\u00fcn\u00efc\u00f6d\u00e9.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/css/%C3%BCn%C3%AFc%C3%B6d%C3%A9.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
  }

  @Test
  void servesAFileNameWithASpaceRequestedAsPercent20(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/my styles.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/css/my%20styles.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
  }

  @Test
  void fileAddedAfterIndexBuildIsNotServed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mountWithFallback(vertx, site.options(), "/*").await();
    site.write("css/late.css", "/* late */\n");

    HttpResponse<Buffer> res = server.get("/css/late.css").send().await();

    assertEquals(404, res.statusCode());
    assertEquals(TestServer.PASSED_ON, res.bodyAsString());
  }

  @Test
  void fileAddedAfterIndexBuildIsServedAfterUpdate(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, site.options()).await();
    site.write("css/late.css", "/* late */\n");

    server.handler.update(AssetIndex.build(vertx, site.options()).await());
    HttpResponse<Buffer> res = server.get("/css/late.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("/* late */\n", res.bodyAsString());
  }

  @Test
  void emptyFileIsServedWithContentLengthZero(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("empty.txt", new byte[0]);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/empty.txt").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("0", res.getHeader("Content-Length"));
    assertEquals(0, res.body() == null ? 0 : res.body().length());
  }

  @Test
  void largeFileArrivesByteIdentical(Vertx vertx, @TempDir Path dir) {
    byte[] bytes = Site.random(3 * 1024 * 1024, 42);
    Site site = new Site(dir);
    site.write("big.bin", bytes);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/big.bin").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(String.valueOf(bytes.length), res.getHeader("Content-Length"));
    assertArrayEquals(bytes, res.body().getBytes());
  }

  /** Writes index.html and css/app.css under {@code dir}. */
  private static Site site(Path dir) {
    Site site = new Site(dir);
    site.write("index.html", HOME);
    site.write("css/app.css", CSS);
    return site;
  }

  /** A server with the handler on {@code sub.route("/*")}, {@code sub} mounted at {@code /assets*}. */
  private static TestServer subRouterServer(Vertx vertx, Site site) {
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Router sub = Router.router(vertx);
    sub.route("/*").handler(handler);
    Router router = Router.router(vertx);
    router.route("/assets*").subRouter(sub);
    return TestServer.listen(vertx, router, handler).await();
  }
}
