package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Deployed;
import org.vertxassets.testing.Site;

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
    Deployed d = Deployed.deploy(vertx, new JsonObject().put("roots", new JsonArray().add(dir.toString()))
        .put("shutdownGraceSeconds", 20)).await();
    NetClient net = vertx.createNetClient();
    NetSocket socket = net.connect(d.port, "localhost").await();
    Buffer head = Buffer.buffer();
    long[] bodyBytes = {0};
    Promise<Void> started = Promise.promise();
    Promise<Void> complete = Promise.promise();
    socket.handler(chunk -> {
      if (!started.future().isComplete()) {
        head.appendBuffer(chunk);
        int end = head.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        bodyBytes[0] = head.length() - end - 4;
        socket.pause();
        started.complete();
      } else {
        bodyBytes[0] += chunk.length();
      }
      if (bodyBytes[0] == BIG) {
        complete.tryComplete();
      }
    });
    socket.write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
    started.future().await();

    Future<Void> stopping = vertx.undeploy(d.id);
    assertTrue(refusedWithin(vertx, d.port, 10_000), "new connections are refused once the stop begins");
    assertTrue(!stopping.isComplete(), "the stop waits for the response in flight");
    socket.resume();
    complete.future().await(30, TimeUnit.SECONDS);
    stopping.await(30, TimeUnit.SECONDS);

    assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 OK"), head.toString());
    assertTrue(head.toString(StandardCharsets.ISO_8859_1).contains("content-length: " + BIG), head.toString());
    assertEquals(BIG, bodyBytes[0]);
  }

  /** Returns whether a connection to {@code port} is refused within {@code millis}, trying again and again. */
  private static boolean refusedWithin(Vertx vertx, int port, long millis) {
    NetClient probe = vertx.createNetClient();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (System.nanoTime() < deadline) {
        try {
          probe.connect(port, "localhost").await().close().await();
        } catch (Exception refused) {
          return true;
        }
      }
      return false;
    } finally {
      probe.close();
    }
  }

  @Test
  @Timeout(120)
  void theJarProcessServesThenExits0OnSigtermAfterTheResponseInFlight(@TempDir Path dir) throws Exception {
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

      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);

        process.destroy(); // SIGTERM
        assertTrue(refused(port, 10_000), "new connections are refused once SIGTERM arrives");
        byte[] body = in.readNBytes(BIG);
        assertEquals(BIG, body.length, "the response in flight ends in full");
      }
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process exits");
      assertEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  private static int portFromStartUpLine(BufferedReader log) throws IOException {
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

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "the connection ended inside the head: " + head);
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Returns whether a connection to {@code port} is refused within {@code millis}, trying again and again. */
  private static boolean refused(int port, long millis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        assertNotNull(ignored);
      } catch (ConnectException e) {
        return true;
      } catch (SocketException e) {
        // Reset: the connection reached the listening socket's queue as it was being closed.
        return true;
      }
    }
    return false;
  }
}
