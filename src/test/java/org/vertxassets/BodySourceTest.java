package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The body source follows the connection: over HTTP/2 and TLS, where nothing is zero-copy, a file
 * within the memory budget is sent from the bytes the index holds and never opened or read; over
 * cleartext HTTP/1.1 a large file goes by sendfile(2) from a descriptor kept open. Deleting the
 * files once the index is built shows which: what is read from disk would then answer 404.
 */
@ExtendWith(VertxExtension.class)
class BodySourceTest {

  private static final int LARGE = 300 * 1024;

  /** A client's protocol, and for TLS the server's engine. */
  enum Protocol {
    H2C(false, null, HttpVersion.HTTP_2),
    TLS_JDK_HTTP_1_1(true, JdkSSLEngineOptions::new, HttpVersion.HTTP_1_1),
    TLS_JDK_H2(true, JdkSSLEngineOptions::new, HttpVersion.HTTP_2),
    TLS_OPENSSL_HTTP_1_1(true, OpenSSLEngineOptions::new, HttpVersion.HTTP_1_1),
    TLS_OPENSSL_H2(true, OpenSSLEngineOptions::new, HttpVersion.HTTP_2);

    final boolean tls;
    final Supplier<SSLEngineOptions> engine;
    final HttpVersion version;

    Protocol(boolean tls, Supplier<SSLEngineOptions> engine, HttpVersion version) {
      this.tls = tls;
      this.engine = engine;
      this.version = version;
    }

    HttpServerOptions server() {
      if (!tls) {
        return new HttpServerOptions();
      }
      SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
      return new HttpServerOptions().setSsl(true).setUseAlpn(true).setSslEngineOptions(engine.get())
          .setKeyCertOptions(certificate.keyCertOptions());
    }

    WebClient client(TestServer server) {
      WebClientOptions options = new WebClientOptions().setProtocolVersion(version);
      if (tls) {
        options.setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false);
      } else {
        options.setHttp2ClearTextUpgrade(false);
      }
      return server.client(options);
    }
  }

  /** Returns text that compresses, as scripts do, but not to nothing. */
  private static byte[] script(int size, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ("abcdefgh(){};\n".charAt(random.nextInt(14)));
    }
    return b;
  }


  @ParameterizedTest
  @EnumSource(Protocol.class)
  void largeFileWithinTheBudgetIsSentFromMemoryNeverOpened(Protocol protocol, Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = new Site(dir);
    byte[] large = script(LARGE, 1);
    site.write("js/app.js", large);
    byte[] gzip = site.gzip("js/app.js");
    byte[] small = "body{margin:0}\n".getBytes();
    site.write("app.css", small);
    TestServer server = TestServer.mount(vertx, site.options(), protocol.server()).await();
    WebClient client = protocol.client(server);
    Files.delete(dir.resolve("js/app.js"));
    Files.delete(dir.resolve("js/app.js.gz"));
    Files.delete(dir.resolve("app.css"));

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> identity = client.get("/js/app.js").send().await();
      HttpResponse<Buffer> encoded = client.get("/js/app.js").putHeader("Accept-Encoding", "gzip").send().await();
      HttpResponse<Buffer> range = client.get("/js/app.js").putHeader("Range", "bytes=1000-200999").send().await();
      HttpResponse<Buffer> css = client.get("/app.css").send().await();

      assertEquals(protocol.version, identity.version());
      assertEquals(200, identity.statusCode());
      assertEquals(String.valueOf(LARGE), identity.getHeader("Content-Length"));
      assertArrayEquals(large, identity.body().getBytes());
      assertEquals("gzip", encoded.getHeader("Content-Encoding"));
      assertArrayEquals(gzip, encoded.body().getBytes());
      assertEquals(206, range.statusCode());
      assertEquals("bytes 1000-200999/" + LARGE, range.getHeader("Content-Range"));
      assertArrayEquals(Arrays.copyOfRange(large, 1000, 201000), range.body().getBytes());
      assertArrayEquals(small, css.body().getBytes());
    }
    assertEquals(0, server.handler.index().openFileCount(), "no file was opened to be kept");
    assertEquals(0, Descriptors.under(dir), "no descriptor is open on the site");
  }

  @Test
  void largeFileIsSentWithSendfileFromAKeptOpenFileOverCleartextHttp11(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] large = Site.random(LARGE, 2);
    site.write("js/app.js", large);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/js/app.js").send().await();

    assertEquals(HttpVersion.HTTP_1_1, res.version());
    assertArrayEquals(large, res.body().getBytes());
    assertEquals(1, server.handler.index().openFileCount(), "the file is kept open for sendfile(2)");
    assertTrue(server.handler.index().memoryBytes() >= LARGE, "and its bytes are in memory for HTTP/2 and TLS");
  }

  @Test
  void smallFileIsSentFromMemoryOverCleartextHttp11(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] small = Site.random(8 * 1024, 3);
    site.write("icon.bin", small);
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Files.delete(dir.resolve("icon.bin"));

    HttpResponse<Buffer> res = server.get("/icon.bin").send().await();

    assertArrayEquals(small, res.body().getBytes());
    assertEquals(0, server.handler.index().openFileCount());
  }

  @Test
  void largeFileInMemoryIsSentFromMemoryWhenTheOpenFileCacheIsFull(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] first = Site.random(LARGE, 4);
    byte[] second = Site.random(LARGE, 5);
    site.write("a.bin", first);
    site.write("b.bin", second);
    TestServer server = TestServer.mount(vertx, site.options().setOpenFileLimit(1)).await();
    assertArrayEquals(first, server.get("/a.bin").send().await().body().getBytes());
    Files.delete(dir.resolve("b.bin"));

    HttpResponse<Buffer> res = server.get("/b.bin").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(second, res.body().getBytes());
    assertEquals(1, server.handler.index().openFileCount());
  }

  @Test
  void fileKeptOpenThatChangedSizeIsSentFromMemoryAsIndexed(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] indexed = Site.random(LARGE, 6);
    Path file = site.write("a.bin", indexed);
    TestServer server = TestServer.mount(vertx, site.options()).await();
    assertArrayEquals(indexed, server.get("/a.bin").send().await().body().getBytes());
    Files.write(file, Site.random(100, 7));

    HttpResponse<Buffer> res = server.get("/a.bin").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(indexed, res.body().getBytes());
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"H2C", "TLS_OPENSSL_H2", "TLS_JDK_HTTP_1_1"})
  void filePastTheBudgetIsReadFromDiskForEachResponse(Protocol protocol, Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = new Site(dir);
    byte[] large = Site.random(LARGE, 8);
    site.write("a.bin", large);
    TestServer server = TestServer.mount(vertx, site.options().setMemoryBudget(LARGE - 1), protocol.server()).await();
    WebClient client = protocol.client(server);

    HttpResponse<Buffer> before = client.get("/a.bin").send().await();
    Files.delete(dir.resolve("a.bin"));
    HttpResponse<Buffer> after;
    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      after = client.get("/a.bin").send().await();
      assertEquals(protocol.version == HttpVersion.HTTP_2 ? 1 : 0, log.warningsNaming("a.bin is no longer as indexed"));
    }

    assertEquals(0, server.handler.index().memoryBytes());
    assertArrayEquals(large, before.body().getBytes());
    // Over HTTP/2 the file is opened for each response: once deleted, it is gone (SPEC §7).
    // Over HTTP/1.1 with TLS it is read through the descriptor kept open: the indexed bytes still.
    assertEquals(protocol.version == HttpVersion.HTTP_2 ? 404 : 200, after.statusCode());
  }

  @Test
  void theBudgetHoldsTheSmallestFilesFirst(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a-large.bin", Site.random(LARGE, 9));
    site.write("b.css", "b".repeat(1000));
    site.write("c.css", "c".repeat(2000));

    AssetIndex index = AssetIndex.buildBlocking(site.options().setMemoryBudget(LARGE));

    assertEquals(3000, index.memoryBytes(), "the two small files, not the large one found first");
  }
}
