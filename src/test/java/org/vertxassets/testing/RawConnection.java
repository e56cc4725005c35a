package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A kept-alive HTTP/1.1 connection for tests that send thousands of raw requests: each request
 * is written byte for byte (as {@link TestServer#raw}) once the answer to the previous one has
 * been read, and each answer is cut from the stream by its own framing (RFC 9112 §6.3: no body
 * after HEAD or a 304, else {@code Content-Length} bytes). An answer whose length lies therefore
 * shows up as a garbled next answer. A connection the server closes is opened again for the
 * next request. Not thread-safe: one request at a time, from the test thread.
 */
public final class RawConnection {

  private final NetClient net;
  private final int port;
  private NetSocket socket;
  private Buffer pending = Buffer.buffer();
  private Promise<String> answer;
  private boolean headRequest;

  public RawConnection(NetClient net, int port) {
    this.net = net;
    this.port = port;
  }

  /**
   * Returns a future of the answer to {@code requestHead} (request line and headers, CRLF
   * separated, without the blank line; each char one byte), status line to the last body byte.
   */
  public Future<String> send(String requestHead) {
    Promise<String> promise = Promise.promise();
    Future<NetSocket> connected = socket != null ? Future.succeededFuture(socket) : net.connect(port, "localhost")
        .onSuccess(this::attach);
    connected.onFailure(promise::fail).onSuccess(s -> {
      answer = promise;
      headRequest = requestHead.startsWith("HEAD ");
      s.write(Buffer.buffer((requestHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    });
    return promise.future();
  }

  /** Closes the connection. */
  public void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  private void attach(NetSocket s) {
    socket = s;
    pending = Buffer.buffer();
    s.handler(data -> {
      pending.appendBuffer(data);
      cut();
    });
    s.closeHandler(v -> {
      if (socket == s) {
        socket = null;
      }
      if (answer != null) {
        Promise<String> p = answer;
        answer = null;
        if (pending.length() > 0) {
          p.complete(pending.toString(StandardCharsets.ISO_8859_1));
        } else {
          p.fail("the connection closed without an answer");
        }
      }
    });
  }

  /** Completes the pending answer once the stream holds all of it. */
  private void cut() {
    if (answer == null) {
      return;
    }
    String text = pending.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return;
    }
    String head = text.substring(0, end + 4);
    int status = text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
    long length = 0;
    if (!headRequest && status != 304 && status != 204 && status / 100 != 1) {
      String declared = header(head, "content-length");
      if (declared == null) {
        // Without a length the body runs to the close, which the close handler takes.
        return;
      }
      length = Long.parseLong(declared);
    }
    if (text.length() < end + 4 + length) {
      return;
    }
    int total = (int) (end + 4 + length);
    Promise<String> p = answer;
    answer = null;
    pending = Buffer.buffer().appendString(text.substring(total), "ISO-8859-1");
    if ("close".equalsIgnoreCase(header(head, "connection")) || status == 400 || status == 431) {
      // The server ends the connection after such an answer: the next request opens another.
      close();
    }
    p.complete(text.substring(0, total));
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }
}
