package org.vertxassets;

import io.netty.channel.ChannelFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.VertxConnection;
import java.nio.channels.FileChannel;

/**
 * Sends a file body of 1 MiB or more over HTTP/1.x as a chain of pieces under 1 MiB. Vert.x's own
 * {@code sendFile} splits such a body into 1 MiB regions and, when one of them fails, logs the
 * failure at ERROR with its stack trace ({@code VertxConnection.sendFileRegion}, 5.0.7): every
 * client that stops a download would page an operator. Here each piece goes through
 * {@code VertxConnection.sendFile} below that size, which writes it as one region whose failure
 * only fails its own future; the caller logs it at DEBUG. Zero-copy is kept (each piece is a
 * {@code FileRegion} wherever Vert.x would use one), and so is the reason Vert.x splits: a write
 * completes at every piece, so a slow client does not trip the write idle timeout.
 *
 * <p>The head is written by the response ({@code writeHead}), the pieces and the end by the
 * connection's one ordered outbound queue, so nothing can overtake the body. Reaching
 * {@code VertxConnection} takes Vert.x's internal connection class, as {@link Cork} does.
 */
final class Pieces {

  /** Bodies from this length on are sent in pieces: Vert.x splits (and logs) from 1 MiB on. */
  static final long THRESHOLD = 1024 * 1024;
  /** The size of a piece: below the threshold, so that Vert.x sends each as one region. */
  private static final long PIECE = 512 * 1024;
  /**
   * Whether Vert.x's internal connection class and its {@code sendFile} are there, as in 5.0.7;
   * with another Vert.x version they may not be, and bodies go to {@code sendFile} whole.
   */
  private static final boolean USABLE = probe();

  private Pieces() {
  }

  /**
   * Sends {@code length} bytes of {@code channel} from {@code offset} as the body of the
   * request's response, whose headers (with {@code Content-Length}) are set. Returns a future
   * completed when the body has been written, failed when the connection broke first. Does not
   * close the channel. Call on the request's context.
   */
  static Future<Void> send(HttpServerRequest request, FileChannel channel, long offset, long length) {
    HttpServerResponse response = request.response();
    if (!USABLE || length < THRESHOLD || !(request.connection() instanceof VertxConnection connection)) {
      return response.sendFile(channel, offset, length);
    }
    Context context = Vertx.currentContext();
    Promise<Void> done = Promise.promise();
    response.writeHead();
    next(connection, channel, offset, length, () -> context.runOnContext(v -> response.end().onComplete(done)), done);
    return done.future();
  }

  private static boolean probe() {
    try {
      return Class.forName("io.vertx.core.net.impl.VertxConnection")
          .getMethod("sendFile", FileChannel.class, long.class, long.class).getReturnType() == ChannelFuture.class;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static void next(VertxConnection connection, FileChannel channel, long offset, long left, Runnable end,
      Promise<Void> done) {
    long piece = Math.min(left, PIECE);
    ChannelFuture sent = connection.sendFile(channel, offset, piece);
    sent.addListener(f -> {
      if (!f.isSuccess()) {
        done.tryFail(f.cause());
      } else if (left == piece) {
        end.run();
      } else {
        next(connection, channel, offset + piece, left - piece, end, done);
      }
    });
  }
}
