package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/** The bundled verticle: its JSON configuration, its routes and its start-up failures. */
@ExtendWith(VertxExtension.class)
class AssetsVerticleTest {

  private static JsonObject config(Path root) {
    return new JsonObject().put("roots", new JsonArray().add(root.toString()));
  }

  /** Returns the message of the failure of deploying {@code config}. */
  private static String deploymentFailure(Vertx vertx, JsonObject config) {
    Exception e = assertThrows(Exception.class, () -> TestServer.deploy(vertx, config).await());
    assertNotNull(e.getMessage());
    return e.getMessage();
  }

  @Test
  void deployingWithAJsonConfigServesTheConfiguredRoots(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(10));
    site.gzip("css/app.css");

    TestServer d = TestServer.deploy(vertx, config(dir).put("maxAgeSeconds", 120)).await();
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
    HttpServerOptions byDefault = VerticleConfig.of(config(dir)).server();
    assertEquals(120, byDefault.getIdleTimeout());
    assertEquals(TimeUnit.SECONDS, byDefault.getIdleTimeoutUnit());
    assertEquals(0, VerticleConfig.of(config(dir).put("server", new JsonObject().put("idleTimeout", 0)))
        .server().getIdleTimeout());

    TestServer d = TestServer.deploy(vertx, config(dir).put("server", new JsonObject().put("idleTimeout", 1))).await();
    RawClient silent = RawClient.connect(vertx, d.port).await();
    // A client that connects and says nothing: the server hangs up on it.
    silent.closed().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theMountPathPutsTheFilesUnderIt(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "let a = 1;\n");

    TestServer d = TestServer.deploy(vertx, config(dir).put("mountPath", "/static")).await();

    assertEquals(200, d.client.get("/static/app.js").send().await().statusCode());
    assertEquals(404, d.client.get("/app.js").send().await().statusCode());
  }

  @Test
  void anUnknownKeyFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("maxAge", 60));

    assertTrue(message.contains("'maxAge'"), message);
    assertTrue(message.contains("maxAgeSeconds"), "the known keys are listed: " + message);
  }

  @Test
  void anUnknownServerKeyFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("prot", 8080)));

    assertTrue(message.contains("server.prot"), message);
  }

  @Test
  void aValueOfTheWrongTypeFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("dev", "yes"));

    assertTrue(message.contains("'dev'"), message);
  }

  @Test
  void aPortOutOfRangeFailsTheDeploymentNamingServerPort(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("port", 70000)));

    assertTrue(message.contains("server.port"), message);
  }

  @Test
  void aMissingDirectoryFailsTheDeploymentNamingRoots(Vertx vertx, @TempDir Path dir) {
    Path missing = dir.resolve("no-such-site");

    String message = deploymentFailure(vertx, config(missing));

    assertTrue(message.contains("roots"), message);
    assertTrue(message.contains(missing.toString()), message);
  }

  @Test
  void serverCompressionIsRefusedNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir)
        .put("server", new JsonObject().put("compressionSupported", true)));

    assertTrue(message.contains("server.compressionSupported"), message);
  }

  @Test
  void anUnreadableCertificateFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    Path cert = site.write("tls/cert.pem", "not a certificate");
    Path key = site.write("tls/key.pem", "not a key");

    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("ssl", true)
        .put("pemKeyCertOptions", new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString()))));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void aMissingCertificateFileFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("ssl", true)
        .put("pemKeyCertOptions", new JsonObject().put("certPath", dir.resolve("none.pem").toString())
            .put("keyPath", dir.resolve("none-key.pem").toString()))));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void sslWithoutACertificateFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("ssl", true)));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void aSpaFallbackThatIsNotAFileFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("index.html", "<!doctype html>");

    String message = deploymentFailure(vertx, config(dir).put("spaFallback", "/app.html"));

    assertTrue(message.contains("spaFallback"), message);
    assertTrue(message.contains("/app.html"), message);
  }

  @Test
  void aPortInUseFailsTheDeploymentNamingServerPortAndLeavesNothingBehind(Vertx vertx, @TempDir Path dir)
      throws Exception {
    new Site(dir).write("app.js", "1");
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject()
          .put("host", "127.0.0.1").put("port", busy.getLocalPort())));

      assertTrue(message.contains("server.port"), message);
      assertTrue(vertx.deploymentIDs().isEmpty(), "no deployment is left: " + vertx.deploymentIDs());
    }
    // Its shared state and reload address went with it: the same config deploys again.
    TestServer d = TestServer.deploy(vertx, config(dir)).await();
    assertEquals(200, d.client.get("/app.js").send().await().statusCode());
  }

  @Test
  void aServerValueOfTheWrongTypeFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, config(dir).put("server", new JsonObject().put("ssl", "true")));

    assertTrue(message.contains("server.ssl"), message);
  }

  @Test
  void twoDeploymentsWithOneEventBusAddressAreRefused(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("app.js", "1");
    TestServer.deploy(vertx, config(dir)).await();

    String message = deploymentFailure(vertx, config(dir));

    assertTrue(message.contains("eventBusAddress"), message);
  }

  @Test
  void theFallbackAndTheNotFoundPageWorkTogether(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html><div id=app></div>");
    site.write("404.html", "<!doctype html><title>Not here</title>");

    TestServer d = TestServer.deploy(vertx, config(dir).put("spaFallback", "/index.html")
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

    TestServer d = TestServer.deploy(vertx, config(dir).put("server", new JsonObject().put("ssl", true)
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

    TestServer d = TestServer.deploy(vertx, config(dir).put("notFoundPage", "/404.html")).await();
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

    TestServer d = TestServer.deploy(vertx, config(dir).put("notFoundPage", "/404.html")).await();
    HttpResponse<Buffer> res = d.client.get("/missing").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(404, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    assertArrayEquals(site.read("404.html.gz"), res.body().getBytes());
  }

  @Test
  void withoutANotFoundPageA404HasAnEmptyBody(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("app.js", "let a = 1;\n");

    TestServer d = TestServer.deploy(vertx, config(dir)).await();
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
    TestServer d = TestServer.deploy(vertx, config(dir)).await();

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
    TestServer d = TestServer.deploy(vertx, config(dir).put("notFoundPage", "/404.html")).await();

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

    TestServer d = TestServer.deploy(vertx, config(dir).put("healthPath", "/healthz")).await();
    HttpResponse<Buffer> res = d.client.get("/healthz").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("application/json", res.getHeader("Content-Type"));
    assertEquals("no-store", res.getHeader("Cache-Control"));
    assertEquals(new JsonObject().put("status", "UP").put("files", 2), res.bodyAsJsonObject());
  }

  @Test
  void withoutAHealthPathThereIsNoHealthRoute(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("a.js", "1");

    TestServer d = TestServer.deploy(vertx, config(dir)).await();

    assertEquals(404, d.client.get("/healthz").send().await().statusCode());
  }

  @Test
  void theStartUpLineSaysWhereAndWhat(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    site.gzip("css/app.css");
    site.write("js/app.js", "console.log(1);\n");
    long bytes = site.read("css/app.css").length + site.read("js/app.js").length;

    try (LogCapture log = LogCapture.start()) {
      TestServer d = TestServer.deploy(vertx, config(dir).put("mountPath", "/static/")
          .put("server", new JsonObject().put("host", "127.0.0.1"))).await();

      String line = log.infos().stream().filter(m -> m.contains("serving")).findFirst().orElseThrow();
      assertTrue(line.contains("2 files (1 variants, " + bytes + " bytes"), line);
      assertTrue(line.contains("http://127.0.0.1:" + d.port + "/static/"), line);
      assertTrue(line.contains(dir.toString()), line);
      assertTrue(line.matches(".*index built in \\d+ ms.*"), line);
    }
  }

  @Test
  void theAccessLogHasALinePerRequestWhenAskedFor(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("app.js", "let a = 1;\n");

    try (LogCapture access = LogCapture.start("io.vertx.ext.web")) {
      TestServer d = TestServer.deploy(vertx, config(dir).put("accessLog", true)).await();
      d.client.get("/app.js").putHeader("User-Agent", "access-log-test").send().await();

      assertTrue(access.records().stream().map(r -> r.getMessage()).anyMatch(l -> l.contains("GET /app.js")
          && l.contains("200") && l.contains("access-log-test")), access.records().toString());
    }
  }

  @Test
  void theAccessLogGivesTheLengthOfEachBodySent(Vertx vertx, @TempDir Path dir) {
    // From memory, from a kept-open file, and in several regions (1 MiB or more); HEAD sends no body.
    Site site = new Site(dir);
    site.write("small.js", "let a = 1;\n");
    site.write("mid.bin", new byte[300_000]);
    site.write("large.bin", new byte[3 * 1024 * 1024 + 1]);

    try (LogCapture access = LogCapture.start("io.vertx.ext.web")) {
      TestServer d = TestServer.deploy(vertx, config(dir).put("accessLog", true)).await();
      for (String path : List.of("/small.js", "/mid.bin", "/large.bin")) {
        assertEquals(200, d.client.get(path).send().await().statusCode());
      }
      assertEquals(200, d.client.head("/large.bin").send().await().statusCode());

      List<String> lines = access.records().stream().map(r -> r.getMessage()).toList();
      assertEquals(4, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("\"GET /small.js HTTP/1.1\" 200 11 "), lines.get(0));
      assertTrue(lines.get(1).contains("\"GET /mid.bin HTTP/1.1\" 200 300000 "), lines.get(1));
      assertTrue(lines.get(2).contains("\"GET /large.bin HTTP/1.1\" 200 3145729 "), lines.get(2));
      assertTrue(lines.get(3).contains("\"HEAD /large.bin HTTP/1.1\" 200 0 "), lines.get(3));
    }
  }

  @Test
  void severalInstancesServeOnTheirOwnEventLoops(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("a.js", "1");
    Set<Long> threads;
    // The access log runs on the event loop that serves the connection.
    try (LogCapture access = LogCapture.start("io.vertx.ext.web")) {
      TestServer d = TestServer.deploy(vertx, config(dir).put("accessLog", true), new DeploymentOptions().setInstances(2))
          .await();
      for (int i = 0; i < 6; i++) {
        WebClient fresh = d.client(new WebClientOptions().setKeepAlive(false));
        assertEquals(200, fresh.get("/a.js").send().await().statusCode());
        fresh.close();
      }
      threads = access.records().stream().map(r -> r.getLongThreadID()).collect(java.util.stream.Collectors.toSet());
    }
    assertEquals(2, threads.size(), "connections were served on " + threads.size() + " event loop(s)");
  }

  @Test
  void severalInstancesShareOneIndexThatOneReloadSwaps(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");

    TestServer d = TestServer.deploy(vertx, config(dir), new DeploymentOptions().setInstances(3)).await();
    site.write("b.js", "2");
    JsonObject reply = vertx.eventBus().<JsonObject>request("vertx-assets.reload", "").await().body();

    assertEquals(2, reply.getInteger("files"));
    // Every new connection goes to the next instance's event loop: each must see the new file.
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      WebClient fresh = d.client(new WebClientOptions().setKeepAlive(false));
      statuses.add(fresh.get("/b.js").send().await().statusCode());
      fresh.close();
    }
    assertEquals(Set.of(200), statuses);
  }

  @Test
  void aReloadThatFailsKeepsTheIndexThatServes(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("404.html", "gone");

    TestServer d = TestServer.deploy(vertx, config(dir).put("notFoundPage", "/404.html")).await();
    site.root.resolve("404.html").toFile().delete();
    Exception e = assertThrows(Exception.class,
        () -> vertx.eventBus().request("vertx-assets.reload", "").await());

    assertTrue(e.getMessage().contains("notFoundPage"), e.getMessage());
    assertEquals(200, d.client.get("/").send().await().statusCode());
  }

  @Test
  void theReloadReplySaysWhatTheNewIndexHolds(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.css", "a{}");
    TestServer.deploy(vertx, config(dir).put("eventBusAddress", "site-one")).await();
    site.write("b.css", "b{}");
    site.write("c.css", "c{}".repeat(100));
    site.gzip("c.css");

    JsonObject reply = vertx.eventBus().<JsonObject>request("site-one.reload", "").await().body();

    assertEquals(3, reply.getInteger("files"));
    assertEquals(1, reply.getInteger("variants"));
    assertEquals(3 + 3 + 300, reply.getLong("bytes"));
  }
}
