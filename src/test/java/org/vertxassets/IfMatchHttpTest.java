package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * SPEC §5: {@code If-Match} and {@code If-Unmodified-Since}, the preconditions that answer 412
 * (RFC 9110 §13.2.2, steps 1 and 2), over HTTP.
 */
@ExtendWith(VertxExtension.class)
class IfMatchHttpTest {

  private static final String CSS = "body { color: red; }\n".repeat(50);
  /** One second either side of {@link Site#MODIFIED}, as HTTP-dates. */
  private static final String ONE_SECOND_EARLIER = "Tue, 14 Nov 2023 22:13:19 GMT";
  private static final String ONE_SECOND_LATER = "Tue, 14 Nov 2023 22:13:21 GMT";

  /** A server with app.css and a smaller app.css.br, so that its responses vary. */
  private static TestServer start(Vertx vertx, Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".br", "a brotli stand-in");
    return TestServer.mount(vertx, site.options()).await();
  }

  /** Returns the ETag of app.css as sent without Accept-Encoding. */
  private static String etag(TestServer server) {
    String etag = server.fetch("/app.css").getHeader("ETag");
    assertNotNull(etag);
    return etag;
  }

  private static void assertFull(HttpResponse<Buffer> res) {
    assertEquals(200, res.statusCode());
    assertEquals(CSS, res.bodyAsString());
  }

  /** Asserts a 412 without a body: {@code Content-Length: 0}, nothing after the headers, and a valid Date. */
  private static void assertPreconditionFailed(HttpResponse<Buffer> res) {
    assertEquals(412, res.statusCode());
    assertEquals("0", res.getHeader("Content-Length"));
    assertNull(res.body());
    String date = res.getHeader("Date");
    assertNotNull(date, "Date");
    assertNotEquals(HttpDates.INVALID, HttpDates.parse(date), date);
  }

  @Test
  void ifMatchWithoutTheETagAnswers412(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", "\"not-the-etag\"");

    assertPreconditionFailed(res);
  }

  @Test
  void failedIfMatchAnswers412EvenWhenIfNoneMatchWouldMatch(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", "\"not-the-etag\"", "If-None-Match", etag);

    assertPreconditionFailed(res);
  }

  @Test
  void ifMatchWithTheETagAnswers200(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", etag);

    assertFull(res);
  }

  @Test
  void starInIfMatchAnswers200(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", "*");

    assertFull(res);
  }

  @Test
  void weakTagInIfMatchNeverMatchesAndAnswers412(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", "W/" + etag);

    assertPreconditionFailed(res);
  }

  @Test
  void ifUnmodifiedSinceEarlierThanLastModifiedAnswers412(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Unmodified-Since", ONE_SECOND_EARLIER);

    assertPreconditionFailed(res);
  }

  @Test
  void ifUnmodifiedSinceIsIgnoredWhenIfMatchIsPresent(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    // RFC 9110 §13.2.2 step 2 looks at If-Unmodified-Since only when If-Match is absent.
    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Match", etag, "If-Unmodified-Since", ONE_SECOND_EARLIER);

    assertFull(res);
  }

  @Test
  void failedIfUnmodifiedSinceAnswers412EvenWhenIfNoneMatchMatches(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    HttpResponse<Buffer> res = server.fetch("/app.css",
        "If-Unmodified-Since", ONE_SECOND_EARLIER, "If-None-Match", etag);

    assertPreconditionFailed(res);
  }

  @Test
  void ifUnmodifiedSinceLaterThanLastModifiedAnswers200(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Unmodified-Since", ONE_SECOND_LATER);

    assertFull(res);
  }

  @Test
  void unparsableIfUnmodifiedSinceIsIgnored(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> res = server.fetch("/app.css", "If-Unmodified-Since", "not a date");

    assertFull(res);
  }

  @Test
  void ifMatchSentOnTwoLinesIsReadAsOneList(Vertx vertx, @TempDir Path dir) {
    TestServer server = start(vertx, dir);
    String etag = etag(server);

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\n"
        + "If-Match: \"zzz\"\r\nIf-Match: " + etag).await());

    assertEquals(200, res.status(), res.text());
    assertEquals(etag, res.header("ETag"));
    assertEquals(CSS, res.body());
  }
}
