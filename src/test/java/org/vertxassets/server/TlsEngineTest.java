package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;
import org.vertxassets.testing.TrustingAll;

/**
 * The bundled server's TLS engine: BoringSSL (netty-tcnative) when its native library loads, the
 * JDK's otherwise, said in one log line. Either serves h2 and HTTP/1.1 by ALPN (h2 preferred),
 * TLS 1.3 and 1.2, and resumes sessions; a certificate made here, clients made here or openssl's.
 */
@ExtendWith(VertxExtension.class)
class TlsEngineTest {

  /** The engines, as the server's configuration chooses them: left to the server, or the JDK's. */
  private static final String CHOSEN = "chosen";
  private static final String JDK = "jdk";

  private Site site;
  private byte[] script;
  private SelfSignedCertificate certificate;
  private LogCapture log;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    site = new Site(dir);
    script = Site.random(200 * 1024, 11);
    site.write("js/app.js", script);
    site.write("index.html", "<!doctype html><title>tls</title>\n");
    certificate = SelfSignedCertificate.create("localhost");
    log = LogCapture.start();
  }

  @AfterEach
  void stopCapture() {
    log.close();
  }

  private JsonObject config(String engine) {
    JsonObject server = new JsonObject().put("pemKeyCertOptions", new JsonObject()
        .put("certPath", certificate.certificatePath()).put("keyPath", certificate.privateKeyPath()))
        .put("ssl", true).put("useAlpn", true);
    if (engine.equals(JDK)) {
      server.put("jdkSslEngineOptions", new JsonObject());
    }
    return site.config().put("server", server)
        .put("eventBusAddress", "tls-" + engine);
  }

  private static WebClient client(Vertx vertx, int port, HttpVersion version) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port)
        .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false).setDecompressionSupported(false)
        .setProtocolVersion(version));
  }

  private void assertServesByAlpn(Vertx vertx, int port) {
    for (HttpVersion version : List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)) {
      HttpResponse<Buffer> res = client(vertx, port, version).get("/js/app.js").send().await();

      assertEquals(version, res.version());
      assertEquals(200, res.statusCode());
      assertArrayEquals(script, res.body().getBytes());
    }
  }

  private long engineLines() {
    return log.infos().stream().filter(m -> m.startsWith("vertx-assets: TLS by")).count();
  }

  @Test
  void bundledServerTakesBoringSslAndSaysSoOncePerDeployment(Vertx vertx) {
    TestServer d = TestServer.deploy(vertx, config(CHOSEN), new DeploymentOptions().setInstances(2)).await();

    assertServesByAlpn(vertx, d.port);
    assertEquals(1, engineLines(), log.infos().toString());
    assertTrue(log.infos().contains("vertx-assets: TLS by BoringSSL (netty-tcnative)"), log.infos().toString());
  }

  @Test
  void jdkEngineWhenConfiguredServesH2AndHttp11ByAlpn(Vertx vertx) {
    TestServer d = TestServer.deploy(vertx, config(JDK)).await();

    assertServesByAlpn(vertx, d.port);
    assertEquals(0, engineLines(), "the configuration chose: nothing to say");
  }

  @Test
  void cleartextServerSaysNothingOfTls(Vertx vertx) {
    JsonObject config = config(CHOSEN);
    config.put("server", new JsonObject());
    TestServer.deploy(vertx, config).await();

    assertEquals(0, engineLines());
  }

  @ParameterizedTest
  @ValueSource(strings = {CHOSEN, JDK})
  void alpnPrefersH2EvenWhenTheClientListsItLast(String engine, Vertx vertx) throws Exception {
    TestServer d = TestServer.deploy(vertx, config(engine)).await();

    // A JDK socket: only the handshake matters, with the protocols listed in the test's order.
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", d.port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1", "h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();

      assertEquals("h2", socket.getApplicationProtocol());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CHOSEN, JDK})
  void tls12SessionsResume(String engine, Vertx vertx) throws Exception {
    TestServer d = TestServer.deploy(vertx, config(engine)).await();

    // -reconnect: a full handshake, then five that offer the session back.
    String out = openssl(List.of("s_client", "-connect", "127.0.0.1:" + d.port, "-tls1_2", "-reconnect"), "");

    assertTrue(count(out, "New, TLSv1.2") >= 1, out);
    assertEquals(5, count(out, "Reused, TLSv1.2"), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {CHOSEN, JDK})
  void tls13SessionsResume(String engine, Vertx vertx, @TempDir Path dir) throws Exception {
    TestServer d = TestServer.deploy(vertx, config(engine)).await();
    Path session = dir.resolve("session.pem");
    // TLS 1.3 sends its tickets after the handshake: read a whole response before leaving.
    String request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    List<String> client = List.of("s_client", "-connect", "127.0.0.1:" + d.port, "-tls1_3", "-alpn", "http/1.1",
        "-ign_eof");

    String first = openssl(concat(client, "-sess_out", session.toString()), request);
    String second = openssl(concat(client, "-sess_in", session.toString()), request);

    assertTrue(first.contains("New, TLSv1.3"), first);
    assertTrue(first.contains("HTTP/1.1 200"), first);
    assertTrue(second.contains("Reused, TLSv1.3"), second);
    assertTrue(second.contains("HTTP/1.1 200"), second);
  }

  /**
   * An application without netty-tcnative (the library declares it optional): the bundled server,
   * started in a JVM whose class path lacks it, serves TLS through the JDK's engine and says so.
   */
  @Test
  @Timeout(120)
  void withoutTheNativeLibraryTheJdkEngineServesAndTheLogSaysSo(Vertx vertx, @TempDir Path dir) throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("netty-tcnative"))
        .collect(Collectors.joining(File.pathSeparator));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, Cli.class.getName(), "serve", "--host", "127.0.0.1", "--port", "0", "--instances", "1",
        "--tls-cert", certificate.certificatePath(), "--tls-key", certificate.privateKeyPath(),
        site.root.toString())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .start();
    try {
      BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      int port = port(err, lines);
      drain(err);

      assertTrue(lines.stream().anyMatch(l -> l.contains("vertx-assets: TLS by the JDK's engine:"
          + " netty-tcnative-boringssl-static is not usable here")), String.join("\n", lines));
      assertServesByAlpn(vertx, port);
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int port(BufferedReader err, List<String> lines) throws IOException {
    Pattern listening = Pattern.compile("serving .* at https://127\\.0\\.0\\.1:(\\d+)/");
    String line;
    while ((line = err.readLine()) != null) {
      lines.add(line);
      Matcher m = listening.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the process ended without its start-up line:\n" + String.join("\n", lines));
  }

  /** Reads the rest of a server process's log on a daemon thread, so that it never blocks on a full pipe. */
  static void drain(BufferedReader err) {
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // Only the lines up to the start-up line are looked at.
        }
      } catch (IOException closed) {
        // The process ended.
      }
    });
    drain.setDaemon(true);
    drain.start();
  }

  /** Runs openssl with {@code input} on its standard input; returns what it printed, both streams. */
  private static String openssl(List<String> args, String input) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.ISO_8859_1));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl ended");
    return out;
  }

  private static List<String> concat(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
