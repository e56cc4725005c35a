package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.H2Abuser;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.SteadyClient;
import org.vertxassets.testing.TestServer;

/**
 * HTTP/2 clients that abuse the bundled server, as deployed, on h2c and on TLS: a rapid-reset
 * flood (CVE-2023-44487), streams reset in the middle of a large body sent from disk, a header
 * list far over the limit. Meanwhile a well-behaved client over HTTP/2 and one over HTTP/1.1 get
 * every answer right, no descriptor is left open, and nothing is logged above INFO. Each test
 * prints its figures.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Http2AbuseTest {

  /** A file held in memory. */
  static final byte[] SMALL = Site.random(20 * 1024, 5);
  /** A file above the memory limit set here: HTTP/2 opens and reads it for each response. */
  static final byte[] LARGE = Site.random(2 * 1024 * 1024, 6);

  private Site site;
  private Path dir;
  private LogCapture log;
  private final List<H2Abuser> abusers = new ArrayList<>();

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    this.dir = dir;
    site = new Site(dir);
    site.write("small.css", SMALL);
    site.write("large.bin", LARGE);
    log = LogCapture.everything();
  }

  @AfterEach
  void closeAbusers() {
    abusers.forEach(H2Abuser::close);
    log.close();
  }

  @AfterAll
  static void stopAbusers() {
    H2Abuser.shutdown();
  }

  /** Returns the deployed server's configuration: the large file from disk, TLS when {@code tls}. */
  JsonObject config(boolean tls) {
    JsonObject config = site.config().put("memoryMaxFileSize", 1024 * 1024).put("warmUpCompression", "off");
    if (tls) {
      SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
      config.put("server", new JsonObject().put("ssl", true).put("useAlpn", true).put("pemKeyCertOptions",
          new JsonObject().put("certPath", certificate.certificatePath()).put("keyPath", certificate.privateKeyPath())));
    }
    return config;
  }

  /** The well-behaved clients: one over HTTP/2, one over HTTP/1.1, both on the small file. */
  static List<SteadyClient> steady(TestServer server, boolean tls) {
    WebClientOptions base = new WebClientOptions().setSsl(tls).setTrustAll(true).setVerifyHost(false)
        .setUseAlpn(tls);
    return List.of(
        SteadyClient.start(server.client(new WebClientOptions(base).setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false)), "/small.css", SMALL),
        SteadyClient.start(server.client(new WebClientOptions(base).setProtocolVersion(HttpVersion.HTTP_1_1)),
            "/small.css", SMALL));
  }

  /** Stops the steady clients, prints their figures and asserts each got {@code floor} right answers and no wrong one. */
  static void assertServed(String what, List<SteadyClient> steady, int floor) {
    List<SteadyClient.Figures> figures = new ArrayList<>();
    for (SteadyClient c : steady) {
      figures.add(c.stop().await());
    }
    System.out.println(what + ": served meanwhile over h2 " + figures.get(0) + ", over HTTP/1.1 " + figures.get(1));
    for (SteadyClient.Figures f : figures) {
      assertEquals(0, f.failed(), f.firstFailure());
      assertTrue(f.served() >= floor, what + ": only " + f.served() + " answers meanwhile");
    }
  }

  private H2Abuser abuser(TestServer server, boolean tls) {
    H2Abuser abuser = H2Abuser.connect(server.port, tls).await();
    abusers.add(abuser);
    return abuser;
  }

  /**
   * Returns the count of open descriptors once a first abuser has come and gone, so that what stays
   * open after a first use (the jars of the classes it loaded, the clients' pooled connections) is
   * counted before.
   */
  private long descriptorsAfterWarmUp(Vertx vertx, TestServer server, boolean tls) {
    H2Abuser first = abuser(server, tls);
    first.resetAfterFirstData("/large.bin").await();
    first.request("/small.css").await();
    first.oversizedHeaders("/small.css", 64 * 1024).await();
    first.close();
    first.closed().await();
    H2Abuser flood = abuser(server, tls);
    flood.rapidReset("/small.css", 1000).await();
    flood.closed().await();
    for (SteadyClient c : steady(server, tls)) {
      c.stop().await();
    }
    return Descriptors.filesAndSockets();
  }

  /** Asserts that the descriptors open settle to {@code before} or fewer, and prints both counts. */
  static void assertNoDescriptorLeft(Vertx vertx, String what, long before) {
    Descriptors.settleAtMost(vertx, Descriptors::filesAndSockets, before).await();
    System.out.println(what + ": descriptors before " + before + ", after " + Descriptors.filesAndSockets());
  }

  @ParameterizedTest(name = "tls: {0}")
  @ValueSource(booleans = {false, true})
  void rapidResetFloodIsCutOffWhileOthersAreServed(boolean tls, Vertx vertx) {
    TestServer server = TestServer.deploy(vertx, config(tls)).await();
    long before = descriptorsAfterWarmUp(vertx, server, tls);
    List<SteadyClient> steady = steady(server, tls);

    int connections = 20;
    int sent = 0;
    int answered = 0;
    int goAways = 0;
    for (int i = 0; i < connections; i++) {
      H2Abuser abuser = abuser(server, tls);
      sent += abuser.rapidReset("/small.css", 5_000).await();
      // The server closes the connection; its GOAWAY (ENHANCE_YOUR_CALM) is lost when the close
      // resets the connection with the flood unread, which drops what the client had not read.
      abuser.closed().await();
      goAways += abuser.goAway().failed() ? 0 : 1;
      if (abuser.goAway().succeeded()) {
        assertEquals(0xb, abuser.goAway().result(), "ENHANCE_YOUR_CALM");
      }
      answered += abuser.responses();
    }

    String what = "rapid reset over " + (tls ? "TLS" : "h2c");
    System.out.println(what + ": " + sent + " HEADERS+RST_STREAM sent on " + connections + " connections, each closed"
        + " by the server (" + goAways + " GOAWAYs read), " + answered + " answered");
    // Vert.x's limit: 200 RST_STREAM frames per 30 s and connection, then the connection is closed.
    assertTrue(answered <= connections * (HttpServerOptions.DEFAULT_HTTP2_RST_FLOOD_MAX_RST_FRAME_PER_WINDOW + 10), "answered " + answered);
    assertTrue(sent > 4 * answered, "sent " + sent + ", answered " + answered);
    assertServed(what, steady, 10);
    assertNoDescriptorLeft(vertx, what, before);
    log.assertNoErrorNorStackTrace();
    assertEquals(List.of(), log.warnings());
  }

  @ParameterizedTest(name = "tls: {0}")
  @ValueSource(booleans = {false, true})
  void streamsResetMidBodyLeaveNothingOpenNorLogged(boolean tls, Vertx vertx) {
    TestServer server = TestServer.deploy(vertx, config(tls)).await();
    long before = descriptorsAfterWarmUp(vertx, server, tls);
    List<SteadyClient> steady = steady(server, tls);

    int connections = 10;
    int streams = 50;
    int resets = 0;
    for (int i = 0; i < connections; i++) {
      H2Abuser abuser = abuser(server, tls);
      List<Future<Integer>> all = new ArrayList<>();
      for (int j = 0; j < streams; j++) {
        all.add(abuser.resetAfterFirstData("/large.bin"));
      }
      Future.all(all).await();
      resets += streams;
      // The connection still serves once its streams are reset.
      assertEquals("status 200", abuser.request("/small.css").await());
      abuser.close();
      abuser.closed().await();
    }

    String what = "streams reset mid-body over " + (tls ? "TLS" : "h2c");
    System.out.println(what + ": " + resets + " streams of the 2 MiB file reset after their first DATA frame");
    assertServed(what, steady, 10);
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
    assertNoDescriptorLeft(vertx, what, before);
    log.assertNoErrorNorStackTrace();
    assertEquals(List.of(), log.warnings());
  }

  @ParameterizedTest(name = "tls: {0}")
  @ValueSource(booleans = {false, true})
  void oversizedHeaderListIsRefusedAndOthersAreServed(boolean tls, Vertx vertx) {
    TestServer server = TestServer.deploy(vertx, config(tls)).await();
    long before = descriptorsAfterWarmUp(vertx, server, tls);
    List<SteadyClient> steady = steady(server, tls);

    // Just over the limit: that stream is refused; the connection serves on.
    H2Abuser over = abuser(server, tls);
    String justOver = over.oversizedHeaders("/small.css", 9 * 1024).await();
    String next = over.request("/small.css").await();
    over.close();
    over.closed().await();
    // Far over it (1 MiB in HEADERS and CONTINUATION frames): the connection is closed.
    List<String> farOver = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      H2Abuser abuser = abuser(server, tls);
      farOver.add(abuser.oversizedHeaders("/small.css", 1024 * 1024).otherwise(e -> "closed: " + e.getMessage())
          .await());
      abuser.closed().await();
    }

    String what = "oversized header lists over " + (tls ? "TLS" : "h2c");
    System.out.println(what + ": 9 KiB: " + justOver + ", then " + next + "; 1 MiB, 20 times: " + farOver);
    // RFC 9113 §8.2.3 leaves the answer to the server: Netty refuses the stream with a 431 up to
    // a quarter over the limit, and beyond it ends the connection (GOAWAY PROTOCOL_ERROR).
    assertEquals("status 431", justOver);
    assertEquals("status 200", next);
    for (String outcome : farOver) {
      assertTrue(outcome.equals("GOAWAY 1") || outcome.equals("closed: connection closed"), outcome);
    }
    assertServed(what, steady, 5);
    assertNoDescriptorLeft(vertx, what, before);
    log.assertNoErrorNorStackTrace();
    assertEquals(List.of(), log.warnings());
  }
}
