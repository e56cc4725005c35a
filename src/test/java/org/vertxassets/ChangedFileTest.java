package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.Fault;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §7 for each way a body is sent: a file changed after the index was built, or while it is
 * being sent, never yields a 200 whose body differs in length from its {@code Content-Length}.
 * What the index holds (bytes in memory, or an open file) is served as indexed; a file that has
 * to be read as it is now answers 404 with one warning naming it; a body cut short by a change
 * ends with a closed connection, so that the client can tell.
 */
@ExtendWith(VertxExtension.class)
class ChangedFileTest {

  /** Where the body of {@code /file.bin} comes from, over cleartext HTTP/1.1. */
  enum Tier {
    /** Under {@code zeroCopyMinFileSize}: held in memory at the build, sent from memory. */
    MEMORY(2_000, AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE, AssetsOptions.DEFAULT_OPEN_FILE_LIMIT),
    /** Over it, and held in memory too: sent by sendfile(2) from a file kept open, or from memory if that changed. */
    MEMORY_AND_KEPT_OPEN(100_000, AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE, AssetsOptions.DEFAULT_OPEN_FILE_LIMIT),
    /** Over {@code memoryMaxFileSize}: opened by its first request and kept open by the index. */
    KEPT_OPEN(100_000, 64 * 1024, AssetsOptions.DEFAULT_OPEN_FILE_LIMIT),
    /** Over it, with {@code openFileLimit} taken by another file: opened for each request. */
    OPENED_PER_REQUEST(100_000, 64 * 1024, 1);

    final int size;
    final long memoryMaxFileSize;
    final int openFileLimit;

    Tier(int size, long memoryMaxFileSize, int openFileLimit) {
      this.size = size;
      this.memoryMaxFileSize = memoryMaxFileSize;
      this.openFileLimit = openFileLimit;
    }

    boolean inMemory() {
      return this == MEMORY || this == MEMORY_AND_KEPT_OPEN;
    }
  }

  private LogCapture log;

  @BeforeEach
  void captureLog() {
    log = LogCapture.everything().silencing(ClientGoneTest.VERTX_CONNECTION);
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  static Stream<Arguments> tiersAndFaults() {
    return Stream.of(Tier.values()).flatMap(t -> Stream.of(Fault.values()).map(f -> Arguments.of(t, f)));
  }

  /** Returns whether the answer after {@code fault} is the indexed bytes (else a 404): what the index holds survives. */
  private static boolean servedAsIndexed(Tier tier, Fault fault) {
    return switch (tier) {
      case MEMORY, MEMORY_AND_KEPT_OPEN -> true;
      // The descriptor held open reads the unlinked or renamed-over inode; a change in place shows.
      case KEPT_OPEN -> fault == Fault.DELETED || fault == Fault.REPLACED_BY_RENAME;
      case OPENED_PER_REQUEST -> false;
    };
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("tiersAndFaults")
  void fileChangedAfterTheBuildIsServedAsIndexedOrAnswered404(Tier tier, Fault fault, Vertx vertx,
      @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] indexed = Site.random(tier.size, 1);
    Path file = site.write("file.bin", indexed);
    site.write("held.bin", Site.random(100_000, 2));
    AssetsOptions options = site.options().setMemoryMaxFileSize(tier.memoryMaxFileSize)
        .setOpenFileLimit(tier.openFileLimit);
    TestServer server = TestServer.mount(vertx, options).await();
    if (tier == Tier.OPENED_PER_REQUEST) {
      assertEquals(200, server.get("/held.bin").send().await().statusCode());
    }
    assertArrayEquals(indexed, server.get("/file.bin").send().await().body().getBytes());
    long held = tier == Tier.MEMORY ? 0 : 1;
    assertEquals(held, server.handler.index().openFileCount(), "held.bin or file.bin is kept open");
    assertEquals(tier.inMemory(), server.handler.index().memoryBytes() >= indexed.length);

    fault.apply(file);
    RawResponse res = RawResponse.parse(server.raw("GET /file.bin HTTP/1.1\r\nHost: localhost").await());

    if (servedAsIndexed(tier, fault)) {
      assertEquals(200, res.status(), res.statusLine());
      assertEquals(new String(indexed, StandardCharsets.ISO_8859_1), res.body(), "the indexed bytes");
      assertEquals(0, log.warnings().size(), log.warnings().toString());
    } else {
      assertEquals(404, res.status(), res.statusLine());
      assertEquals("0", res.header("Content-Length"));
      assertEquals(1, log.warningsNaming(dir.toRealPath().resolve("file.bin") + " is no longer as indexed"),
          log.warnings().toString());
    }
    log.assertNoErrorNorStackTrace();
    // No descriptor leaks: what the index held before is all it holds now.
    Descriptors.settle(vertx, () -> Descriptors.under(dir), held).await();
  }

  @Test
  void manyRebuildsAcrossChangesLeaveOnlyTheCurrentIndexFilesOpen(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("a.bin", Site.random(100_000, 1));
    site.write("b.bin", Site.random(100_000, 2));
    site.write("c.bin", Site.random(100_000, 3));
    site.write("small.css", "a{}");
    // Two files are kept open (a.bin and b.bin, asked for first), c.bin is opened per request.
    AssetsOptions options = site.options().setOpenFileLimit(2);
    TestServer server = TestServer.mount(vertx, options).await();

    for (int round = 0; round < 20; round++) {
      getAll(server);
      Fault.REPLACED_BY_RENAME.apply(dir.resolve("a.bin"));
      site.write("a.bin", Site.random(100_000, round));
      Fault.GROWN.apply(dir.resolve("b.bin"));
      Fault.DELETED.apply(dir.resolve("c.bin"));
      // The index as built before the changes: whatever it answers has its length right.
      getAll(server);
      site.write("c.bin", Site.random(100_000, round));
      server.handler.update(AssetIndex.build(vertx, options).await());
    }
    getAll(server);

    assertEquals(2, server.handler.index().openFileCount());
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 2).await();
    log.assertNoErrorNorStackTrace();
  }

  /** GETs every file on a connection of its own; RawResponse checks each body against its length. */
  private static void getAll(TestServer server) {
    for (String path : List.of("/a.bin", "/b.bin", "/c.bin", "/small.css")) {
      RawResponse res = RawResponse.parse(server.raw("GET " + path + " HTTP/1.1\r\nHost: localhost").await());
      assertTrue(res.status() == 200 || res.status() == 404, res.statusLine());
    }
  }

  /** The largest body Vert.x sends as one region, and one it would split. */
  static Stream<Arguments> largeSizesAndTransports() {
    return Stream.of(LargeFileTest.VERTX_REGION - 1, 8 * LargeFileTest.VERTX_REGION)
        .flatMap(size -> Stream.of(Arguments.of(size, false), Arguments.of(size, true)));
  }

  @ParameterizedTest(name = "{0} bytes, epoll: {1}")
  @MethodSource("largeSizesAndTransports")
  void fileTruncatedWhileASlowClientReadsItEndsInAShortBodyAndAClosedConnection(long size, boolean epoll,
      Vertx nio, @TempDir Path dir) throws Exception {
    Vertx vertx = epoll ? Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)) : nio;
    try {
      assertEquals(epoll, vertx.isNativeTransportEnabled());
      Site site = new Site(dir);
      byte[] indexed = Site.random((int) size, 3);
      Path file = site.write("big.bin", indexed);
      TestServer server = TestServer.mount(vertx, site.options(),
          new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER)).await();
      RawClient client = RawClient.request(vertx, server.port, "GET /big.bin HTTP/1.1\r\nHost: localhost", 32 * 1024)
          .await();
      client.paused().await();

      // The client has the head and some of the body; the rest cannot all be in the socket buffers.
      Fault.TRUNCATED.apply(file);
      client.readSlowly();
      // Bounded only to turn a connection left open (a response that lies) into a failure, not a hang.
      Buffer received = client.closed().await(20, TimeUnit.SECONDS);

      int head = RawClient.headLength(received);
      assertEquals(200, RawClient.status(received));
      assertEquals(String.valueOf(size), RawClient.header(received, "Content-Length"));
      byte[] body = received.getBytes(head, received.length());
      assertTrue(body.length < size, "a body shorter than its Content-Length: " + body.length);
      // What did arrive are the indexed bytes: a short body the client can tell, not other bytes.
      assertArrayEquals(Arrays.copyOf(indexed, body.length), body);
      log.first(LogCapture.at(Level.WARNING, "changed size")).await(10, TimeUnit.SECONDS);
      assertEquals(1, log.warningsNaming("/big.bin"), log.warnings().toString());
      log.assertNoErrorNorStackTrace();
      Descriptors.settle(vertx, () -> Descriptors.under(dir), 1).await();
    } finally {
      if (epoll) {
        vertx.close().await();
      }
    }
  }

}
