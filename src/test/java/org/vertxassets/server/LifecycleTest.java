package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Start and stop: the server listens once its index is ready, and a stop lets the responses in
 * flight end while new connections are refused; the executable jar's process exits 0 on SIGTERM.
 */
@ExtendWith(VertxExtension.class)
class LifecycleTest {

  /** Large enough to outlast the socket buffers of both ends, so that it is in flight when stop begins. */
  private static final int BIG = 32 * 1024 * 1024;

  private static byte[] bigFile(Site site) {
    byte[] bytes = Site.random(BIG, 7);
    site.write("big.bin", bytes);
    return bytes;
  }

  @Test
  @Timeout(120)
  void aLargeResponseInFlightWhenStopBeginsCompletesInFullAndNewConnectionsAreRefused(Vertx vertx,
      @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    bigFile(site);
    TestServer d = TestServer.deploy(vertx, site.config().put("shutdownGraceSeconds", 20)).await();
    // The client stops reading at its first bytes: the response is in flight when the stop begins.
    RawClient client = RawClient.request(vertx, d.port, "GET /big.bin HTTP/1.1\r\nHost: localhost", 1).await();
    client.paused().await();

    Future<Void> stopping = vertx.undeploy(d.deploymentId);
    assertTrue(refusedWithin(vertx, d.port, 10_000), "new connections are refused once the stop begins");
    assertTrue(!stopping.isComplete(), "the stop waits for the response in flight");
    client.resume();
    Buffer received = client.received(BIG).await(30, TimeUnit.SECONDS);
    stopping.await(30, TimeUnit.SECONDS);

    assertEquals(200, RawClient.status(received));
    assertEquals(String.valueOf(BIG), RawClient.header(received, "Content-Length"));
    assertEquals(BIG, received.length() - RawClient.headLength(received));
  }

  /** Returns whether a connection to {@code port} is refused within {@code millis}, trying again and again. */
  private static boolean refusedWithin(Vertx vertx, int port, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      try {
        RawClient.connect(vertx, port).await().close();
      } catch (Exception refused) {
        return true;
      }
    }
    return false;
  }

  @Test
  @Timeout(120)
  void theJarProcessServesThenExits0OnSigtermAfterTheResponseInFlight(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = new Site(dir.resolve("site"));
    bigFile(site);
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
        "serve", "--host", "127.0.0.1", "--port", "0", "--instances", "1", "--grace", "20", site.root.toString())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .start();
    try {
      BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      int port = portFromStartUpLine(log);
      TlsEngineTest.drain(log);
      RawClient client = RawClient.request(vertx, port, "GET /big.bin HTTP/1.1\r\nHost: localhost", 1).await();
      client.paused().await();

      process.destroy(); // SIGTERM
      assertTrue(refusedWithin(vertx, port, 10_000), "new connections are refused once SIGTERM arrives");
      client.resume();
      Buffer received = client.received(BIG).await(30, TimeUnit.SECONDS);

      assertEquals(200, RawClient.status(received));
      assertEquals(BIG, received.length() - RawClient.headLength(received), "the response in flight ends in full");
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process exits");
      assertEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  static int portFromStartUpLine(BufferedReader log) throws IOException {
    Pattern listening = Pattern.compile("serving .* at http://127\\.0\\.0\\.1:(\\d+)/");
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = log.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = listening.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the process ended without its start-up line:\n" + seen);
  }
}
