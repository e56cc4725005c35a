package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * {@code cleanUrls}: {@code /about} serves {@code about.html} and {@code /about.html} redirects
 * to it, decided when the index is built, as index files are.
 */
@ExtendWith(VertxExtension.class)
class CleanUrlsTest {

  private static final String ABOUT = "<h1>about</h1>";

  private static Site site(Path dir) {
    return new Site(dir)
        .with("index.html", "<h1>home</h1>")
        .with("about.html", ABOUT)
        .with("docs/index.html", "<h1>docs</h1>")
        .with("docs/guide.html", "<h1>guide</h1>")
        .with("notes.htm", "<h1>notes</h1>")
        .with("css/app.css", "a{}");
  }

  private static TestServer serve(Vertx vertx, AssetsOptions options, String route) {
    return TestServer.mountWithFallback(vertx, options.setCleanUrls(true), route).await();
  }

  private static TestServer serve(Vertx vertx, Path dir) {
    return serve(vertx, site(dir).options(), "/*");
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
  void aPageIsServedAtItsNameWithoutHtml(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/about");
    HttpResponse<Buffer> head = server.head("/about").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(ABOUT, res.bodyAsString());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("no-cache", res.getHeader("Cache-Control"));
    assertEquals(200, head.statusCode());
    assertEquals(res.getHeader("ETag"), head.getHeader("ETag"));
  }

  @Test
  void aPageNamedWithHtmlRedirectsToItsCleanUrl(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir);

    assertRedirect("/about", server.fetch("/about.html"));
    assertRedirect("/docs/guide", server.fetch("/docs/guide.html"));
    assertEquals("<h1>guide</h1>", server.fetch("/docs/guide").bodyAsString());
  }

  @Test
  void theRedirectKeepsTheQuery(Vertx vertx, @TempDir Path dir) {
    assertRedirect("/about?a=1&b=%C3%A9", serve(vertx, dir).fetch("/about.html?a=1&b=%C3%A9"));
  }

  @Test
  void aNonAsciiPageNameIsPercentEncodedInTheLocation(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir).with("café menu.html", "<h1>menu</h1>");
    TestServer server = serve(vertx, site.options(), "/*");

    assertRedirect("/caf%C3%A9%20menu", server.fetch("/caf%C3%A9%20menu.html"));
    assertEquals("<h1>menu</h1>", server.fetch("/caf%C3%A9%20menu").bodyAsString());
  }

  @Test
  void indexFilesKeepTheirFolderUrlAndTheirRedirects(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir);

    assertEquals("<h1>home</h1>", server.fetch("/").bodyAsString());
    assertRedirect("/", server.fetch("/index.html"));
    assertEquals("<h1>docs</h1>", server.fetch("/docs/").bodyAsString());
    assertRedirect("/docs/", server.fetch("/docs"));
    assertRedirect("/docs/", server.fetch("/docs/index.html"));
    assertPassedOn(server.fetch("/docs/index"));
  }

  @Test
  void whereAPageAndAFolderShareANameTheBareNameIsThePageAndTheSlashTheFolder(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir).with("about/index.html", "<h1>about folder</h1>");
    TestServer server = serve(vertx, site.options(), "/*");

    assertEquals(ABOUT, server.fetch("/about").bodyAsString());
    assertEquals("<h1>about folder</h1>", server.fetch("/about/").bodyAsString());
    assertRedirect("/about/", server.fetch("/about/index.html"));
    assertRedirect("/about", server.fetch("/about.html"));
  }

  @Test
  void aFileNamedLikeTheCleanUrlKeepsIt(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir).with("about", "a file named about");
    TestServer server = serve(vertx, site.options(), "/*");

    assertEquals("a file named about", server.fetch("/about").bodyAsString());
  }

  @Test
  void otherFilesAndHtmPagesKeepTheirNames(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, dir);

    assertEquals("<h1>notes</h1>", server.fetch("/notes.htm").bodyAsString());
    assertPassedOn(server.fetch("/notes"));
    assertEquals("a{}", server.fetch("/css/app.css").bodyAsString());
  }

  @Test
  void aPageWithItsSlashIsNotThePage(Vertx vertx, @TempDir Path dir) {
    assertPassedOn(serve(vertx, dir).fetch("/about/"));
  }

  @Test
  void underAPrefixRouteTheLocationHasThePrefix(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, site(dir).options(), "/static/*");

    assertRedirect("/static/about", server.fetch("/static/about.html"));
    assertEquals(ABOUT, server.fetch("/static/about").bodyAsString());
  }

  @Test
  void theSinglePageAppFallbackStillAnswersWhatNoFileDoes(Vertx vertx, @TempDir Path dir) {
    TestServer server = serve(vertx, site(dir).options().setSpaFallback("/index.html"), "/*");

    HttpResponse<Buffer> route = server.fetch("/users/42", "Accept", "text/html");
    HttpResponse<Buffer> page = server.fetch("/about", "Accept", "text/html");

    assertEquals("<h1>home</h1>", route.bodyAsString());
    assertEquals("Accept", route.getHeader("Vary"));
    assertEquals(ABOUT, page.bodyAsString());
    assertNull(page.getHeader("Vary"));
  }

  @Test
  void aHeadersRuleMatchesThePageByItsCleanUrlOrItsFileName(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir).with("_headers", "/about\n  X-Url: clean\n/*.html\n  X-Name: file\n");
    TestServer server = serve(vertx, site.options(), "/*");

    HttpResponse<Buffer> res = server.fetch("/about");

    assertEquals("clean", res.getHeader("X-Url"));
    assertEquals("file", res.getHeader("X-Name"));
  }

  @Test
  void offByDefault(Vertx vertx, @TempDir Path dir) {
    TestServer server = TestServer.mountWithFallback(vertx, site(dir).options(), "/*").await();

    assertEquals(ABOUT, server.fetch("/about.html").bodyAsString());
    assertPassedOn(server.fetch("/about"));
  }

  @Test
  void theBundledServerTakesItFromItsConfiguration(Vertx vertx, @TempDir Path dir) {
    JsonObject config = site(dir).config().put("cleanUrls", true);
    TestServer server = TestServer.deploy(vertx, config).await();

    assertEquals(ABOUT, server.fetch("/about").bodyAsString());
    assertRedirect("/about", server.fetch("/about.html"));
  }
}
