package org.vertxassets.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a plain socket whose reading the test drives: once the client has a
 * given number of bytes it either stops reading ({@link #paused}), to read on later, slowly, one
 * socket read per event-loop turn ({@link #readSlowly}), or hangs up at once, leaving the rest of
 * the body unread ({@link #hangingUpAfter}). Its receive buffer is
 * small, so that a paused client soon stops the server's writes instead of the kernel taking the
 * whole body. Its state is touched on its socket's context only.
 */
public final class RawClient {

  /** The receive buffer of the client's socket; servers in these tests use as small a send buffer. */
  public static final int SOCKET_BUFFER = 16 * 1024;

  private final Context context;
  private final NetSocket socket;
  private final Buffer received = Buffer.buffer();
  private final Promise<Buffer> closed = Promise.promise();
  private final Promise<Void> paused = Promise.promise();
  private final boolean hangUp;
  private long pauseAt;
  private boolean slowly;

  private RawClient(NetClient net, NetSocket socket, long pauseAt, boolean hangUp) {
    this.context = Vertx.currentContext();
    this.socket = socket;
    this.pauseAt = pauseAt;
    this.hangUp = hangUp;
    socket.handler(this::receive);
    socket.closeHandler(v -> {
      closed.tryComplete(received.copy());
      net.close();
    });
  }

  /**
   * Returns a future of a client connected to {@code localhost:port} that has sent
   * {@code requestHead} (CRLF-separated lines, without the blank line) and will stop reading once
   * it has {@code pauseAfter} bytes, head included ({@code Long.MAX_VALUE}: never).
   */
  public static Future<RawClient> request(Vertx vertx, int port, String requestHead, long pauseAfter) {
    return connect(vertx, port, requestHead, pauseAfter, false);
  }

  /**
   * Returns a future of a client that has sent {@code requestHead} and closes its socket as soon
   * as it has {@code bytes} bytes, head included, with the rest unread; {@link #closed} tells when.
   */
  public static Future<RawClient> hangingUpAfter(Vertx vertx, int port, String requestHead, long bytes) {
    return connect(vertx, port, requestHead, bytes, true);
  }

  private static Future<RawClient> connect(Vertx vertx, int port, String requestHead, long bytes, boolean hangUp) {
    NetClient net = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(SOCKET_BUFFER));
    return net.connect(port, "localhost").map(socket -> {
      RawClient client = new RawClient(net, socket, bytes, hangUp);
      socket.write(requestHead + "\r\n\r\n");
      return client;
    });
  }

  /** Returns a future completed once the client has stopped reading, with the bytes asked for in hand. */
  public Future<Void> paused() {
    return paused.future();
  }

  /** Reads on, one socket read per event-loop turn, until the server closes. */
  public void readSlowly() {
    context.runOnContext(v -> {
      slowly = true;
      socket.fetch(1);
    });
  }

  /** Returns a future of every byte received, completed when the connection closes. */
  public Future<Buffer> closed() {
    return closed.future();
  }

  private void receive(Buffer b) {
    received.appendBuffer(b);
    check();
    if (slowly) {
      context.runOnContext(v -> socket.fetch(1));
    }
  }

  private void check() {
    if (received.length() >= pauseAt) {
      pauseAt = Long.MAX_VALUE;
      if (hangUp) {
        socket.close();
        return;
      }
      socket.pause();
      paused.complete();
    }
  }

  /** Returns the length of the head (status line, headers, blank line) in {@code response}, or -1 if incomplete. */
  public static int headLength(Buffer response) {
    String text = response.getString(0, Math.min(response.length(), 8192), StandardCharsets.ISO_8859_1.name());
    int end = text.indexOf("\r\n\r\n");
    return end < 0 ? -1 : end + 4;
  }

  /** Returns the value of {@code name} in the head of {@code response}, or null. */
  public static String header(Buffer response, String name) {
    int head = headLength(response);
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String line : response.getString(0, head, StandardCharsets.ISO_8859_1.name()).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  /** Returns the status code of {@code response}. */
  public static int status(Buffer response) {
    return Integer.parseInt(response.getString(9, 12, StandardCharsets.ISO_8859_1.name()));
  }
}
