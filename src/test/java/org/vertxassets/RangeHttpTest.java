package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §6: byte ranges, over HTTP. */
@ExtendWith(VertxExtension.class)
class RangeHttpTest {

  /** The bytes 0 to 99, so that every offset is visible in the body. */
  private static final byte[] DATA = new byte[100];

  static {
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) i;
    }
  }

  private static final String LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT";

  private static TestServer start(Vertx vertx, Path dir) {
    Site site = new Site(dir);
    site.write("data.bin", DATA);
    return TestServer.mount(vertx, site.options()).await();
  }

  /** A stylesheet with a smaller brotli stand-in, so that its responses vary. */
  private static final String CSS = "body { color: red; }\n".repeat(50);

  /** Returns a server with app.css ({@link #CSS}) and app.css.br. */
  private static TestServer startWithVariant(Vertx vertx, Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".br", "a brotli stand-in");
    return TestServer.mount(vertx, site.options()).await();
  }

  private static byte[] body(HttpResponse<Buffer> res) {
    return res.body() == null ? new byte[0] : res.body().getBytes();
  }

  /** Asserts a 206 of bytes {@code first..last} (inclusive) of {@link #DATA}. */
  private static void assertPartial(long first, long last, HttpResponse<Buffer> res) {
    assertEquals(206, res.statusCode());
    assertEquals("bytes " + first + "-" + last + "/" + DATA.length, res.getHeader("Content-Range"));
    assertEquals(String.valueOf(last - first + 1), res.getHeader("Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(DATA, (int) first, (int) last + 1), body(res));
  }

  /** Asserts a 200 with the whole of {@link #DATA} and no Content-Range. */
  private static void assertFull(HttpResponse<Buffer> res) {
    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Content-Range"));
    assertEquals(String.valueOf(DATA.length), res.getHeader("Content-Length"));
    assertArrayEquals(DATA, body(res));
  }

  /** Asserts {@code Vary: Accept-Encoding}; a field name is case-insensitive (RFC 9110 §5.1, §12.5.5). */
  private static void assertVaryAcceptEncoding(String vary) {
    assertEquals("Accept-Encoding", vary, "Vary");
  }

  @Test
  void firstByteIsA206OfOneByte(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=0-0");

    assertPartial(0, 0, res);
  }

  @Test
  void suffixOfOneIsTheLastByte(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=-1");

    assertPartial(99, 99, res);
  }

  @Test
  void suffixRangeIsTheLastBytes(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=-5");

    assertPartial(95, 99, res);
  }

  @Test
  void openEndedRangeRunsToTheEnd(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=10-");

    assertPartial(10, 99, res);
  }

  @Test
  void rangePastTheEndIsClipped(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=5-999999");

    assertPartial(5, 99, res);
  }

  @Test
  void suffixLargerThanTheFileIsTheWholeFileAsA206(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=-500");

    assertPartial(0, 99, res);
  }

  @Test
  void rangeStartingAtTheLengthAnswers416(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=100-");

    assertEquals(416, res.statusCode());
    assertEquals("bytes */100", res.getHeader("Content-Range"));
  }

  @Test
  void anotherUnitIsIgnored(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "items=0-1");

    assertFull(res);
  }

  @Test
  void rangeWithLastBeforeFirstIsIgnored(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=5-3");

    assertFull(res);
  }

  @Test
  void overlappingRangesAreCoalescedIntoOne206(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=0-4,3-9");

    assertPartial(0, 9, res);
  }

  @Test
  void adjacentRangesAreCoalescedIntoOne206(Vertx vertx, @TempDir Path dir) {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=20-29, 10-19");

    assertPartial(10, 29, res);
  }

  @Test
  void disjointRangesOfATinyFileAnswerAFull200(Vertx vertx, @TempDir Path dir) {
    // SPEC §6: the multipart answer (MultipartRangeTest) would be longer than these 100 bytes.
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", "bytes=0-1,5-6");

    assertFull(res);
  }

  @Test
  void moreThanSixteenRangesAnswerAFull200(Vertx vertx, @TempDir Path dir) {
    // Seventeen one-byte ranges that would coalesce into 0-16 if they were honoured.
    StringJoiner ranges = new StringJoiner(",", "bytes=", "");
    for (int i = 0; i < 17; i++) {
      ranges.add(i + "-" + i);
    }

    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", ranges.toString());

    assertFull(res);
  }

  @Test
  void sixteenRangesAreStillHonoured(Vertx vertx, @TempDir Path dir) {
    StringJoiner ranges = new StringJoiner(",", "bytes=", "");
    for (int i = 0; i < 16; i++) {
      ranges.add(i + "-" + i);
    }

    HttpResponse<Buffer> res = start(vertx, dir).fetch("/data.bin", "Range", ranges.toString());

    assertPartial(0, 15, res);
  }

  @Test
  void rangesAreCutFromTheIdentityEvenWhenAnEncodingIsAccepted(Vertx vertx, @TempDir Path dir) {
    TestServer server = startWithVariant(vertx, dir);
    String identityETag = server.fetch("/app.css").getHeader("ETag");
    String brotliETag = server.fetch("/app.css", "Accept-Encoding", "br").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/app.css", "Accept-Encoding", "br", "Range", "bytes=5-14");

    assertEquals(206, res.statusCode());
    assertEquals(CSS.substring(5, 15), res.bodyAsString());
    assertEquals("bytes 5-14/" + CSS.length(), res.getHeader("Content-Range"));
    assertEquals("10", res.getHeader("Content-Length"));
    assertNull(res.getHeader("Content-Encoding"));
    assertVaryAcceptEncoding(res.getHeader("Vary"));
    assertEquals(identityETag, res.getHeader("ETag"));
    assertNotEquals(brotliETag, res.getHeader("ETag"));
  }

  @Test
  void ifMatchWithTheIdentityETagHonoursARangeEvenWhenAnEncodingIsAccepted(Vertx vertx, @TempDir Path dir) {
    TestServer server = startWithVariant(vertx, dir);
    String identityETag = server.fetch("/app.css").getHeader("ETag");

    // SPEC §6: the range is cut from the identity, so the identity is what If-Match is about.
    HttpResponse<Buffer> res = server.fetch("/app.css", "Accept-Encoding", "br", "Range", "bytes=0-9",
        "If-Match", identityETag);

    assertEquals(206, res.statusCode());
    assertEquals(CSS.substring(0, 10), res.bodyAsString());
    assertEquals("bytes 0-9/" + CSS.length(), res.getHeader("Content-Range"));
    assertEquals(identityETag, res.getHeader("ETag"));
    assertNull(res.getHeader("Content-Encoding"));
  }

  @Test
  void ifNoneMatchWithTheIdentityETagAnswers304ToARangeEvenWhenAnEncodingIsAccepted(Vertx vertx,
      @TempDir Path dir) {
    TestServer server = startWithVariant(vertx, dir);
    String identityETag = server.fetch("/app.css").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/app.css", "Accept-Encoding", "br", "Range", "bytes=0-9",
        "If-None-Match", identityETag);

    assertEquals(304, res.statusCode());
    assertEquals(identityETag, res.getHeader("ETag"));
    assertVaryAcceptEncoding(res.getHeader("Vary"));
    assertNull(res.getHeader("Content-Range"));
    assertNull(res.body());
  }

  @Test
  void unsatisfiableRangeOfAnAssetWithVariantsAnswers416WithVaryAndNoBody(Vertx vertx, @TempDir Path dir) {
    TestServer server = startWithVariant(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "Accept-Encoding", "br", "Range", "bytes=5000-");

    assertEquals(416, res.statusCode());
    assertEquals("bytes */" + CSS.length(), res.getHeader("Content-Range"));
    assertVaryAcceptEncoding(res.getHeader("Vary"));
    assertEquals("0", res.getHeader("Content-Length"));
    assertNull(res.getHeader("Content-Encoding"));
    assertNull(res.body());
  }

  @Test
  void ifRangeWithTheStrongETagHonoursTheRange(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = server.fetch("/data.bin").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/data.bin", "Range", "bytes=0-9", "If-Range", etag);

    assertPartial(0, 9, res);
  }

  @Test
  void ifRangeWithAnotherETagSendsTheWholeFile(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/data.bin", "Range", "bytes=0-9", "If-Range", "\"another\"");

    assertFull(res);
  }

  @Test
  void ifRangeWithAWeakFormOfTheETagSendsTheWholeFile(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = server.fetch("/data.bin").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/data.bin", "Range", "bytes=0-9", "If-Range", "W/" + etag);

    assertFull(res);
  }

  @Test
  void ifRangeWithTheExactLastModifiedHonoursTheRange(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/data.bin", "Range", "bytes=0-9", "If-Range", LAST_MODIFIED);

    assertPartial(0, 9, res);
  }

  @Test
  void ifRangeWithAnotherDateSendsTheWholeFile(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/data.bin", "Range", "bytes=0-9",
        "If-Range", "Tue, 14 Nov 2023 22:13:21 GMT");

    assertFull(res);
  }

  @Test
  void rangeOfAnEmptyFileAnswersAnEmpty200(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("empty.txt", new byte[0]);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.fetch("/empty.txt", "Range", "bytes=0-0");

    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Content-Range"));
    assertEquals("0", res.getHeader("Content-Length"));
    assertArrayEquals(new byte[0], body(res));
  }

  @Test
  void rangeOnHeadIsIgnored(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.head("/data.bin").putHeader("Range", "bytes=0-9").send().await();

    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Content-Range"));
    assertEquals("100", res.getHeader("Content-Length"));
    assertEquals("bytes", res.getHeader("Accept-Ranges"));
    assertNull(res.body());
  }
}
