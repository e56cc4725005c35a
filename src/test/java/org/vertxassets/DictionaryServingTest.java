package org.vertxassets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §9: a content-hashed file with a delta against an earlier version of it is sent as that
 * delta to a client that holds the earlier version as a dictionary and accepts {@code dcz}; every
 * other client gets the ordinary negotiation; every response says it varies on both.
 */
@ExtendWith(VertxExtension.class)
class DictionaryServingTest {

  private static final String OLD = "console.log('release one');\n".repeat(200) + "export const v = 1;\n";
  private static final String NEW = "console.log('release one');\n".repeat(200) + "export const v = 2;\n";
  private static final String FILE = "js/app.0e1f2a3b4c5d.js";
  private static final String ACCEPT = "gzip, deflate, br, zstd, dcb, dcz";

  private Site site;
  private byte[] delta;
  private String dictionary;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
    site.write(FILE, NEW);
    site.brotli(FILE);
    dictionary = Site.availableDictionary(OLD.getBytes(UTF_8));
    delta = site.dcz(FILE, OLD.getBytes(UTF_8));
  }

  private HttpRequest<Buffer> get(TestServer server, String path) {
    return server.get(path).putHeader("Accept-Encoding", ACCEPT);
  }

  @Test
  void aClientHoldingTheEarlierVersionGetsTheDeltaItDecodesToTheNewBytes(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> r = get(server, "/" + FILE).putHeader("Available-Dictionary", dictionary).send().await();

    assertEquals(200, r.statusCode());
    assertEquals("dcz", r.getHeader("Content-Encoding"));
    assertEquals("Accept-Encoding, Available-Dictionary", r.getHeader("Vary"));
    assertArrayEquals(delta, r.bodyAsBuffer().getBytes());
    byte[] stream = Arrays.copyOfRange(r.bodyAsBuffer().getBytes(), 40, delta.length);
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      ctx.loadDict(OLD.getBytes(UTF_8));
      assertEquals(NEW, new String(ctx.decompress(stream, NEW.length()), UTF_8));
    }
    assertEquals("match=\"app.*.js\"", r.getHeader("Use-As-Dictionary"), "this version is the next one's dictionary");
    assertEquals(AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL, r.getHeader("Cache-Control"));
  }

  @Test
  void withoutTheDictionaryOrWithAnotherTheNegotiationIsTheUsualOne(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();
    String other = ":" + Base64.getEncoder().encodeToString(new byte[32]) + ":";

    for (String available : new String[] {null, other, "garbage", dictionary + ", " + dictionary, ":AAAA:"}) {
      HttpRequest<Buffer> request = get(server, "/" + FILE);
      if (available != null) {
        request.putHeader("Available-Dictionary", available);
      }
      HttpResponse<Buffer> r = request.send().await();

      assertEquals(200, r.statusCode(), available);
      assertEquals("br", r.getHeader("Content-Encoding"), available);
      assertEquals("Accept-Encoding, Available-Dictionary", r.getHeader("Vary"), available);
    }
  }

  @Test
  void dczWithQualityZeroIsNotSent(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> r = server.get("/" + FILE).putHeader("Accept-Encoding", "br, dcb, dcz;q=0")
        .putHeader("Available-Dictionary", dictionary).send().await();

    assertEquals("br", r.getHeader("Content-Encoding"));
  }

  @Test
  void theDeltaHasItsOwnEtagAndA304VariesToo(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();
    String identity = server.get("/" + FILE).send().await().getHeader("ETag");
    String brotli = get(server, "/" + FILE).send().await().getHeader("ETag");
    String etag = get(server, "/" + FILE).putHeader("Available-Dictionary", dictionary).send().await()
        .getHeader("ETag");

    HttpResponse<Buffer> revalidated = get(server, "/" + FILE).putHeader("Available-Dictionary", dictionary)
        .putHeader("If-None-Match", etag).send().await();

    assertNotEquals(identity, etag);
    assertNotEquals(brotli, etag);
    assertTrue(etag.startsWith("\""), "strong: " + etag);
    assertEquals(304, revalidated.statusCode());
    assertEquals(etag, revalidated.getHeader("ETag"));
    assertEquals("Accept-Encoding, Available-Dictionary", revalidated.getHeader("Vary"));
  }

  @Test
  void aRangeComesFromTheIdentityAndVariesToo(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> r = get(server, "/" + FILE).putHeader("Available-Dictionary", dictionary)
        .putHeader("Range", "bytes=0-6").send().await();

    assertEquals(206, r.statusCode());
    assertNull(r.getHeader("Content-Encoding"));
    assertEquals("console", r.bodyAsString());
    assertEquals("Accept-Encoding, Available-Dictionary", r.getHeader("Vary"));
  }

  @Test
  void aHeadGetsTheHeadersOfTheDelta(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> r = server.head("/" + FILE).putHeader("Accept-Encoding", ACCEPT)
        .putHeader("Available-Dictionary", dictionary).send().await();

    assertEquals(200, r.statusCode());
    assertEquals("dcz", r.getHeader("Content-Encoding"));
    assertEquals(Integer.toString(delta.length), r.getHeader("Content-Length"));
  }

  @Test
  void theDeltaFileIsNoAssetOfItsOwn(Vertx vertx) throws Exception {
    TestServer server = TestServer.mount(vertx, site.options()).await();
    String name = FILE + "." + HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(OLD.getBytes(UTF_8)), 0, 8) + ".dcz";

    assertEquals(404, server.get("/" + name).send().await().statusCode());
  }

  @Test
  void aFileNamedAsADeltaWhoseHeaderIsNotOneIsWarnedAboutAndNotSent(Vertx vertx) {
    site.write(FILE + ".00112233aabbccdd.dcb", "not a delta at all, just bytes");
    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      TestServer server = TestServer.mount(vertx, site.options()).await();
      String wrong = ":" + Base64.getEncoder().encodeToString(
          HexFormat.of().parseHex("00112233aabbccdd" + "00".repeat(24))) + ":";

      HttpResponse<Buffer> r = get(server, "/" + FILE).putHeader("Available-Dictionary", wrong).send().await();

      assertEquals("br", r.getHeader("Content-Encoding"));
      assertTrue(log.warnings().stream().anyMatch(w -> w.contains("00112233aabbccdd.dcb")), log.warnings().toString());
    }
  }

  @Test
  void aHashedStylesheetIsADictionaryAndAPlainNameOrAnImageIsNot(Vertx vertx) {
    site.write("css/site.3f2a9c1b7e4d.css", "a{}");
    site.write("css/plain.css", "a{}");
    site.write("img/logo.3f2a9c1b7e4d.png", "PNG");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    assertEquals("match=\"site.*.css\"", server.get("/css/site.3f2a9c1b7e4d.css").send().await()
        .getHeader("Use-As-Dictionary"));
    assertNull(server.get("/css/plain.css").send().await().getHeader("Use-As-Dictionary"));
    assertNull(server.get("/img/logo.3f2a9c1b7e4d.png").send().await().getHeader("Use-As-Dictionary"));
  }

  @Test
  void withDictionariesOffNoFileIsADictionaryAndNoDeltaIsSent(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options().setDictionaries(false)).await();

    HttpResponse<Buffer> r = get(server, "/" + FILE).putHeader("Available-Dictionary", dictionary).send().await();

    assertEquals("br", r.getHeader("Content-Encoding"));
    assertEquals("Accept-Encoding", r.getHeader("Vary"));
    assertNull(r.getHeader("Use-As-Dictionary"));
  }
}
