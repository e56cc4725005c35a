package org.vertxassets;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Multipart;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §6: several ranges that do not coalesce get {@code 206 multipart/byteranges}, read here as
 * a client reads it, by its delimiters, and compared with the file's bytes; bounded so that no
 * request makes the server send more than the file.
 */
@ExtendWith(VertxExtension.class)
class MultipartRangeTest {

  /** 300 KiB: parts of it span several of the pieces a file is read in. */
  private static final int LENGTH = 300 * 1024;
  private static final byte[] PDF = Site.random(LENGTH, 15);
  private static final String PDF_TYPE = "application/pdf";

  /** Where the bytes come from. */
  enum Source {
    /** Held in memory: the file is deleted once the index is built, so nothing else could answer. */
    MEMORY,
    /** Past the memory threshold: read from the channel the open-file cache keeps. */
    KEPT_OPEN_FILE,
    /** Past the memory threshold, no open-file cache: opened for the answer and closed after it. */
    FILE_OPENED_PER_ANSWER;

    AssetsOptions options(Site site) {
      return switch (this) {
        case MEMORY -> site.options();
        case KEPT_OPEN_FILE -> site.options().setMemoryMaxFileSize(0);
        case FILE_OPENED_PER_ANSWER -> site.options().setMemoryMaxFileSize(0).setOpenFileLimit(0);
      };
    }
  }

  /** A client's protocol. */
  enum Protocol {
    HTTP_1_1(false, HttpVersion.HTTP_1_1),
    H2C(false, HttpVersion.HTTP_2),
    TLS_HTTP_1_1(true, HttpVersion.HTTP_1_1),
    TLS_H2(true, HttpVersion.HTTP_2);

    final boolean tls;
    final HttpVersion version;

    Protocol(boolean tls, HttpVersion version) {
      this.tls = tls;
      this.version = version;
    }

    HttpServerOptions server() {
      if (!tls) {
        return new HttpServerOptions();
      }
      SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
      return new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(certificate.keyCertOptions());
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

  static Stream<Arguments> sourcesAndProtocols() {
    return Stream.of(Source.values()).flatMap(s -> Stream.of(Protocol.values()).map(p -> Arguments.of(s, p)));
  }

  /** Returns a server of doc.pdf ({@link #PDF}) with the bytes in {@code source}, over {@code protocol}. */
  private static TestServer start(Vertx vertx, Path dir, Source source, Protocol protocol) throws Exception {
    Site site = new Site(dir);
    site.write("doc.pdf", PDF);
    TestServer server = TestServer.mount(vertx, source.options(site), protocol.server()).await();
    assertEquals(source == Source.MEMORY ? LENGTH : 0, server.handler.index().memoryBytes());
    if (source == Source.MEMORY) {
      Files.delete(dir.resolve("doc.pdf"));
    }
    return server;
  }

  private static TestServer start(Vertx vertx, Path dir) throws Exception {
    return start(vertx, dir, Source.MEMORY, Protocol.HTTP_1_1);
  }

  /**
   * Asserts a {@code 206 multipart/byteranges} whose parts, read by their delimiters, are the
   * ranges {@code firstLast} (first, last, first, last...) of {@code file}, in that order, each
   * with {@code partType}; and a {@code Content-Length} that is the body's length.
   */
  private static void assertParts(HttpResponse<Buffer> res, byte[] file, String partType, long... firstLast) {
    assertEquals(206, res.statusCode());
    String type = res.getHeader("Content-Type");
    assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
    assertNull(res.getHeader("Content-Range"), "RFC 9110 §15.3.7.2: each part has its own");
    assertNull(res.getHeader("Content-Encoding"));
    byte[] body = res.body().getBytes();
    assertEquals(String.valueOf(body.length), res.getHeader("Content-Length"));
    assertTrue(body.length <= file.length, "never more than the file: " + body.length);
    List<Multipart.Part> parts = Multipart.parse(type, body);
    assertEquals(firstLast.length / 2, parts.size());
    for (int i = 0; i < parts.size(); i++) {
      int first = (int) firstLast[2 * i];
      int last = (int) firstLast[2 * i + 1];
      Multipart.Part part = parts.get(i);
      assertEquals(partType, part.header("Content-Type"), "part " + i);
      assertEquals("bytes " + first + "-" + last + "/" + file.length, part.header("Content-Range"), "part " + i);
      assertArrayEquals(Arrays.copyOfRange(file, first, last + 1), part.body(), "part " + i);
    }
    assertEquals("\r\n", Multipart.afterClose(type, body), "an empty epilogue after the close delimiter");
  }

  /** Asserts a 200 with the whole of {@link #PDF}. */
  private static void assertWhole(HttpResponse<Buffer> res) {
    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Content-Range"));
    assertEquals(PDF_TYPE, res.getHeader("Content-Type"));
    assertEquals(String.valueOf(LENGTH), res.getHeader("Content-Length"));
    assertArrayEquals(PDF, res.body().getBytes());
  }

  /** Returns {@code bytes=} and {@code count} one-byte ranges two bytes apart: 0-0,2-2,4-4... */
  private static String tinyRanges(int count) {
    StringJoiner ranges = new StringJoiner(",", "bytes=", "");
    for (int i = 0; i < count; i++) {
      ranges.add(2 * i + "-" + 2 * i);
    }
    return ranges.toString();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("sourcesAndProtocols")
  void partsAreTheFilesBytesInTheOrderAsked(Source source, Protocol protocol, Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestServer server = start(vertx, dir, source, protocol);
    WebClient client = protocol.client(server);
    HttpResponse<Buffer> whole = client.head("/doc.pdf").send().await();

    // A part of 140 000 bytes spans several pieces; a suffix and a part before the others.
    HttpResponse<Buffer> res = client.get("/doc.pdf")
        .putHeader("Range", "bytes=1000-1099, 70000-209999, -5000, 0-9").send().await();

    assertEquals(protocol.version, res.version());
    assertParts(res, PDF, PDF_TYPE, 1000, 1099, 70000, 209999, LENGTH - 5000, LENGTH - 1, 0, 9);
    assertEquals(whole.getHeader("ETag"), res.getHeader("ETag"));
    assertEquals(whole.getHeader("Last-Modified"), res.getHeader("Last-Modified"));
    assertEquals(whole.getHeader("Cache-Control"), res.getHeader("Cache-Control"));
    assertEquals("bytes", res.getHeader("Accept-Ranges"));
    assertNotNull(res.getHeader("Date"));
    if (source == Source.FILE_OPENED_PER_ANSWER) {
      Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
    }
  }

  @Test
  void sameRequestGetsTheSameBytes(Vertx vertx, @TempDir Path dir) throws Exception {
    TestServer server = start(vertx, dir);

    HttpResponse<Buffer> one = server.fetch("/doc.pdf", "Range", "bytes=0-9,100-109");
    HttpResponse<Buffer> two = server.fetch("/doc.pdf", "Range", "bytes=0-9,100-109");

    // The boundary is derived from the content hash, as the ETag is: every instance agrees.
    assertEquals(one.getHeader("Content-Type"), two.getHeader("Content-Type"));
    assertEquals(one.body(), two.body());
  }

  @Test
  void overlappingRangesAreCoalescedWithinTheParts(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", "bytes=5000-5099, 0-9, 5050-5199, 5-19");

    assertParts(res, PDF, PDF_TYPE, 5000, 5199, 0, 19);
  }

  @Test
  void rangesThatCoalesceIntoOneAnswerASingle206(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", "bytes=10-19, 0-9, 5-15");

    assertEquals(206, res.statusCode());
    assertEquals(PDF_TYPE, res.getHeader("Content-Type"));
    assertEquals("bytes 0-19/" + LENGTH, res.getHeader("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(PDF, 0, 20), res.body().getBytes());
  }

  @Test
  void unsatisfiableRangesAreLeftOutOfTheParts(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", "bytes=0-9, 999999-, 100-109");

    assertParts(res, PDF, PDF_TYPE, 0, 9, 100, 109);
  }

  @Test
  void oneSatisfiableRangeAmongUnsatisfiableOnesIsASingle206(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", "bytes=999999-, 0-9");

    assertEquals(206, res.statusCode());
    assertEquals("bytes 0-9/" + LENGTH, res.getHeader("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(PDF, 0, 10), res.body().getBytes());
  }

  @Test
  void ifRangeWithTheETagAnswersTheParts(Vertx vertx, @TempDir Path dir) throws Exception {
    TestServer server = start(vertx, dir);
    String etag = server.head("/doc.pdf").send().await().getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/doc.pdf", "Range", "bytes=0-9,20-29", "If-Range", etag);

    assertParts(res, PDF, PDF_TYPE, 0, 9, 20, 29);
  }

  @Test
  void ifRangeWithAnotherETagAnswersTheWholeFile(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", "bytes=0-9,20-29", "If-Range", "\"other\"");

    assertWhole(res);
  }

  @Test
  void sixteenTinyRangesAreSixteenParts(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", tinyRanges(16));

    long[] expected = new long[32];
    for (int i = 0; i < 16; i++) {
      expected[2 * i] = 2 * i;
      expected[2 * i + 1] = 2 * i;
    }
    assertParts(res, PDF, PDF_TYPE, expected);
  }

  @Test
  void seventeenTinyRangesAnswerTheWholeFile(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", tinyRanges(17));

    assertWhole(res);
  }

  @Test
  void twoHundredRangesAnswerTheWholeFileOnce(Vertx vertx, @TempDir Path dir) throws Exception {
    // Overlapping ones too: each asks for most of the file.
    StringJoiner ranges = new StringJoiner(",", "bytes=", "");
    for (int i = 0; i < 200; i++) {
      ranges.add(i % 2 == 0 ? i + "-" : "-" + (LENGTH - i));
    }

    HttpResponse<Buffer> res = start(vertx, dir).fetch("/doc.pdf", "Range", ranges.toString());

    assertWhole(res);
  }

  @Test
  void partsThatWouldBeLongerThanTheFileAnswerTheWholeFile(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] small = Site.random(300, 3);
    site.write("small.bin", small);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    // 200 bytes of parts and about 200 of framing: the whole 300 bytes cost less.
    HttpResponse<Buffer> res = server.fetch("/small.bin", "Range", "bytes=0-99,200-299");

    assertEquals(200, res.statusCode());
    assertNull(res.getHeader("Content-Range"));
    assertArrayEquals(small, res.body().getBytes());
  }

  @Test
  void partsOfANegotiatedAssetAreCutFromTheIdentity(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    String css = "body { color: red; }\n".repeat(100);
    site.write("app.css", css);
    site.variant("app.css", ".br", "a brotli stand-in");
    TestServer server = TestServer.mount(vertx, site.options()).await();
    String identityETag = server.fetch("/app.css").getHeader("ETag");

    HttpResponse<Buffer> res = server.fetch("/app.css", "Accept-Encoding", "br", "Range", "bytes=0-9,1000-1019");

    assertParts(res, css.getBytes(ISO_8859_1), "text/css; charset=utf-8", 0, 9, 1000, 1019);
    assertEquals(identityETag, res.getHeader("ETag"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
  }

  @Test
  void headWithSeveralRangesAnswersA200WithoutABody(Vertx vertx, @TempDir Path dir) throws Exception {
    HttpResponse<Buffer> res = start(vertx, dir).head("/doc.pdf").putHeader("Range", "bytes=0-9,20-29").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(PDF_TYPE, res.getHeader("Content-Type"));
    assertEquals(String.valueOf(LENGTH), res.getHeader("Content-Length"));
    assertNull(res.body());
  }

  @Test
  void fileThatChangedSizeSinceTheBuildAnswers404(Vertx vertx, @TempDir Path dir) throws Exception {
    TestServer server = start(vertx, dir, Source.KEPT_OPEN_FILE, Protocol.HTTP_1_1);
    new Site(dir).write("doc.pdf", Arrays.copyOf(PDF, LENGTH - 1));

    try (LogCapture log = LogCapture.everything()) {
      HttpResponse<Buffer> res = server.fetch("/doc.pdf", "Range", "bytes=0-9,20-29");

      assertEquals(404, res.statusCode());
      assertEquals(1, log.warnings().size(), log.warnings()::toString);
    }
  }

  @ParameterizedTest(name = "curl {0}")
  @ValueSource(strings = {"--http1.1", "--http2-prior-knowledge"})
  void curlGetsBothParts(String protocol, Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append(String.format("line %02d\n", i));
    }
    site.write("notes.txt", text.toString());
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Path headers = dir.resolve("headers");
    Path body = dir.resolve("body");

    Process curl = curl(protocol, "-r", "0-9,20-29", "-D", headers.toString(), "-o", body.toString(),
        "http://localhost:" + server.port + "/notes.txt");

    assertEquals(0, curl.waitFor(), () -> "curl failed: " + stderr(curl));
    String head = Files.readString(headers, ISO_8859_1);
    String got = Files.readString(body, ISO_8859_1);
    assertTrue(head.startsWith(protocol.equals("--http1.1") ? "HTTP/1.1 206" : "HTTP/2 206"), head);
    assertTrue(head.toLowerCase(Locale.ROOT).contains("content-length: " + got.length() + "\r\n"), head);
    for (String range : new String[] {"0-9", "20-29"}) {
      int first = Integer.parseInt(range.substring(0, range.indexOf('-')));
      String part = "Content-Type: text/plain; charset=utf-8\r\nContent-Range: bytes " + range + "/800\r\n\r\n"
          + text.substring(first, first + 10) + "\r\n--";
      assertTrue(got.contains(part), got);
    }
  }

  /** Returns curl started with {@code args}, silent but for errors, or fails saying how to install it. */
  private static Process curl(String... args) throws Exception {
    Path curl = Stream.of("/usr/bin/curl", "/usr/local/bin/curl").map(Path::of).filter(Files::isExecutable)
        .findFirst().orElseThrow(() -> new AssertionError("curl is not installed: the multipart test reads an"
            + " answer with it. Run the tests with .ci/run, which installs it when it is missing, or: sudo apt-get"
            + " install curl"));
    List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--max-time", "20"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String stderr(Process process) {
    try {
      return new String(process.getErrorStream().readAllBytes(), ISO_8859_1);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void clientThatHangsUpMidPartsLeavesNoFileOpen(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] large = Site.random(4 * 1024 * 1024, 4);
    site.write("large.bin", large);
    TestServer server = TestServer.mount(vertx, Source.FILE_OPENED_PER_ANSWER.options(site),
        new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER)).await();

    try (LogCapture log = LogCapture.everything()) {
      Buffer got = RawClient.hangingUpAfter(vertx, server.port,
          "GET /large.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-999999,3000000-", 4096)
          .compose(RawClient::closed).await();

      assertEquals(206, RawClient.status(got));
      log.first(LogCapture.at(Level.FINE, "sending /large.bin ended early")).await(10, TimeUnit.SECONDS);
      Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
      assertEquals(List.of(), log.warnings());
    }
  }

  @Test
  void http2StreamResetMidPartsLeavesItsConnectionServing(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("large.bin", Site.random(4 * 1024 * 1024, 5));
    TestServer server = TestServer.mount(vertx, Source.FILE_OPENED_PER_ANSWER.options(site)).await();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("localhost").setDefaultPort(server.port));

    try (LogCapture log = LogCapture.everything()) {
      HttpClientRequest request = client.request(HttpMethod.GET, "/large.bin").await()
          .putHeader("Range", "bytes=0-999999,3000000-");
      AtomicBoolean connectionClosed = new AtomicBoolean();
      request.connection().closeHandler(v -> connectionClosed.set(true));
      // The handler is set as the response arrives, on the event loop: set later, from this thread,
      // it could miss bytes that came with the head.
      Promise<Void> firstBytes = Promise.promise();
      request.response().onSuccess(r -> r.handler(bytes -> firstBytes.tryComplete()));
      HttpClientResponse res = request.send().await(10, TimeUnit.SECONDS);
      firstBytes.future().await(10, TimeUnit.SECONDS);
      request.reset();

      log.first(LogCapture.at(Level.FINE, "sending /large.bin ended early")).await(10, TimeUnit.SECONDS);
      Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
      HttpClientResponse next = client.request(HttpMethod.GET, "/large.bin")
          .compose(r -> r.putHeader("Range", "bytes=0-9,20-29").send()).await();
      assertEquals(206, res.statusCode());
      assertEquals(206, next.statusCode());
      assertEquals(request.connection(), next.request().connection(), "one connection for both");
      assertTrue(!connectionClosed.get(), "the reset closed the stream, not the connection");
      assertEquals(List.of(), log.warnings());
    } finally {
      client.close().await();
    }
  }
}
