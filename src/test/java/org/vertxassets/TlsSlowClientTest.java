package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;
import org.vertxassets.testing.TrustingAll;

/**
 * A large body from memory over HTTP/1.1 with TLS goes out as the connection drains: clients that
 * stop reading hold the server to about a socket's worth of encrypted bytes each, not an encrypted
 * copy of the whole file (Netty's TLS handler encrypts at once whatever it is handed). Measured in
 * the pooled allocator that Vert.x gives its connections, where those encrypted bytes live.
 */
@ExtendWith(VertxExtension.class)
class TlsSlowClientTest {

  private static final int SIZE = 4 * 1024 * 1024;
  private static final int CLIENTS = 16;

  private static long pooledDirectBytes() {
    return ((ByteBufAllocatorMetricProvider) VertxByteBufAllocator.POOLED_ALLOCATOR).metric().usedDirectMemory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "openssl"})
  void clientsThatStopReadingHoldLittleMemoryEach(String engine, @TempDir Path dir) throws Exception {
    // One event loop: its connections then take their buffers from one arena of the pool.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      downloads(engine, vertx, dir);
    } finally {
      vertx.close().await();
    }
  }

  private static void downloads(String engine, Vertx vertx, Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] file = Site.random(SIZE, 12);
    site.write("video.mp4", file);
    SSLEngineOptions engineOptions = engine.equals("jdk") ? new JdkSSLEngineOptions() : new OpenSSLEngineOptions();
    TestServer server = TestServer.mount(vertx, site.options(), new HttpServerOptions().setSsl(true)
        .setSslEngineOptions(engineOptions).setSendBufferSize(RawClient.SOCKET_BUFFER)
        .setKeyCertOptions(SelfSignedCertificate.create("localhost").keyCertOptions())).await();
    assertTrue(server.handler.index().memoryBytes() >= SIZE, "the file is served from memory");
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    long before = pooledDirectBytes();

    List<SSLSocket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(startDownload(context, server.port));
      }
      long held = settled(vertx, TlsSlowClientTest::pooledDirectBytes).await() - before;

      // Were the body encrypted at once, each client would hold about 4 MiB: 64 MiB in all. The
      // pool grows by 4 MiB chunks; a piece at a time, the clients together need about one.
      assertTrue(held < 12 * 1024 * 1024, "pooled direct memory grew by " + held + " bytes");
      // And one of them, reading on, gets the whole body.
      assertArrayEquals(file, readRest(clients.get(0)));
    } finally {
      for (SSLSocket c : clients) {
        c.close();
      }
    }
  }

  /**
   * Returns a TLS socket with a small receive buffer that has sent a GET and read its response's
   * head. A blocking JDK socket, not {@link org.vertxassets.testing.RawClient}: a Vert.x client's
   * TLS buffers would come from the very pool whose growth the test measures.
   */
  private static SSLSocket startDownload(SSLContext context, int port) throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    socket.setReceiveBufferSize(RawClient.SOCKET_BUFFER);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write("GET /video.mp4 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "the connection ended inside the head");
      head.write(b);
    }
    assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"), head.toString());
    return socket;
  }

  private static byte[] readRest(SSLSocket socket) throws Exception {
    byte[] body = socket.getInputStream().readNBytes(SIZE);
    assertEquals(SIZE, body.length);
    return body;
  }

  /**
   * Returns a future of {@code value} once it has stayed the same for ten readings 50 ms apart
   * (the server has written what the stopped clients let it), read on a Vert.x timer.
   */
  private static Future<Long> settled(Vertx vertx, java.util.function.LongSupplier value) {
    Promise<Long> done = Promise.promise();
    long[] last = {-1, 0, 0};
    vertx.setPeriodic(50, id -> {
      long now = value.getAsLong();
      last[1] = now == last[0] ? last[1] + 1 : 0;
      last[0] = now;
      if (last[1] >= 10 || ++last[2] > 400) {
        vertx.cancelTimer(id);
        done.complete(now);
      }
    });
    return done.future();
  }
}
