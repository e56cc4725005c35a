package org.vertxassets.impl.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsHandler;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A file sent with {@code sendFile} over HTTP/1.1 on the epoll transport is corked for the length
 * of the send and uncorked after it. {@code /probe} reports the cork of its own connection, read
 * through the same option the server sets.
 */
@ExtendWith(VertxExtension.class)
class CorkTest {

  private static final ChannelOption<Boolean> TCP_CORK =
      ChannelOption.valueOf("io.netty.channel.epoll.EpollChannelOption#TCP_CORK");

  private Vertx epoll;

  @BeforeEach
  void startEpoll() {
    epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertTrue(epoll.isNativeTransportEnabled(), "the epoll transport must load here: "
        + epoll.unavailableNativeTransportCause());
  }

  @AfterEach
  void stopEpoll() {
    epoll.close().await();
  }

  private static boolean corked(HttpServerRequest request) {
    // null where the transport has no such option (NIO)
    return Boolean.TRUE.equals(((HttpServerConnection) request.connection()).channelHandlerContext().channel()
        .config().getOption(TCP_CORK));
  }

  /** A server with {@code /probe} (answers whether its connection is corked) before the assets handler. */
  private static TestServer serve(Vertx vertx, Site site) {
    AssetsHandler handler = AssetsHandler.create(vertx, site.options().setMemoryMaxFileSize(0)).await();
    Router router = Router.router(vertx);
    router.get("/probe").handler(ctx -> ctx.end("corked=" + corked(ctx.request())));
    router.get("/hold").handler(ctx -> {
      Cork cork = Cork.hold(ctx.request());
      boolean during = cork != null && corked(ctx.request());
      if (cork != null) {
        cork.release();
      }
      ctx.end("held=" + (cork != null) + " during=" + during + " after=" + corked(ctx.request()));
    });
    router.route("/*").handler(handler);
    return TestServer.listen(vertx, router, handler).await();
  }


  @Test
  void corkIsHeldOnEpollAndReleased(@TempDir Path dir) {
    TestServer server = serve(epoll, new Site(dir));

    assertEquals("held=true during=true after=false", server.get("/hold").send().await().bodyAsString());
  }

  @Test
  void filesSentCorkedArriveWholeAndTheConnectionIsUncorkedAfterEach(@TempDir Path dir) {
    Site site = new Site(dir);
    byte[] big = Site.random(300_000, 1);
    byte[] odd = Site.random(65_537, 2);
    site.write("big.bin", big);
    site.write("odd.bin", odd);
    TestServer server = serve(epoll, site);
    // One connection (a pool of one, which TestServer's clients do not have): every request below
    // reuses it, so the probe sees the connection the files went over.
    WebClient one = WebClient.create(epoll, new WebClientOptions().setDefaultPort(server.port)
        .setDefaultHost("localhost").setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(1));

    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> whole = one.get(i % 2 == 0 ? "/big.bin" : "/odd.bin").send().await();
      assertEquals(200, whole.statusCode());
      assertArrayEquals(i % 2 == 0 ? big : odd, whole.body().getBytes());
      HttpResponse<Buffer> part = one.get("/big.bin").putHeader("range", "bytes=" + (i * 1000) + "-" + (i * 1000 + 70_000))
          .send().await();
      assertEquals(206, part.statusCode());
      assertArrayEquals(Arrays.copyOfRange(big, i * 1000, i * 1000 + 70_001), part.body().getBytes());
      assertEquals("corked=false", one.get("/probe").send().await().bodyAsString());
    }
  }

  @Test
  void pipelinedRequestsAroundCorkedFilesAreAnsweredInOrder(@TempDir Path dir) {
    // A request pipelined behind a file may be handled before the file's cork is released: its
    // answer then waits in the kernel until the release, and arrives in order, whole.
    Site site = new Site(dir);
    String text = "abcdefghij".repeat(20_000);
    site.write("big.txt", text);
    site.write("small.txt", "small\n");
    TestServer server = serve(epoll, site);

    String answer = server.raw("GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /big.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=100000-\r\n\r\n"
        + "GET /small.txt HTTP/1.1\r\nHost: x").await();

    String[] bodies = answer.split("HTTP/1\\.1 20[06] [A-Za-z ]+\r\n[^\r]*(?:\r\n[^\r]+)*\r\n\r\n", -1);
    assertEquals(Arrays.asList("", text, "small\n", text.substring(100_000), "small\n"), Arrays.asList(bodies));
  }

  @Test
  void nothingIsCorkedOnNioOrHttp2(Vertx nio, @TempDir Path dir) {
    TestServer onNio = serve(nio, new Site(dir));
    assertEquals("held=false during=false after=false", onNio.get("/hold").send().await().bodyAsString());

    TestServer h2c = serve(epoll, new Site(dir));
    WebClient h2 = h2c.client(new WebClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    HttpResponse<Buffer> res = h2.get("/hold").send().await();
    assertEquals(HttpVersion.HTTP_2, res.version());
    assertTrue(res.bodyAsString().startsWith("held=false"), res.bodyAsString());
  }
}
