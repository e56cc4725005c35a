package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A body sent from a file is an ended response from the moment its head is written, as vertx-web
 * expects: a {@code TimeoutHandler} or an error page firing while a slow client is still reading
 * must neither write into the body nor log an error, and the file is given back. (A short-lived
 * way of sending large bodies in pieces, outside {@code sendFile}, broke all three.)
 */
@ExtendWith(VertxExtension.class)
class MidBodyFailureTest {

  private static final int BIG = 4 * 1024 * 1024;

  private LogCapture log;

  @BeforeEach
  void capture() {
    log = LogCapture.everything();
  }

  @AfterEach
  void release() {
    log.close();
  }

  /**
   * vertx-web's TimeoutHandler (a common first route) fires while a slow client is still reading a
   * large body. With {@code response.sendFile} the response is already ended, so the Router
   * leaves it alone; a response not yet ended would get "Service Unavailable" written into the
   * middle of the file by RoutingContextImplBase.unhandledFailure.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {900 * 1024, BIG})
  void timeoutHandlerFiringMidBodyLeavesTheBodyIntact(int size, Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] big = Site.random(size, 1);
    site.write("big.bin", big);
    // An application's quiet 503 handler, so that vertx-web itself logs nothing at ERROR.
    Promise<Void> fired = Promise.promise();
    TestServer server = behindATimeout(vertx, site, ctx -> fired.tryComplete());

    RawClient client = RawClient.request(vertx, server.port, "GET /big.bin HTTP/1.1\r\nHost: localhost", 0).await();
    // The client stalls until the timeout has fired, then reads everything.
    fired.future().await(30, TimeUnit.SECONDS);
    client.resume();
    Buffer got = client.received(size).await(30, TimeUnit.SECONDS);

    int head = RawClient.headLength(got);
    assertEquals(200, RawClient.status(got));
    byte[] body = got.getBytes(head, got.length());
    String text = new String(body, StandardCharsets.ISO_8859_1);
    assertTrue(!text.contains("Service Unavailable"),
        "vertx-web's 503 text was written into the body at " + text.indexOf("Service Unavailable"));
    assertEquals(size, body.length, "body bytes received");
    assertArrayEquals(big, body);
    log.assertNoErrorNorStackTrace();
  }

  /**
   * The same, with an application error page that ends the response without setting a status
   * (vertx-web's {@code ctx.end(...)}): its text goes into the middle of the file, and the
   * descriptor the transfer held is not given back.
   */
  @ParameterizedTest(name = "{0} bytes, client stalls after {1}")
  @CsvSource({"4194304, 0", "4194304, 700000"})
  void errorPageEndingTheResponseMidBodyNeitherCorruptsItNorLeaksTheFile(int size, int stallAt, Vertx vertx,
      @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    byte[] big = Site.random(size, 1);
    site.write("big.bin", big);
    // An error page must not end a response that has ended (vertx-web logs "Response has already
    // been written" if it does): what this guards is that a body being sent counts as ended.
    Promise<Void> fired = Promise.promise();
    TestServer server = behindATimeout(vertx, site, ctx -> {
      fired.tryComplete();
      if (!ctx.response().ended()) {
        ctx.end("busy");
      }
    });

    RawClient client = RawClient.request(vertx, server.port, "GET /big.bin HTTP/1.1\r\nHost: localhost", stallAt)
        .await();
    fired.future().await(30, TimeUnit.SECONDS);
    client.resume();
    Buffer got = client.received(size).await(30, TimeUnit.SECONDS);
    client.close();
    // Swap in a new index: the old one's descriptors close once their transfers are done.
    long before = Descriptors.under(dir);
    AssetIndex next = AssetIndex.build(vertx, site.options()).await();
    long newOnes = Descriptors.under(dir) - before;
    server.handler.update(next);

    String problems = "";
    int head = RawClient.headLength(got);
    byte[] body = got.getBytes(head, got.length());
    if (!Arrays.equals(big, body)) {
      problems += "body differs (" + body.length + " bytes, \"busy\" at "
          + new String(body, StandardCharsets.ISO_8859_1).indexOf("busy") + "); ";
    }
    try {
      Descriptors.settle(vertx, () -> Descriptors.under(dir), newOnes).await();
    } catch (Exception e) {
      problems += "descriptors under the root: " + e.getMessage() + "; ";
    }
    SimpleFormatter f = new SimpleFormatter();
    problems += log.records().stream().filter(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
        .map(r -> r.getLevel() + " " + f.formatMessage(r) + " " + r.getThrown()).toList();
    assertEquals("[]", problems);
  }

  /**
   * Returns a server with a 300 ms {@code TimeoutHandler} before the site's handler, {@code onTimeout}
   * as its 503 error handler, and a small send buffer, so that a stalled client keeps a large body
   * in flight.
   */
  private static TestServer behindATimeout(Vertx vertx, Site site, Handler<RoutingContext> onTimeout) {
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Router router = Router.router(vertx);
    router.route().handler(TimeoutHandler.create(300));
    router.route("/*").handler(handler);
    router.errorHandler(503, onTimeout);
    return TestServer.listen(vertx, router, handler,
        new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER)).await();
  }
}
