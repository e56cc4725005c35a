package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A client that closes its connection in the middle of a body is no fault of the server: nothing
 * is logged above DEBUG, no stack trace by anyone (Vert.x, Netty or the library, on the NIO and
 * the epoll transports), no descriptor is left open, and the server goes on serving. Vert.x
 * itself logs every such client at ERROR with a stack trace for a body of 1 MiB or more; the
 * library leaves that logger to its host application, which turns it off here as the README
 * advises (the bundled server filters it itself).
 */
@ExtendWith(VertxExtension.class)
class ClientGoneTest {

  /** The logger of Vert.x that reports a failed file region, with its stack trace. */
  static final String VERTX_CONNECTION = "io.vertx.core.net.impl.VertxConnection";

  private static final int MEMORY = 60 * 1024;
  private static final int KEPT_OPEN = 512 * 1024;
  private static final int LARGE = 4 * 1024 * 1024;

  private LogCapture log;
  private Vertx epoll;
  /** The server's connections not yet closed. */
  private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void captureLog() {
    log = LogCapture.everything().silencing(VERTX_CONNECTION);
  }

  @AfterEach
  void release() {
    log.close();
    if (epoll != null) {
      epoll.close().await();
    }
  }

  private Vertx vertx(boolean onEpoll, Vertx nio) {
    if (!onEpoll) {
      return nio;
    }
    epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertTrue(epoll.isNativeTransportEnabled(), String.valueOf(epoll.unavailableNativeTransportCause()));
    return epoll;
  }

  /**
   * A server for {@code site} whose small send buffer keeps most of a body out of the kernel, and
   * which counts its connections still open in {@link #open}.
   */
  private TestServer serve(Vertx vertx, Site site) {
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      HttpConnection connection = ctx.request().connection();
      if (open.add(connection)) {
        connection.closeHandler(v -> open.remove(connection));
      }
      ctx.next();
    });
    router.route("/*").handler(handler);
    return TestServer.listen(vertx, router, handler, new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER))
        .await();
  }

  static Stream<Arguments> bodies() {
    return Stream.of(Arguments.of("from memory", MEMORY), Arguments.of("from a kept-open file", KEPT_OPEN),
            Arguments.of("larger than 1 MiB", LARGE))
        .flatMap(a -> Stream.of(Arguments.of(a.get()[0], a.get()[1], false), Arguments.of(a.get()[0], a.get()[1], true)));
  }

  @ParameterizedTest(name = "{0}, epoll: {2}")
  @MethodSource("bodies")
  void clientThatHangsUpMidBodyIsLoggedAtDebugOnly(String what, int size, boolean onEpoll, Vertx nio,
      @TempDir Path dir) throws Exception {
    Vertx vertx = vertx(onEpoll, nio);
    Site site = new Site(dir);
    byte[] bytes = Site.random(size, 1);
    site.write("f.bin", bytes);
    TestServer server = serve(vertx, site);
    // Cleartext HTTP/1.1 sends a file this large with sendfile(2), even when its bytes are in memory.
    boolean fromDisk = size >= AssetsOptions.DEFAULT_ZERO_COPY_MIN_FILE_SIZE;

    Buffer got = RawClient.hangingUpAfter(vertx, server.port, "GET /f.bin HTTP/1.1\r\nHost: localhost", 4096)
        .compose(RawClient::closed).await();

    assertEquals(200, RawClient.status(got));
    assertTrue(got.length() < size, "the client left before the end of the body: " + got.length());
    if (fromDisk) {
      // The server's side of it: the send fails, and says so at DEBUG.
      log.first(LogCapture.at(Level.FINE, "sending /f.bin ended early")).await(10, TimeUnit.SECONDS);
    }
    // The server goes on serving, the same file included.
    assertArrayEquals(bytes, server.get("/f.bin").send().await().body().getBytes());
    assertEquals(List.of(), log.warnings());
    log.assertNoErrorNorStackTrace();
    Descriptors.settle(vertx, () -> Descriptors.under(dir), fromDisk ? 1 : 0).await();
  }

  @ParameterizedTest(name = "epoll: {0}")
  @ValueSource(booleans = {false, true})
  void manyClientsHangingUpLeaveNoDescriptorOpen(boolean onEpoll, Vertx nio, @TempDir Path dir) {
    Vertx vertx = vertx(onEpoll, nio);
    Site site = new Site(dir);
    List<String> paths = List.of("/memory.bin", "/kept-open.bin", "/large.bin");
    site.write("memory.bin", Site.random(MEMORY, 1));
    site.write("kept-open.bin", Site.random(KEPT_OPEN, 1));
    site.write("large.bin", Site.random(LARGE, 1));
    TestServer server = serve(vertx, site);
    // A first round opens what stays open (the two files, the server's sockets, the classes' jars).
    hangUps(vertx, server, paths, 1).await();
    Descriptors.settle(vertx, open::size, 0).await();
    long before = Descriptors.filesAndSockets();

    hangUps(vertx, server, paths, 20).await();

    Descriptors.settle(vertx, open::size, 0).await();
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 2).await();
    Descriptors.settleAtMost(vertx, Descriptors::filesAndSockets, before).await();
    log.assertNoErrorNorStackTrace();
  }

  /** Returns a future of {@code rounds} clients per path hanging up mid-body, all at once, all closed. */
  private static Future<Void> hangUps(Vertx vertx, TestServer server, List<String> paths, int rounds) {
    List<Future<Buffer>> all = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      for (String path : paths) {
        all.add(RawClient.hangingUpAfter(vertx, server.port, "GET " + path + " HTTP/1.1\r\nHost: localhost", 4096)
            .compose(RawClient::closed));
      }
    }
    Promise<Void> done = Promise.promise();
    Future.all(all).onComplete(ar -> done.handle(ar.mapEmpty()));
    return done.future();
  }

}
