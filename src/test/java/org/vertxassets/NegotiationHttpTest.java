package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §4 (content negotiation) and the Vary, ETag and Content-Encoding lines of §3, over HTTP. */
@ExtendWith(VertxExtension.class)
class NegotiationHttpTest {

  /** The original: 1050 bytes. Its stand-in variants are smaller, br < zst < gz, and distinct. */
  private static final String CSS = "body { color: red; }\n".repeat(50);
  private static final String BR = "B".repeat(100);
  private static final String ZST = "Z".repeat(200);
  private static final String GZ = "G".repeat(300);

  /** Writes app.css with .br, .zst and .gz siblings. */
  private static Site siteWithVariants(Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".br", BR);
    site.variant("app.css", ".zst", ZST);
    site.variant("app.css", ".gz", GZ);
    return site;
  }

  /** Returns the answer to a GET of {@code /app.css} with that Accept-Encoding (null: none sent). */
  private static HttpResponse<Buffer> getCss(Vertx vertx, Path dir, String acceptEncoding) {
    TestServer server = TestServer.mount(vertx, siteWithVariants(dir).options()).await();
    HttpRequest<Buffer> request = server.get("/app.css");
    if (acceptEncoding != null) {
      request.putHeader("Accept-Encoding", acceptEncoding);
    }
    return request.send().await();
  }

  private static byte[] body(HttpResponse<Buffer> res) {
    return res.body() == null ? new byte[0] : res.body().getBytes();
  }

  /** Asserts a 200 carrying exactly {@code file}'s bytes of {@code site} with that coding (null: identity). */
  private static void assertSent(Site site, String file, String encoding, HttpResponse<Buffer> res) {
    assertEquals(200, res.statusCode());
    byte[] expected = site.read(file);
    assertArrayEquals(expected, body(res), "body of " + file);
    assertEquals(encoding, res.getHeader("Content-Encoding"));
    assertEquals(String.valueOf(expected.length), res.getHeader("Content-Length"));
    assertVaryAcceptEncoding(res.getHeader("Vary"));
    assertStrongETag(res.getHeader("ETag"));
  }

  private static void assertStrongETag(String etag) {
    assertNotNull(etag, "ETag");
    assertTrue(etag.matches("\"[\\x21\\x23-\\x7e]+\""), "strong, quoted ETag: " + etag);
  }

  /** Asserts {@code Vary: Accept-Encoding}; a field name is case-insensitive (RFC 9110 §5.1, §12.5.5). */
  private static void assertVaryAcceptEncoding(String vary) {
    assertEquals("Accept-Encoding", vary, "Vary");
  }

  @Test
  void sendsIdentityWithoutAcceptEncoding(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, null);

    assertSent(new Site(dir), "app.css", null, res);
  }

  @Test
  void sendsGzipWhenOnlyGzipIsAccepted(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "gzip");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void treatsXGzipAsGzipAndAnswersWithTheGzipToken(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "x-gzip");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void sendsBrotliWhenItHasTheHighestQuality(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "br;q=1, gzip;q=0.8");

    assertSent(new Site(dir), "app.css.br", "br", res);
  }

  @Test
  void prefersAHigherQualityOverASmallerFile(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "br;q=0.5, gzip;q=0.9");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void neverSendsACodingRefusedWithQZero(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "gzip, br;q=0");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void sendsTheSmallestVariantForStar(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "*");

    assertSent(new Site(dir), "app.css.br", "br", res);
  }

  @Test
  void sendsIdentityWhenStarIsRefusedAndIdentityIsNamed(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "*;q=0, identity");

    assertSent(new Site(dir), "app.css", null, res);
  }

  @Test
  void sendsIdentityAnywayWhenNothingAcceptableExists(Vertx vertx, @TempDir Path dir) {
    // This shows that identity is sent when nothing is acceptable, not that "identity;q=0" refused
    // it: every stored variant is smaller than the identity, so the identity is never preferred to
    // an acceptable variant, and an answer that ignored "identity;q=0" would look the same over
    // HTTP. AcceptEncodingTest covers the parsing of "identity;q=0" itself.
    HttpResponse<Buffer> res = getCss(vertx, dir, "identity;q=0, deflate, compress");

    assertSent(new Site(dir), "app.css", null, res);
  }

  @Test
  void readsAcceptEncodingSentOnTwoLinesAsOneList(Vertx vertx, @TempDir Path dir) {
    Site site = siteWithVariants(dir);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    // RFC 9110 §5.3: field lines of the same name combine into one comma-separated list.
    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\n"
        + "Accept-Encoding: identity;q=0.5\r\nAccept-Encoding: br").await());

    assertEquals(200, res.status(), res.text());
    assertEquals("br", res.header("Content-Encoding"));
    assertEquals(BR, res.body());
    assertEquals(String.valueOf(BR.length()), res.header("Content-Length"));
    assertVaryAcceptEncoding(res.header("Vary"));
  }

  @Test
  void matchesAnUpperCaseCodingName(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "GZIP");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void matchesAMixedCaseCodingName(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "Br");

    assertSent(new Site(dir), "app.css.br", "br", res);
  }

  @Test
  void sendsTheSmallestFileAmongEqualQualities(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "gzip, zstd");

    assertSent(new Site(dir), "app.css.zst", "zstd", res);
  }

  @Test
  void sendsTheSmallestFileAmongEqualExplicitQualities(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "gzip;q=0.5, br;q=0.5");

    assertSent(new Site(dir), "app.css.br", "br", res);
  }

  @Test
  void skipsAPartWithAMalformedQuality(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "gzip;q=abc, br");

    assertSent(new Site(dir), "app.css.br", "br", res);
  }

  @Test
  void aSkippedMalformedPartDoesNotAcceptItsCoding(Vertx vertx, @TempDir Path dir) {
    // Were "br;q=abc" read as q=1, br (the smallest) would win.
    HttpResponse<Buffer> res = getCss(vertx, dir, "br;q=abc, gzip");

    assertSent(new Site(dir), "app.css.gz", "gzip", res);
  }

  @Test
  void sendsIdentityWhenOnlyAnUnstoredCodingIsAccepted(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = getCss(vertx, dir, "deflate");

    assertSent(new Site(dir), "app.css", null, res);
  }

  @Test
  void givesEachVariantItsOwnStrongQuotedETag(Vertx vertx, @TempDir Path dir) {
    TestServer server = TestServer.mount(vertx, siteWithVariants(dir).options()).await();

    Set<String> etags = new HashSet<>();
    for (String coding : List.of("identity", "br", "zstd", "gzip")) {
      HttpResponse<Buffer> res = server.get("/app.css").putHeader("Accept-Encoding", coding).send().await();
      assertEquals(coding.equals("identity") ? null : coding, res.getHeader("Content-Encoding"));
      assertStrongETag(res.getHeader("ETag"));
      etags.add(res.getHeader("ETag"));
    }

    assertEquals(4, etags.size(), "distinct ETags: " + etags);
  }

  @Test
  void etagsAreDerivedFromContentSoTwoBuildsOfTheSameBytesAgree(Vertx vertx, @TempDir Path dir) throws IOException {
    siteWithVariants(dir.resolve("a"));
    siteWithVariants(dir.resolve("b"));
    // Another modification time for every file of the second copy: only the bytes are the same.
    try (var files = Files.list(dir.resolve("b"))) {
      for (Path f : files.toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));
      }
    }
    TestServer first = TestServer.mount(vertx, new Site(dir.resolve("a")).options()).await();
    TestServer second = TestServer.mount(vertx, new Site(dir.resolve("b")).options()).await();

    for (String coding : List.of("identity", "br", "zstd", "gzip")) {
      String a = first.get("/app.css").putHeader("Accept-Encoding", coding).send().await().getHeader("ETag");
      String b = second.get("/app.css").putHeader("Accept-Encoding", coding).send().await().getHeader("ETag");
      assertStrongETag(a);
      assertEquals(a, b, coding);
    }
  }

  @Test
  void sendsVaryOn200And206And304ForAnAssetWithVariants(Vertx vertx, @TempDir Path dir) {
    TestServer server = TestServer.mount(vertx, siteWithVariants(dir).options()).await();

    HttpResponse<Buffer> ok = server.get("/app.css").putHeader("Accept-Encoding", "gzip").send().await();
    HttpResponse<Buffer> partial = server.get("/app.css").putHeader("Range", "bytes=0-9").send().await();
    HttpResponse<Buffer> notModified = server.get("/app.css").putHeader("Accept-Encoding", "gzip")
        .putHeader("If-None-Match", ok.getHeader("ETag")).send().await();

    assertEquals(200, ok.statusCode());
    assertVaryAcceptEncoding(ok.getHeader("Vary"));
    assertEquals(206, partial.statusCode());
    assertVaryAcceptEncoding(partial.getHeader("Vary"));
    assertEquals(304, notModified.statusCode());
    assertVaryAcceptEncoding(notModified.getHeader("Vary"));
  }

  @Test
  void sendsNoVaryOn200And206And304ForAnAssetWithoutVariants(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("plain.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> ok = server.get("/plain.css").putHeader("Accept-Encoding", "gzip, br").send().await();
    HttpResponse<Buffer> partial = server.get("/plain.css").putHeader("Range", "bytes=0-9").send().await();
    HttpResponse<Buffer> notModified = server.get("/plain.css")
        .putHeader("If-None-Match", ok.getHeader("ETag")).send().await();

    assertEquals(200, ok.statusCode());
    assertNull(ok.getHeader("Vary"));
    assertEquals(206, partial.statusCode());
    assertNull(partial.getHeader("Vary"));
    assertEquals(304, notModified.statusCode());
    assertNull(notModified.getHeader("Vary"));
  }

  @Test
  void aVariantIsNotAddressableByItsOwnName(Vertx vertx, @TempDir Path dir) {
    TestServer server = TestServer.mount(vertx, siteWithVariants(dir).options()).await();

    HttpResponse<Buffer> res = server.get("/app.css.br").putHeader("Accept-Encoding", "br").send().await();

    assertEquals(404, res.statusCode());
  }
}
