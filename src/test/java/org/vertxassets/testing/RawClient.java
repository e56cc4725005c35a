package org.vertxassets.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * An HTTP/1.1 client over a plain socket, for what a client library would hide or clean up: a
 * request head is sent byte for byte (CRLF-separated lines without the blank line, each char one
 * byte, ISO-8859-1) and the answer is read byte for byte ({@link RawResponse#parse} reads it).
 * Three ways to use it:
 * <ul>
 *   <li>{@link #exchange}: one request with {@code Connection: close}, and every byte the server
 *       sends until it closes, for a request target a client library would clean up;
 *   <li>{@link #keptAlive} then {@link #send}, again and again: a kept-alive connection whose
 *       answers are cut from the stream by their own framing (RFC 9112 §6.3: no body after HEAD
 *       or a 304, else {@code Content-Length} bytes), so that an answer whose length lies shows
 *       up as a garbled next answer; a connection the server closes is opened again;
 *   <li>{@link #connect}, {@link #request} and {@link #hangingUpAfter}: reading that the test
 *       drives. Once the client has a given number of bytes it stops reading ({@link #paused}),
 *       to read on later at once ({@link #resume}) or slowly, one socket read per event-loop turn
 *       ({@link #readSlowly}); or it hangs up at once with the rest of the body unread. Its
 *       receive buffer is small, so that a paused client soon stops the server's writes instead
 *       of the kernel taking the whole body.
 * </ul>
 * Its state is touched on its socket's context, but for {@link #send}, one request at a time.
 */
public final class RawClient {

  /** The receive buffer of a driven client's socket; servers in these tests use as small a send buffer. */
  public static final int SOCKET_BUFFER = 16 * 1024;

  private final NetClient net;
  private final int port;
  private final Promise<Buffer> closed = Promise.promise();
  private final Promise<Void> paused = Promise.promise();
  private final boolean hangUp;
  private final boolean reconnects;
  private Context context;
  private NetSocket socket;
  private Buffer received = Buffer.buffer();
  private long pauseAt;
  private boolean slowly;
  private long wantedLength = -1;
  private Promise<Buffer> wanted;
  private Promise<String> answer;
  private boolean headRequest;

  private RawClient(NetClient net, int port, long pauseAt, boolean hangUp, boolean reconnects) {
    this.net = net;
    this.port = port;
    this.pauseAt = pauseAt;
    this.hangUp = hangUp;
    this.reconnects = reconnects;
  }

  /**
   * Returns a future of everything the server on {@code port} answers to {@code requestHead}, to
   * which {@code Connection: close} is added. A server that refuses a request before reading it
   * all (414, 431) closes with bytes unread, which resets the connection: the answer that came
   * before the reset is still the answer.
   */
  public static Future<String> exchange(Vertx vertx, int port, String requestHead) {
    RawClient client = new RawClient(vertx.createNetClient(), port, Long.MAX_VALUE, false, false);
    return client.open().compose(c -> {
      c.write(requestHead + "\r\nConnection: close");
      return c.closed();
    }).map(b -> b.toString(ISO_8859_1));
  }

  /** Returns a client of a kept-alive connection to {@code localhost:port}, opened by the first {@link #send}. */
  public static RawClient keptAlive(Vertx vertx, int port) {
    return new RawClient(vertx.createNetClient(), port, Long.MAX_VALUE, false, true);
  }

  /** Returns a future of a client connected to {@code localhost:port} that has sent nothing and reads freely. */
  public static Future<RawClient> connect(Vertx vertx, int port) {
    return driven(vertx, port, Long.MAX_VALUE, false);
  }

  /**
   * Returns a future of a client that has sent {@code requestHead} and will stop reading once it
   * has {@code pauseAfter} bytes, head included (0: before the first; {@code Long.MAX_VALUE}: never).
   */
  public static Future<RawClient> request(Vertx vertx, int port, String requestHead, long pauseAfter) {
    return driven(vertx, port, pauseAfter, false).map(c -> c.write(requestHead));
  }

  /**
   * Returns a future of a client that has sent {@code requestHead} and closes its socket as soon
   * as it has {@code bytes} bytes, head included, with the rest unread; {@link #closed} tells when.
   */
  public static Future<RawClient> hangingUpAfter(Vertx vertx, int port, String requestHead, long bytes) {
    return driven(vertx, port, bytes, true).map(c -> c.write(requestHead));
  }

  private static Future<RawClient> driven(Vertx vertx, int port, long pauseAt, boolean hangUp) {
    NetClient net = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(SOCKET_BUFFER));
    return new RawClient(net, port, pauseAt, hangUp, false).open();
  }

  /**
   * Returns a future of the answer to {@code requestHead} on the kept-alive connection, status line
   * to the last body byte. Call once the previous answer is in.
   */
  public Future<String> send(String requestHead) {
    Promise<String> promise = Promise.promise();
    Future<RawClient> connected = socket != null ? Future.succeededFuture(this) : open();
    connected.onFailure(promise::fail).onSuccess(c -> {
      answer = promise;
      headRequest = requestHead.startsWith("HEAD ");
      write(requestHead);
    });
    return promise.future();
  }

  /** Returns a future completed once the client has stopped reading, with the bytes asked for in hand. */
  public Future<Void> paused() {
    return paused.future();
  }

  /** Reads on at once. */
  public void resume() {
    socket.resume();
  }

  /** Reads on, one socket read per event-loop turn, until the server closes. */
  public void readSlowly() {
    context.runOnContext(v -> {
      slowly = true;
      socket.fetch(1);
    });
  }

  /**
   * Returns a future of every byte received once the head and {@code bodyLength} bytes after it
   * are in (more, if the server sent more), or the connection closed.
   */
  public Future<Buffer> received(long bodyLength) {
    Promise<Buffer> promise = Promise.promise();
    context.runOnContext(v -> {
      wanted = promise;
      wantedLength = bodyLength;
      check();
    });
    return promise.future();
  }

  /** Returns a future of every byte received, completed when the connection closes. */
  public Future<Buffer> closed() {
    return closed.future();
  }

  /** Closes the connection. */
  public void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
    net.close();
  }

  private Future<RawClient> open() {
    return net.connect(port, "localhost").onFailure(e -> {
      if (!reconnects) {
        net.close();
      }
    }).map(s -> {
      context = Vertx.currentContext();
      socket = s;
      received = Buffer.buffer();
      s.handler(b -> {
        if (s == socket) {
          receive(b);
        }
      });
      s.closeHandler(v -> closed(s));
      s.exceptionHandler(e -> {
        if (received.length() == 0) {
          closed.tryFail(e);
        }
      });
      if (pauseAt <= 0) {
        pauseAt = Long.MAX_VALUE;
        s.pause();
        paused.complete();
      }
      return this;
    });
  }

  private RawClient write(String requestHead) {
    socket.write(Buffer.buffer((requestHead + "\r\n\r\n").getBytes(ISO_8859_1)));
    return this;
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
    int head = headLength(received);
    if (wanted != null && head >= 0 && received.length() >= head + wantedLength) {
      wanted.tryComplete(received.copy());
    }
    if (answer != null) {
      cutAnswer();
    }
  }

  private void closed(NetSocket s) {
    if (socket != s && socket != null) {
      // A kept-alive connection closed after its last answer, when the next one is open.
      return;
    }
    socket = null;
    if (!reconnects) {
      net.close();
    }
    closed.tryComplete(received.copy());
    if (wanted != null) {
      wanted.tryComplete(received.copy());
    }
    if (answer != null) {
      Promise<String> p = answer;
      answer = null;
      if (received.length() > 0) {
        p.complete(received.toString(ISO_8859_1));
      } else {
        p.fail("the connection closed without an answer");
      }
    }
  }

  /** Completes the pending answer of {@link #send} once the stream holds all of it. */
  private void cutAnswer() {
    int head = headLength(received);
    if (head < 0) {
      return;
    }
    int status = received.length() >= 12 && received.getString(9, 12, ISO_8859_1.name()).matches("\\d{3}")
        ? status(received) : 0;
    long length = 0;
    if (!headRequest && status != 304 && status != 204 && status / 100 != 1) {
      String declared = header(received, "content-length");
      if (declared == null) {
        // Without a length the body runs to the close, which the close handler takes.
        return;
      }
      length = Long.parseLong(declared);
    }
    if (received.length() < head + length) {
      return;
    }
    int total = (int) (head + length);
    Promise<String> p = answer;
    answer = null;
    String text = received.getString(0, total, ISO_8859_1.name());
    boolean last = "close".equalsIgnoreCase(header(received, "connection")) || status == 400 || status == 431;
    received = received.getBuffer(total, received.length());
    if (last) {
      // The server ends the connection after such an answer: the next request opens another.
      socket.close();
      socket = null;
    }
    p.complete(text);
  }

  /** Returns the length of the head (status line, headers, blank line) in {@code response}, or -1 if incomplete. */
  public static int headLength(Buffer response) {
    String text = response.getString(0, Math.min(response.length(), 8192), ISO_8859_1.name());
    int end = text.indexOf("\r\n\r\n");
    return end < 0 ? -1 : end + 4;
  }

  /** Returns the value of {@code name} (any case) in the head of {@code response}, or null. */
  public static String header(Buffer response, String name) {
    int head = headLength(response);
    for (String line : response.getString(0, head, ISO_8859_1.name()).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Returns the status code of {@code response}. */
  public static int status(Buffer response) {
    return Integer.parseInt(response.getString(9, 12, ISO_8859_1.name()));
  }
}
