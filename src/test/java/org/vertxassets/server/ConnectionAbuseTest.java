package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.SteadyClient;
import org.vertxassets.testing.TestServer;

/**
 * Connections that cost the bundled server without asking anything: hundreds of TCP connections
 * that send nothing, and TLS connections that never start their handshake, are closed by the idle
 * and handshake timeouts (short ones here, to keep the test bounded) while well-behaved clients
 * are served; a request head over the limit on HTTP/1.1 is answered {@code 431}. No descriptor is
 * left open and nothing is logged above INFO. Each test prints its figures.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionAbuseTest {

  private static final int CONNECTIONS = 300;

  private Site site;
  private LogCapture log;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
    site.write("small.css", Http2AbuseTest.SMALL);
    log = LogCapture.everything();
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  /** Returns a configuration with {@code server} options, the file from memory. */
  private JsonObject config(JsonObject server) {
    return site.config().put("warmUpCompression", "off").put("server", server);
  }

  private static JsonObject tls(JsonObject server) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    return server.put("ssl", true).put("useAlpn", true).put("pemKeyCertOptions", new JsonObject()
        .put("certPath", certificate.certificatePath()).put("keyPath", certificate.privateKeyPath()));
  }

  /** Returns a future of {@code n} connections that send nothing, completed once all are open. */
  private static Future<List<NetSocket>> silent(NetClient net, int port, int n) {
    List<Future<NetSocket>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(net.connect(port, "localhost"));
    }
    return Future.all(all).map(f -> f.<NetSocket>list());
  }

  /** Returns a future completed once the server has closed every one of {@code sockets}. */
  private static Future<Void> closedByServer(List<NetSocket> sockets) {
    List<Future<Void>> all = new ArrayList<>();
    for (NetSocket socket : sockets) {
      Promise<Void> closed = Promise.promise();
      socket.closeHandler(closed::tryComplete);
      all.add(closed.future());
    }
    return Future.all(all).mapEmpty();
  }

  /** Returns the count of open descriptors once a well-behaved client pair and a silent connection have come and gone. */
  private static long descriptorsAfterWarmUp(Vertx vertx, TestServer server, boolean tls) {
    for (SteadyClient c : Http2AbuseTest.steady(server, tls)) {
      c.stop().await();
    }
    NetClient net = vertx.createNetClient();
    silent(net, server.port, 1).await().get(0).close().await();
    net.close().await();
    return Descriptors.filesAndSockets();
  }

  private void silentConnectionsAreClosed(Vertx vertx, JsonObject server, boolean tls, String what) {
    TestServer deployed = TestServer.deploy(vertx, config(server)).await();
    long before = descriptorsAfterWarmUp(vertx, deployed, tls);
    List<SteadyClient> steady = Http2AbuseTest.steady(deployed, tls);
    NetClient net = vertx.createNetClient();
    long start = System.nanoTime();

    List<NetSocket> sockets = silent(net, deployed.port, CONNECTIONS).await();
    long open = Descriptors.filesAndSockets();
    closedByServer(sockets).await();

    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(what + ": " + CONNECTIONS + " connections that sent nothing, all closed by the server within "
        + millis + " ms; descriptors while open " + open);
    Http2AbuseTest.assertServed(what, steady, 10);
    net.close().await();
    Http2AbuseTest.assertNoDescriptorLeft(vertx, what, before);
    log.assertNoErrorNorStackTrace();
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void silentConnectionsAreClosedByTheIdleTimeout(Vertx vertx) {
    silentConnectionsAreClosed(vertx, new JsonObject().put("idleTimeout", 1), false, "idle connections over h2c");
  }

  @Test
  void tlsHandshakesNeverStartedAreClosedByTheHandshakeTimeout(Vertx vertx) {
    // The idle timeout stays long: the handshake timeout alone closes these.
    silentConnectionsAreClosed(vertx, tls(new JsonObject().put("sslHandshakeTimeout", 1).put("idleTimeout", 60)),
        true, "TLS handshakes never started");
  }

  @Test
  void oversizedRequestHeadOverHttp11IsAnswered431(Vertx vertx) {
    TestServer deployed = TestServer.deploy(vertx, config(new JsonObject())).await();
    List<SteadyClient> steady = Http2AbuseTest.steady(deployed, false);

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(RawClient.exchange(vertx, deployed.port, "GET /small.css HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
          + "a".repeat(64 * 1024)).await());
    }

    for (String answer : answers) {
      assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
    }
    Http2AbuseTest.assertServed("oversized heads over HTTP/1.1", steady, 5);
    log.assertNoErrorNorStackTrace();
    assertEquals(List.of(), log.warnings());
  }
}
