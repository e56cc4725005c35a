package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Vert.x sends a file body of 1 MiB or more as several regions: every byte arrives, in order, at
 * every size around that split and for ranges, and a pipelined request behind such a body is
 * answered after it, whole.
 */
@ExtendWith(VertxExtension.class)
class LargeFileTest {

  /** The size of the regions Vert.x 5.0 splits a {@code sendFile} body into. */
  static final long VERTX_REGION = 1024 * 1024;

  private Vertx epoll;

  @AfterEach
  void stopEpoll() {
    if (epoll != null) {
      epoll.close().await();
    }
  }

  static Stream<Arguments> sizesAndTransports() {
    long t = VERTX_REGION;
    return Stream.of(t - 1, t, t + 1, 5 * t / 2 + 7)
        .flatMap(size -> Stream.of(Arguments.of(size, false), Arguments.of(size, true)));
  }

  @ParameterizedTest(name = "{0} bytes, epoll: {1}")
  @MethodSource("sizesAndTransports")
  void fileAroundTheSplitArrivesWhole(long size, boolean onEpoll, Vertx nio, @TempDir Path dir) {
    Vertx vertx = nio;
    if (onEpoll) {
      vertx = epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
      assertTrue(epoll.isNativeTransportEnabled());
    }
    Site site = new Site(dir);
    byte[] bytes = Site.random((int) size, 1);
    site.write("video.mp4", bytes);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> res = server.get("/video.mp4").send().await();

      assertEquals(200, res.statusCode());
      assertEquals(String.valueOf(size), res.getHeader("Content-Length"));
      assertArrayEquals(bytes, res.body().getBytes());
    }
  }

  @Test
  void rangeOfSeveralRegionsStartingMidRegionArrivesWhole(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] bytes = Site.random(4 * 1024 * 1024, 1);
    site.write("video.mp4", bytes);
    TestServer server = TestServer.mount(vertx, site.options()).await();
    int first = 300_001;
    int last = first + 2 * 1024 * 1024 + 12_345;

    HttpResponse<Buffer> res = server.get("/video.mp4").putHeader("Range", "bytes=" + first + "-" + last).send().await();

    assertEquals(206, res.statusCode());
    assertEquals("bytes " + first + "-" + last + "/" + bytes.length, res.getHeader("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(bytes, first, last + 1), res.body().getBytes());
  }

  @Test
  void requestsPipelinedBehindALargeFileAreAnsweredAfterItInOrder(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] big = Site.random(3 * 1024 * 1024 + 5, 1);
    site.write("big.bin", big);
    site.write("small.txt", "small\n");
    TestServer server = TestServer.mount(vertx, site.options()).await();
    String bigText = new String(big, StandardCharsets.ISO_8859_1);

    String answer = server.raw("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000000-\r\n\r\n"
        + "GET /small.txt HTTP/1.1\r\nHost: x").await();

    String[] bodies = answer.split("HTTP/1\\.1 20[06] [A-Za-z ]+\r\n[^\r]*(?:\r\n[^\r]+)*\r\n\r\n", -1);
    assertEquals(5, bodies.length, "four answers");
    assertEquals(Arrays.asList("", bigText, "small\n", bigText.substring(1_000_000), "small\n"),
        Arrays.asList(bodies));
  }

  @Test
  void http10ClientGetsALargeFileWholeAndTheConnectionClosed(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] big = Site.random(2 * 1024 * 1024 + 9, 1);
    site.write("big.bin", big);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    // TestServer.raw returns once the server has closed the connection.
    RawResponse res = RawResponse.parse(server.raw("GET /big.bin HTTP/1.0").await());

    assertEquals("HTTP/1.0 200 OK", res.statusLine());
    assertEquals(new String(big, StandardCharsets.ISO_8859_1), res.body());
  }

}
