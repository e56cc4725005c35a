package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The bundled server's access log ({@code accessLog}): a line per request in the combined log
 * format, with the body bytes the client was actually sent, and a line for the requests refused
 * before any route runs.
 */
@ExtendWith(VertxExtension.class)
class AccessLogTest {

  private static final String LOGGER = "org.vertxassets.access";
  /** {@code 127.0.0.1 - - [05/Dec/2026:05:30:00 +0000] "GET /a.js HTTP/1.1" 200 11 "-" "ua"}. */
  private static final Pattern COMBINED = Pattern.compile(
      "(\\S+) - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] \"([^\"]*)\" (\\d{3}) (\\d+)"
          + " \"([^\"]*)\" \"([^\"]*)\"");

  /** Returns the line for {@code request} (as {@code GET /a.js HTTP/1.1}), waiting for it at most 10 s. */
  private static Matcher line(LogCapture access, String request) throws Exception {
    LogRecord record = access.first(r -> r.getMessage().contains("\"" + request + "\""))
        .await(10, TimeUnit.SECONDS);
    Matcher m = COMBINED.matcher(record.getMessage());
    assertTrue(m.matches(), "not the combined log format: " + record.getMessage());
    return m;
  }

  private static long bytes(LogCapture access, String request) throws Exception {
    return Long.parseLong(line(access, request).group(4));
  }

  /**
   * Returns an h2c client that has asked for {@code path} and reset the stream once its first
   * bytes arrived; the handler is set on the event loop as the response arrives, before any bytes.
   */
  private static HttpClient resetAfterFirstBytes(Vertx vertx, int port, String path) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    Promise<Void> reset = Promise.promise();
    client.request(HttpMethod.GET, port, "localhost", path).onSuccess(req -> req.send().onSuccess(res ->
        res.handler(chunk -> {
          res.request().reset();
          reset.tryComplete();
        })));
    reset.future().await(10, TimeUnit.SECONDS);
    return client;
  }

  @Test
  void eachRequestHasALineInTheCombinedLogFormat(Vertx vertx, @TempDir Path dir) throws Exception {
    new Site(dir).write("app.js", "let a = 1;\n");

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, new Site(dir).config().put("accessLog", true)).await();
      d.client.get("/app.js").putHeader("User-Agent", "access-log-test")
          .putHeader("Referer", "https://example.com/page").send().await();

      Matcher m = line(access, "GET /app.js HTTP/1.1");
      assertEquals("127.0.0.1", m.group(1));
      assertEquals("200", m.group(3));
      assertEquals("11", m.group(4));
      assertEquals("https://example.com/page", m.group(5));
      assertEquals("access-log-test", m.group(6));
      assertEquals(java.util.logging.Level.INFO, access.records().get(0).getLevel());
    }
  }

  @Test
  void theLengthOfEachBodySentWhole(Vertx vertx, @TempDir Path dir) throws Exception {
    // From memory, from a kept-open file, and in several regions (1 MiB or more); HEAD and 304 send no body.
    Site site = new Site(dir);
    site.write("small.js", "let a = 1;\n");
    site.write("mid.bin", new byte[300_000]);
    site.write("large.bin", new byte[3 * 1024 * 1024 + 1]);

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true)).await();
      for (String path : List.of("/small.js", "/mid.bin", "/large.bin")) {
        assertEquals(200, d.client.get(path).send().await().statusCode());
      }
      assertEquals(200, d.client.head("/large.bin").send().await().statusCode());
      String etag = d.client.get("/small.js").send().await().getHeader("ETag");
      assertEquals(304, d.client.get("/small.js").putHeader("If-None-Match", etag).send().await().statusCode());
      assertEquals(206, d.client.get("/mid.bin").putHeader("Range", "bytes=0-99").send().await().statusCode());
      assertEquals(404, d.client.get("/missing.js").send().await().statusCode());

      assertEquals(11, bytes(access, "GET /small.js HTTP/1.1"));
      assertEquals(300_000, bytes(access, "GET /mid.bin HTTP/1.1"));
      assertEquals(3 * 1024 * 1024 + 1, bytes(access, "GET /large.bin HTTP/1.1"));
      assertEquals(0, bytes(access, "HEAD /large.bin HTTP/1.1"));
      for (String answer : List.of("\"GET /small.js HTTP/1.1\" 304 0 ", "\"GET /mid.bin HTTP/1.1\" 206 100 ")) {
        assertTrue(access.first(r -> r.getMessage().contains(answer)).await(10, TimeUnit.SECONDS) != null, answer);
      }
      assertEquals("404", line(access, "GET /missing.js HTTP/1.1").group(3));
    }
  }

  @Test
  void aDownloadCutShortLogsTheBytesThatLeftNotItsLength(Vertx vertx, @TempDir Path dir) throws Exception {
    // 16 MiB from the disk with sendfile(2): the client reads 100 KiB and hangs up. A small send
    // buffer keeps what the kernels hold between the two small.
    int length = 16 * 1024 * 1024;
    Site site = new Site(dir);
    site.write("video.bin", Site.random(length, 7));

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true)
          .put("server", new JsonObject().put("sendBufferSize", RawClient.SOCKET_BUFFER))).await();
      RawClient client = RawClient.hangingUpAfter(vertx, d.port, "GET /video.bin HTTP/1.1\r\nHost: localhost\r\n\r\n",
          100 * 1024).await();
      Buffer received = client.closed().await(10, TimeUnit.SECONDS);
      long body = received.length() - RawClient.headLength(received);

      long logged = bytes(access, "GET /video.bin HTTP/1.1");
      assertTrue(logged >= body, "the client had " + body + " bytes of the body, the log says " + logged);
      assertTrue(logged < length / 4, "a download cut short at " + body + " bytes logs " + logged + " of " + length);
    }
  }

  @Test
  void aDownloadCutShortOverTlsLogsThePiecesThatLeft(Vertx vertx, @TempDir Path dir) throws Exception {
    int length = 3 * 1024 * 1024;
    Site site = new Site(dir);
    site.write("big.bin", Site.random(length, 8));
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    JsonObject server = new JsonObject().put("ssl", true).put("sendBufferSize", RawClient.SOCKET_BUFFER)
        .put("pemKeyCertOptions", new PemKeyCertOptions().setCertPath(certificate.certificatePath())
            .setKeyPath(certificate.privateKeyPath()).toJson());

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true).put("server", server)).await();
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
          .setVerifyHost(false).setReceiveBufferSize(RawClient.SOCKET_BUFFER));
      Promise<Void> cut = Promise.promise();
      // The handler is set on the event loop as the response arrives, before its first bytes.
      client.request(HttpMethod.GET, d.port, "localhost", "/big.bin").onSuccess(req -> req.send().onSuccess(res ->
          res.handler(chunk -> {
            res.request().connection().close();
            cut.tryComplete();
          })));
      cut.future().await(10, TimeUnit.SECONDS);

      long logged = bytes(access, "GET /big.bin HTTP/1.1");
      assertTrue(logged < length / 2, "a TLS download cut short logs " + logged + " of " + length);
      client.close();
    }
  }

  @Test
  void aStreamResetOverHttp2LogsThePiecesThatLeft(Vertx vertx, @TempDir Path dir) throws Exception {
    int length = 3 * 1024 * 1024;
    Site site = new Site(dir);
    site.write("big.bin", Site.random(length, 9));

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true)).await();
      HttpClient client = resetAfterFirstBytes(vertx, d.port, "/big.bin");

      long logged = bytes(access, "GET /big.bin HTTP/2.0");
      assertTrue(logged < length / 2, "a stream reset after its first bytes logs " + logged + " of " + length);
      // The same file sent whole on the same connection logs its length.
      client.request(HttpMethod.GET, d.port, "localhost", "/big.bin?again")
          .compose(req -> req.send().compose(res -> res.body())).await(10, TimeUnit.SECONDS);
      assertEquals(length, bytes(access, "GET /big.bin?again HTTP/2.0"));
      client.close();
    }
  }

  @Test
  void aStreamResetOverHttp2LogsWhatTheStreamTookOfAFileReadFromDisk(Vertx vertx, @TempDir Path dir)
      throws Exception {
    // memoryMaxFileSize 0: the body is read from the file and piped to the stream.
    int length = 8 * 1024 * 1024;
    Site site = new Site(dir);
    site.write("big.bin", Site.random(length, 10));

    try (LogCapture access = LogCapture.start(LOGGER); LogCapture log = LogCapture.start()) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true).put("memoryMaxFileSize", 0))
          .await();
      HttpClient client = resetAfterFirstBytes(vertx, d.port, "/big.bin");

      long logged = bytes(access, "GET /big.bin HTTP/2.0");
      assertTrue(logged < length / 2, "a stream reset after its first bytes logs " + logged + " of " + length);
      client.request(HttpMethod.GET, d.port, "localhost", "/big.bin?whole")
          .compose(req -> req.send().compose(res -> res.body())).await(10, TimeUnit.SECONDS);
      assertEquals(length, bytes(access, "GET /big.bin?whole HTTP/2.0"));
      client.close();
      log.assertNoErrorNorStackTrace();
    }
  }

  @Test
  void requestsRefusedBeforeAnyRouteHaveTheirLine(Vertx vertx, @TempDir Path dir) throws Exception {
    new Site(dir).write("app.js", "1");

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, new Site(dir).config().put("accessLog", true)).await();

      assertTrue(RawClient.exchange(vertx, d.port, "GET /%zz HTTP/1.1\r\nHost: localhost").await()
          .matches("(?s)HTTP/1\\.[01] 400 .*"));
      assertEquals("400", line(access, "GET /%zz HTTP/1.1").group(3));

      assertTrue(RawClient.exchange(vertx, d.port, "OPTIONS * HTTP/1.1\r\nHost: localhost").await()
          .matches("(?s)HTTP/1\\.[01] 404 .*"));
      assertEquals("404", line(access, "OPTIONS * HTTP/1.1").group(3));

      String longTarget = "/" + "a".repeat(5_000);
      assertTrue(RawClient.exchange(vertx, d.port, "GET " + longTarget + " HTTP/1.1\r\nHost: localhost").await()
          .matches("(?s)HTTP/1\\.[01] 414 .*"));
      // Vert.x's decoder answers a request it could not read as HTTP/1.0, which its line says too.
      assertTrue(access.first(r -> r.getMessage().contains("\" 414 0 ")).await(10, TimeUnit.SECONDS) != null);

      String bigHeader = "X-Big: " + "b".repeat(9_000);
      assertTrue(RawClient.exchange(vertx, d.port, "GET /app.js HTTP/1.1\r\nHost: localhost\r\n" + bigHeader)
          .await().matches("(?s)HTTP/1\\.[01] 431 .*"));
      assertTrue(access.first(r -> r.getMessage().contains("\" 431 0 ")).await(10, TimeUnit.SECONDS) != null);

      assertTrue(RawClient.exchange(vertx, d.port, "GET /app.js HTTP/1.1\r\nHost: localhost\r\nno colon here")
          .await().matches("(?s)HTTP/1\\.[01] 400 .*"));
      assertTrue(access.first(r -> r.getMessage().contains("\" 400 0 ") && r.getMessage().contains("/app.js"))
          .await(10, TimeUnit.SECONDS) != null);
    }
  }

  @Test
  void whatTheClientSentIsEscapedSoThatNoRequestWritesALineOfItsOwn(Vertx vertx, @TempDir Path dir) throws Exception {
    new Site(dir).write("app.js", "1");

    try (LogCapture access = LogCapture.start(LOGGER)) {
      TestServer d = TestServer.deploy(vertx, new Site(dir).config().put("accessLog", true)).await();
      RawClient.exchange(vertx, d.port, "GET /app.js HTTP/1.1\r\nHost: localhost\r\n"
          + "User-Agent: evil\" 200 0 \"x\\é").await();

      Matcher m = line(access, "GET /app.js HTTP/1.1");
      assertEquals("evil\\x22 200 0 \\x22x\\x5C\\xE9", m.group(6));
    }
  }
}
