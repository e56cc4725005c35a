package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** The bundled verticle: its JSON configuration and its routes. */
@ExtendWith(VertxExtension.class)
class AssetsVerticleTest {

  @Test
  void deployingWithAJsonConfigServesTheConfiguredRoots(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(10));
    site.gzip("css/app.css");

    TestServer d = TestServer.deploy(vertx, site.config().put("maxAgeSeconds", 120)).await();
    HttpResponse<Buffer> res = d.client.get("/css/app.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertEquals("public, max-age=120", res.getHeader("Cache-Control"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    assertNotNull(res.getHeader("ETag"));
    assertArrayEquals(site.read("css/app.css.gz"), res.body().getBytes());
  }

  @Test
  void anIdleConnectionIsClosedAfterTheDefaultOrTheConfiguredIdleTimeout(Vertx vertx, @TempDir Path dir)
      throws Exception {
    HttpServerOptions byDefault = VerticleConfig.of(new Site(dir).config()).server();
    assertEquals(120, byDefault.getIdleTimeout());
    assertEquals(TimeUnit.SECONDS, byDefault.getIdleTimeoutUnit());
    assertEquals(0, VerticleConfig.of(new Site(dir).config().put("server", new JsonObject().put("idleTimeout", 0)))
        .server().getIdleTimeout());

    TestServer d = TestServer.deploy(vertx, new Site(dir).config().put("server", new JsonObject().put("idleTimeout", 1)))
        .await();
    RawClient silent = RawClient.connect(vertx, d.port).await();
    // A client that connects and says nothing: the server hangs up on it.
    silent.closed().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theMountPathPutsTheFilesUnderIt(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "let a = 1;\n");

    TestServer d = TestServer.deploy(vertx, site.config().put("mountPath", "/static")).await();

    assertEquals(200, d.client.get("/static/app.js").send().await().statusCode());
    assertEquals(404, d.client.get("/app.js").send().await().statusCode());
  }

  @Test
  void theFallbackAndTheNotFoundPageWorkTogether(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html><div id=app></div>");
    site.write("404.html", "<!doctype html><title>Not here</title>");

    TestServer d = TestServer.deploy(vertx, site.config().put("spaFallback", "/index.html")
        .put("notFoundPage", "/404.html")).await();
    HttpResponse<Buffer> page = d.client.get("/settings").putHeader("Accept", "text/html").send().await();
    HttpResponse<Buffer> api = d.client.get("/settings").putHeader("Accept", "application/json").send().await();
    HttpResponse<Buffer> file = d.client.get("/missing.js").putHeader("Accept", "text/html").send().await();

    assertEquals(200, page.statusCode());
    assertArrayEquals(site.read("index.html"), page.body().getBytes());
    assertEquals(404, api.statusCode());
    assertArrayEquals(site.read("404.html"), api.body().getBytes());
    // One line: the fallback's Accept, and the Accept-Encoding of the 404 page compressed at start-up.
    assertEquals(List.of("Accept, Accept-Encoding"), List.copyOf(api.headers().getAll("Vary")));
    assertEquals(404, file.statusCode());
    assertArrayEquals(site.read("404.html"), file.body().getBytes());
  }

  @Test
  void servesHttpsWithACertificateFromTheConfig(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "let a = 1;\n");
    SelfSignedCertificate certificate = SelfSignedCertificate.create();

    TestServer d = TestServer.deploy(vertx, site.config().put("server", new JsonObject().put("ssl", true)
        .put("pemKeyCertOptions", new JsonObject().put("certPath", certificate.certificatePath())
            .put("keyPath", certificate.privateKeyPath())))).await();
    WebClient tls = d.client(new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    HttpResponse<Buffer> res = tls.get("/app.js").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("app.js"), res.body().getBytes());
  }

  @Test
  void anUnknownPathIsAnswered404WithTheNotFoundPage(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("404.html", "<!doctype html><title>Not here</title>");

    TestServer d = TestServer.deploy(vertx, site.config().put("notFoundPage", "/404.html")).await();
    HttpResponse<Buffer> res = d.client.get("/no/such/page").send().await();

    assertEquals(404, res.statusCode());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("no-cache", res.getHeader("Cache-Control"));
    assertEquals(String.valueOf(site.read("404.html").length), res.getHeader("Content-Length"));
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
    assertNotNull(res.getHeader("Date"));
    assertNull(res.getHeader("ETag"), "a 404 page is no representation of the URL: no validator");
    assertNull(res.getHeader("Last-Modified"));
    assertArrayEquals(site.read("404.html"), res.body().getBytes());
  }

  @Test
  void theNotFoundPageIsSentPrecompressedWhenAccepted(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("404.html", "<!doctype html><title>Not here</title>\n".repeat(40));
    site.gzip("404.html");

    TestServer d = TestServer.deploy(vertx, site.config().put("notFoundPage", "/404.html")).await();
    HttpResponse<Buffer> res = d.client.get("/missing").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(404, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    assertArrayEquals(site.read("404.html.gz"), res.body().getBytes());
  }

  @Test
  void withoutANotFoundPageA404HasAnEmptyBody(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("app.js", "let a = 1;\n");

    TestServer d = TestServer.deploy(vertx, new Site(dir).config()).await();
    HttpResponse<Buffer> res = d.client.get("/missing.js").send().await();

    assertEquals(404, res.statusCode());
    assertEquals("0", res.getHeader("Content-Length"));
    assertNull(res.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /%zz HTTP/1.1\r\nHost: localhost", "GET /100%.txt HTTP/1.1\r\nHost: localhost",
      "GET /app.js HTTP/1.1", "GET ?x HTTP/1.1\r\nHost: localhost"})
  void aRequestTheRouterRefusesIsAnswered400WithoutALogLine(String head, Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("app.js", "let a = 1;\n");
    TestServer d = TestServer.deploy(vertx, new Site(dir).config()).await();

    try (LogCapture log = LogCapture.start("")) {
      RawResponse res = RawResponse.parse(d.raw(head).await());

      // vertx-web's Router logs each at SEVERE ("Unhandled exception in router") unless an error
      // handler takes the status: a client could fill the operator's log.
      assertEquals(List.of(), log.warnings());
      assertEquals(400, res.status(), res.text());
      assertEquals("0", res.header("Content-Length"), res.text());
      assertNotNull(res.header("Date"), res.text());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET * HTTP/1.1", "OPTIONS * HTTP/1.1", "GET app.js HTTP/1.1", "GET %2Fapp.js HTTP/1.1"})
  void aTargetWithoutItsLeadingSlashGetsThe404PageWithoutALogLine(String line, Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "let a = 1;\n");
    site.write("404.html", "<!doctype html><title>Not here</title>");
    TestServer d = TestServer.deploy(vertx, site.config().put("notFoundPage", "/404.html")).await();

    try (LogCapture log = LogCapture.start("")) {
      RawResponse res = RawResponse.parse(d.raw(line + "\r\nHost: localhost").await());

      assertEquals(List.of(), log.warnings());
      assertEquals(404, res.status(), res.text());
      assertEquals(new String(site.read("404.html"), StandardCharsets.ISO_8859_1), res.body(), res.text());
    }
  }

  @Test
  void theHealthRouteAnswersWithTheNumberOfFiles(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");
    site.write("b.js", "2");

    TestServer d = TestServer.deploy(vertx, site.config().put("healthPath", "/healthz")).await();
    HttpResponse<Buffer> res = d.client.get("/healthz").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("application/json", res.getHeader("Content-Type"));
    assertEquals("no-store", res.getHeader("Cache-Control"));
    assertEquals(new JsonObject().put("status", "UP").put("files", 2), res.bodyAsJsonObject());
  }

  @Test
  void withoutAHealthPathThereIsNoHealthRoute(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");

    TestServer d = TestServer.deploy(vertx, site.config()).await();

    assertEquals(404, d.client.get("/healthz").send().await().statusCode());
  }
}
