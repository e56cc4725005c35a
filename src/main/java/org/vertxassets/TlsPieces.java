package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A large body from memory written over HTTP/1.1 with TLS one piece at a time, each once the one
 * before has gone to the socket, so that at most a piece waits encrypted in memory beside what
 * the kernel holds: Netty's TLS handler encrypts at once whatever it is handed, so one write of
 * a whole file would hold an encrypted copy of it for each client that reads slowly. (Vert.x's
 * {@code writeQueueFull()} learns that the connection is full only on a later turn of the event
 * loop, by when about a mebibyte per connection had been encrypted.)
 */
final class TlsPieces {

  /** The piece: four TLS records. */
  static final int PIECE = 64 * 1024;

  private TlsPieces() {
  }

  /**
   * Ends {@code response} with {@code body}, a piece at a time, and returns a future completed by
   * the last write, or failed when a write fails or the connection closes first.
   */
  static Future<Void> end(Vertx vertx, HttpServerResponse response, Buffer body) {
    Promise<Void> written = Promise.promise();
    writeFrom(vertx, response, body, 0, written);
    return written.future();
  }

  /**
   * Writes {@code body} from {@code from}. The next piece is written on a new turn of the event
   * loop, so that a socket that takes each at once does not nest the calls.
   */
  private static void writeFrom(Vertx vertx, HttpServerResponse response, Buffer body, int from,
      Promise<Void> written) {
    if (response.closed()) {
      written.tryFail("the connection closed"); // the client left: nothing more to write
      return;
    }
    int to = Math.min(from + PIECE, body.length());
    Future<Void> write = to == body.length() ? response.end(body.slice(from, to)) : response.write(body.slice(from, to));
    write.onComplete(ar -> {
      if (ar.failed() || to == body.length()) {
        written.handle(ar);
      } else {
        vertx.runOnContext(x -> writeFrom(vertx, response, body, to, written));
      }
    });
  }
}
