package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §1: only files inside the root that the index holds are ever served. Every target is sent
 * byte for byte over a raw socket, so that no client library cleans it first.
 */
@ExtendWith(VertxExtension.class)
class PathSafetyTest {

  private static final String CSS = "body { color: red; }\n";

  /** What each secret file holds; no response may contain any of them. */
  private static final List<String> SECRETS = List.of("SECRET-DOTENV-1234", "SECRET-GIT-1234", "SECRET-SUB-1234",
      "SECRET-OUTSIDE-1234");

  @ParameterizedTest
  @ValueSource(strings = {
      "/.env",
      "/.git/config",
      "/sub/.secret",
      "/../outside/secret.txt",
      "/css/../../outside/secret.txt",
      "/%2e%2e/outside/secret.txt",
      "/%2E%2E/outside/secret.txt",
      "/css%2F..%2F..%2Foutside%2Fsecret.txt",
      "/css%2fapp.css",
      "/css\\app.css",
      "/css%5Capp.css",
      "/index.html%00",
      "/index.html%00.css",
      "/%252e%252e/outside/secret.txt",
      "/link-out.txt",
      "/dir-out/secret.txt",
      "/CSS/APP.CSS",
      "/css/app.css.br",
      "/css/app.css%20",
  })
  void targetOutsideTheIndexIsPassedOnWithoutASecretByte(String target, Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options());

    RawResponse res = RawResponse.parse(server.raw("GET " + target + " HTTP/1.1\r\nHost: localhost").await());

    assertNoSecret(res);
    assertEquals(404, res.status(), res.text());
    assertEquals(TestServer.PASSED_ON, res.body(), "the handler should have called ctx.next() for " + target);
  }

  @Test
  void doubleSlashTargetNeverLeaksNorFails(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options());

    RawResponse res = RawResponse.parse(server.raw("GET //css/app.css HTTP/1.1\r\nHost: localhost").await());

    // SPEC §1 only requires an exact lookup after normalisation: either a pass-on or the real file.
    assertNoSecret(res);
    assertTrue(res.status() < 500, res.text());
    if (res.status() == 200) {
      assertEquals(CSS, res.body());
    } else {
      assertEquals(TestServer.PASSED_ON, res.body());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/%zz", "/%e0%a4", "/%", "/css/%2"})
  void invalidPercentEncodingIsAClientErrorOrAPassOnNeverAServerError(String target, Vertx vertx,
      @TempDir Path dir) {
    TestServer server = start(vertx, site(dir).options());

    RawResponse res;
    // vertx-web's Router logs at SEVERE what it refuses (README, Known limits): kept off the console.
    try (LogCapture router = LogCapture.startQuiet("io.vertx.ext.web")) {
      res = RawResponse.parse(server.raw("GET " + target + " HTTP/1.1\r\nHost: localhost").await());
    }

    assertNoSecret(res);
    assertTrue(res.status() >= 400 && res.status() < 500, res.text());
  }

  @Test
  void wellKnownFolderIsServed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options());

    RawResponse res = RawResponse.parse(server.raw("GET /.well-known/security.txt HTTP/1.1\r\nHost: localhost").await());

    assertEquals(200, res.status(), res.text());
    assertEquals("Contact: mailto:security@example.com\n", res.body());
  }

  @Test
  void fileSymlinkStayingInsideTheRootIsServed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options());

    HttpResponse<Buffer> res = server.get("/link-in.css").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
  }

  @Test
  void directorySymlinkStayingInsideTheRootIsServed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options());

    HttpResponse<Buffer> res = server.get("/dir-in/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
  }

  @Test
  void dotfileIsServedWhenDotfilesAreIndexed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options().setIndexDotfiles(true));

    RawResponse res = RawResponse.parse(server.raw("GET /.env HTTP/1.1\r\nHost: localhost").await());

    assertEquals(200, res.status(), res.text());
    assertEquals("SECRET-DOTENV-1234\n", res.body());
  }

  @Test
  void symlinkLeavingTheRootIsNotServedEvenWithDotfilesIndexed(Vertx vertx, @TempDir Path dir) {
    Site site = site(dir);
    TestServer server = start(vertx, site.options().setIndexDotfiles(true));

    RawResponse res = RawResponse.parse(server.raw("GET /link-out.txt HTTP/1.1\r\nHost: localhost").await());

    assertNoSecret(res);
    assertEquals(TestServer.PASSED_ON, res.body());
  }

  @Test
  void symlinkOntoADotFolderIsNotFollowedAndIsReported(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    Files.createSymbolicLink(site.root.resolve("assets"), Path.of(".git"));
    try (LogCapture log = LogCapture.start()) {
      TestServer server = start(vertx, site.options());

      RawResponse res = RawResponse.parse(server.raw("GET /assets/config HTTP/1.1\r\nHost: localhost").await());

      assertNoSecret(res);
      assertEquals(TestServer.PASSED_ON, res.body(), res.text());
      log.assertWarningNaming(site.root.toRealPath().resolve("assets").toString());
    }
  }

  @Test
  void symlinkOntoADotfileIsNotFollowedAndIsReported(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    Files.createSymbolicLink(site.root.resolve("env.txt"), Path.of(".env"));
    try (LogCapture log = LogCapture.start()) {
      TestServer server = start(vertx, site.options());

      RawResponse res = RawResponse.parse(server.raw("GET /env.txt HTTP/1.1\r\nHost: localhost").await());

      assertNoSecret(res);
      assertEquals(TestServer.PASSED_ON, res.body(), res.text());
      log.assertWarningNaming(site.root.toRealPath().resolve("env.txt").toString());
    }
  }

  /**
   * Writes the site under {@code dir/site} and, as its sibling, {@code dir/outside}, which links
   * from inside the root point to.
   */
  private static Site site(Path dir) {
    Site site = new Site(dir.resolve("site"));
    site.write("index.html", "<h1>home</h1>\n");
    site.write("css/app.css", CSS);
    site.write(".env", "SECRET-DOTENV-1234\n");
    site.write(".git/config", "SECRET-GIT-1234\n");
    site.write("sub/.secret", "SECRET-SUB-1234\n");
    site.write("sub/page.txt", "public\n");
    site.write(".well-known/security.txt", "Contact: mailto:security@example.com\n");
    new Site(dir.resolve("outside")).write("secret.txt", "SECRET-OUTSIDE-1234\n");
    try {
      Files.createSymbolicLink(site.root.resolve("link-out.txt"), Path.of("../outside/secret.txt"));
      Files.createSymbolicLink(site.root.resolve("dir-out"), Path.of("../outside"));
      Files.createSymbolicLink(site.root.resolve("link-in.css"), Path.of("css/app.css"));
      Files.createSymbolicLink(site.root.resolve("dir-in"), Path.of("css"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return site;
  }

  /** Starts a server whose router answers {@link TestServer#PASSED_ON} to whatever the handler passes on. */
  private static TestServer start(Vertx vertx, AssetsOptions options) {
    return TestServer.mountWithFallback(vertx, options, "/*").await();
  }

  private static void assertNoSecret(RawResponse res) {
    for (String secret : SECRETS) {
      assertFalse(res.text().contains(secret), "leaked " + secret + ":\n" + res.text());
    }
    assertFalse(res.text().contains("SECRET-"), res.text());
  }
}
