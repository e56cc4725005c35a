package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §5: {@code If-None-Match} and {@code If-Modified-Since}, the conditions that answer 304
 * (RFC 9110 §13.2.2, steps 3 and 4), and the order of all four, over HTTP.
 */
@ExtendWith(VertxExtension.class)
class ConditionalHttpTest {

  private static final String CSS = "body { color: red; }\n".repeat(50);
  /** {@link Site#MODIFIED} as an HTTP-date, and one second either side. */
  private static final String LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT";
  private static final String ONE_SECOND_EARLIER = "Tue, 14 Nov 2023 22:13:19 GMT";
  private static final String ONE_SECOND_LATER = "Tue, 14 Nov 2023 22:13:21 GMT";
  private static final String FAR_FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

  /** A server with app.css and a smaller app.css.br, so that its responses vary. */
  private static TestServer start(Vertx vertx, Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".br", "a brotli stand-in");
    return TestServer.mount(vertx, site.options()).await();
  }

  /** Returns the ETag of the variant sent for that Accept-Encoding (null: none sent). */
  private static String etag(TestServer server, String acceptEncoding) {
    HttpRequest<Buffer> request = server.get("/app.css");
    if (acceptEncoding != null) {
      request.putHeader("Accept-Encoding", acceptEncoding);
    }
    String etag = request.send().await().getHeader("ETag");
    assertNotNull(etag);
    return etag;
  }

  private static void assertFull(HttpResponse<Buffer> res) {
    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
  }

  /** Asserts {@code Vary: Accept-Encoding}; a field name is case-insensitive (RFC 9110 §5.1, §12.5.5). */
  private static void assertVaryAcceptEncoding(String vary) {
    assertEquals("Accept-Encoding", vary, "Vary");
  }

  @Test
  void matchingIfNoneMatchAnswers304WithCachingHeadersAndNothingElse(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server, null);

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + etag).await());

    assertEquals("HTTP/1.1 304 Not Modified", res.statusLine());
    assertEquals(etag, res.headers().get("etag"));
    assertEquals("public, max-age=60", res.headers().get("cache-control"));
    assertVaryAcceptEncoding(res.headers().get("vary"));
    assertEquals(LAST_MODIFIED, res.headers().get("last-modified"));
    assertNotEquals(HttpDates.INVALID, HttpDates.parse(res.headers().get("date")), res.headers().get("date"));
    assertFalse(res.headers().containsKey("content-length"), res.headers().toString());
    assertFalse(res.headers().containsKey("content-encoding"), res.headers().toString());
    assertFalse(res.headers().containsKey("transfer-encoding"), res.headers().toString());
    assertEquals("", res.body());
  }

  @Test
  void weakFormOfTheETagInIfNoneMatchAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server, null);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-None-Match", "W/" + etag);

    assertEquals(304, res.statusCode());
    assertNull(res.body());
  }

  @Test
  void starInIfNoneMatchAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-None-Match", "*");

    assertEquals(304, res.statusCode());
  }

  @Test
  void etagInTheMiddleOfAnIfNoneMatchListAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server, null);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-None-Match", "\"aaa\", " + etag + ", W/\"bbb\"");

    assertEquals(304, res.statusCode());
  }

  @Test
  void anotherTagInIfNoneMatchAnswers200(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-None-Match", "\"not-the-etag\"");

    assertFull(res);
  }

  @Test
  void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css",
        "If-None-Match", "\"not-the-etag\"", "If-Modified-Since", FAR_FUTURE);

    assertFull(res);
  }

  @Test
  void ifModifiedSinceEqualToLastModifiedAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Modified-Since", LAST_MODIFIED);

    assertEquals(304, res.statusCode());
    assertNotNull(res.getHeader("ETag"));
  }

  @Test
  void ifModifiedSinceLaterThanLastModifiedAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Modified-Since", ONE_SECOND_LATER);

    assertEquals(304, res.statusCode());
  }

  @Test
  void ifModifiedSinceEarlierThanLastModifiedAnswers200(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Modified-Since", ONE_SECOND_EARLIER);

    assertFull(res);
  }

  @Test
  void unparsableIfModifiedSinceIsIgnored(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Modified-Since", "yesterday, around noon");

    assertFull(res);
  }

  @Test
  void notModifiedForAnEncodedVariantCarriesThatVariantsETag(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String brotli = etag(server, "br");
    assertNotEquals(etag(server, null), brotli);

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br\r\n"
        + "If-None-Match: " + brotli).await());

    assertEquals("HTTP/1.1 304 Not Modified", res.statusLine());
    assertEquals(brotli, res.headers().get("etag"));
    assertVaryAcceptEncoding(res.headers().get("vary"));
    assertFalse(res.headers().containsKey("content-encoding"), res.headers().toString());
    assertFalse(res.headers().containsKey("content-length"), res.headers().toString());
    assertEquals("", res.body());
  }

  @Test
  void encodedVariantsETagDoesNotMatchTheIdentitySentWithoutAcceptEncoding(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String brotli = etag(server, "br");

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-None-Match", brotli);

    assertFull(res);
    assertNull(res.getHeader("Content-Encoding"));
    assertNotEquals(brotli, res.getHeader("ETag"));
  }

  @Test
  void ifNoneMatchSentOnTwoLinesIsReadAsOneList(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server, null);

    // RFC 9110 §5.3: field lines of the same name combine into one comma-separated list.
    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\n"
        + "If-None-Match: \"zzz\"\r\nIf-None-Match: " + etag).await());

    assertEquals("HTTP/1.1 304 Not Modified", res.statusLine());
    assertEquals(etag, res.header("ETag"));
    assertEquals("", res.body());
  }

  @Test
  void headWithAMatchingIfNoneMatchAnswers304(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server, null);

    HttpResponse<Buffer> res = server.head("/app.css").putHeader("If-None-Match", etag).send().await();

    assertEquals(304, res.statusCode());
    assertEquals(etag, res.getHeader("ETag"));
    assertNull(res.body());
  }
}
