package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.FileRegion;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A client that reads a multi-MiB file slowly gets it whole, while the server holds no copy of
 * the body (what waits in the connection's outbound buffer is a region of the file, not bytes)
 * and goes on answering other clients. The server's Netty channel is reached through Vert.x's
 * internal connection class, as in CorkTest.
 */
@ExtendWith(VertxExtension.class)
class SlowClientTest {

  private static final int SIZE = 8 * 1024 * 1024;

  private LogCapture log;
  private Vertx epoll;

  @BeforeEach
  void captureLog() {
    log = LogCapture.everything();
  }

  @AfterEach
  void release() {
    log.close();
    if (epoll != null) {
      epoll.close().await();
    }
  }

  /** What the server's connection has waiting to be written, read on its event loop. */
  private record Outbound(Object current, long pendingBytes, boolean writable) {
  }

  @ParameterizedTest(name = "epoll: {0}")
  @ValueSource(booleans = {false, true})
  void slowClientGetsTheWholeFileWhileTheServerHoldsNoCopyAndAnswersOthers(boolean onEpoll, Vertx nio,
      @TempDir Path dir) throws Exception {
    Vertx vertx = nio;
    if (onEpoll) {
      vertx = epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
      assertTrue(epoll.isNativeTransportEnabled(), String.valueOf(epoll.unavailableNativeTransportCause()));
    }
    Site site = new Site(dir);
    byte[] big = Site.random(SIZE, 7);
    site.write("big.bin", big);
    site.write("small.css", "body { color: red; }\n");
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Promise<Channel> bigConnection = Promise.promise();
    Router router = Router.router(vertx);
    router.get("/big.bin").handler(ctx -> {
      bigConnection.tryComplete(((HttpServerConnection) ctx.request().connection()).channelHandlerContext().channel());
      ctx.next();
    });
    router.route("/*").handler(handler);
    TestServer server = TestServer.listen(vertx, router, handler,
        new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER)).await();

    RawClient slow = RawClient.request(vertx, server.port,
        "GET /big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close", 64 * 1024).await();
    slow.paused().await();
    Outbound outbound = outbound(bigConnection.future().await());
    HttpResponse<Buffer> other = server.get("/small.css").send().await();

    // The memory tier is off for a file this large: the index holds no bytes of it.
    assertNull(((Asset) server.handler.index().lookup("/big.bin")).identity().body());
    // Zero-copy: while the client waits, the body in flight is a region of the file, and the bytes
    // queued in the server's memory are none of it (a copied body would queue its MiBs here).
    assertInstanceOf(FileRegion.class, outbound.current(), String.valueOf(outbound.current()));
    assertTrue(outbound.pendingBytes() < 64 * 1024, "bytes queued: " + outbound.pendingBytes());
    assertTrue(outbound.writable());
    // Another client was answered while the slow one was still reading.
    assertEquals(200, other.statusCode());
    assertEquals("body { color: red; }\n", other.bodyAsString());
    assertFalse(slow.closed().isComplete(), "the slow client had not finished");

    slow.readSlowly();
    Buffer received = slow.closed().await(60, TimeUnit.SECONDS);

    int head = RawClient.headLength(received);
    assertEquals(200, RawClient.status(received));
    assertEquals(String.valueOf(SIZE), RawClient.header(received, "Content-Length"));
    assertArrayEquals(big, received.getBytes(head, received.length()));
    log.assertNoErrorNorStackTrace();
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 1).await();
  }

  /** Returns what {@code channel} has waiting to be written, read on its event loop. */
  private static Outbound outbound(Channel channel) {
    Promise<Outbound> read = Promise.promise();
    channel.eventLoop().execute(() -> {
      ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
      read.complete(new Outbound(buffer.current(), buffer.totalPendingWriteBytes(), channel.isWritable()));
    });
    return read.future().await();
  }
}
