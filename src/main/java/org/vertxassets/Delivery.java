package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.vertx.SentBytes;

/**
 * One body on its way, for whoever counts it: the handler's {@link Counters} and an access log
 * that left a promise under {@link AssetsHandler#SENT_BODY_BYTES}. Once the transfer has ended
 * it tells them how many body bytes the client was sent: all of them when the last write went
 * out (for the metrics alone, a body of up to {@link #PIECE} bytes, one write, as it is handed
 * over). When the connection or stream failed first, a body of up to {@link #PIECE} bytes counts
 * as none; a larger one, over HTTP/1.x, as what the connection's {@link SentBytes}
 * saw leave (to the byte, or to the 64 KiB piece with TLS); over HTTP/2, as the 64 KiB pieces of
 * a body from memory that went out, or for a file read by Vert.x as what the stream took.
 */
final class Delivery {

  /**
   * The largest body counted whole or not at all, and the piece a larger body from memory is
   * written in over HTTP/2 when its bytes are counted: a body this small goes in one write, and
   * following it through the socket would cost every response of a busy server more than it tells.
   */
  static final int PIECE = 64 * 1024;

  private final Counters counters;
  private final Promise<Long> log;
  private final Encoding encoding;
  private final long savedWhole;
  private final SentBytes wire;
  private long piecesSent = -1;

  private Delivery(RoutingContext ctx, Counters counters, Promise<Long> log, Encoding encoding, long savedWhole,
      long length) {
    this.counters = counters;
    this.log = log;
    this.encoding = encoding;
    this.savedWhole = savedWhole;
    this.wire = length > PIECE ? SentBytes.of(ctx.request()) : null;
    if (wire != null) {
      wire.arm();
    }
  }

  /**
   * Returns the delivery of a body of {@code length} bytes of {@code variant} about to be written
   * with {@code status}, taking an access log's promise out of {@code ctx}; or null when nothing
   * counts bodies.
   */
  static Delivery of(RoutingContext ctx, Counters counters, Asset asset, Variant variant, int status, long length) {
    Promise<Long> log = ctx.get(AssetsHandler.SENT_BODY_BYTES);
    if (counters == null && log == null) {
      return null;
    }
    if (log != null) {
      ctx.remove(AssetsHandler.SENT_BODY_BYTES);
    }
    long saved = status == 200 ? asset.identity().length() - variant.length() : 0;
    return new Delivery(ctx, counters, log, variant.encoding(), saved, length);
  }

  /** Counts where the body comes from. */
  void from(Counters.Source source) {
    if (counters != null) {
      counters.body(source);
    }
  }

  /** Counts a multipart answer. */
  void multipart() {
    if (counters != null) {
      counters.multipart();
    }
  }

  /**
   * Ends {@code response} with {@code body}: at once, or over HTTP/2 in pieces whose writes each
   * say when they left, so that a stream reset part way is counted as far as it went.
   */
  Future<Void> end(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response();
    if (request.version() != HttpVersion.HTTP_2 || body.length() <= PIECE) {
      return response.end(body);
    }
    piecesSent = 0;
    List<Future<Void>> writes = new ArrayList<>();
    for (int from = 0; from < body.length(); from += PIECE) {
      int to = Math.min(from + PIECE, body.length());
      Buffer piece = body.slice(from, to);
      Future<Void> write = to == body.length() ? response.end(piece) : response.write(piece);
      int length = to - from;
      writes.add(write.onSuccess(v -> piecesSent += length));
    }
    return Future.join(writes).mapEmpty();
  }

  /**
   * Reports, once {@code end} completes, the bytes sent of a body of {@code length} bytes. For
   * the metrics alone a body of one write is counted at once, as handed over: waiting for each
   * small body to leave would cost every response of a busy server a listener.
   */
  void track(HttpServerResponse response, Future<?> end, long length) {
    if (log == null && wire == null && piecesSent < 0 && length <= PIECE) {
      done(length, true);
      return;
    }
    end.onComplete(ar -> {
      long sent = ar.succeeded() ? length : cut(response, length);
      if (wire != null) {
        wire.disarm();
      }
      done(sent, ar.succeeded());
    });
  }

  /** Reports a body that was not sent after all (the file was no longer as indexed). */
  void none() {
    if (wire != null) {
      wire.disarm();
    }
    done(0, false);
  }

  /** Returns the body bytes sent of a response of {@code length} bytes whose transfer failed. */
  private long cut(HttpServerResponse response, long length) {
    if (piecesSent >= 0) {
      return piecesSent;
    }
    if (wire != null) {
      return wire.body(length);
    }
    if (length <= PIECE) {
      return 0; // one write, which failed
    }
    // HTTP/2 from a file, or another Vert.x: what the stream or the connection took
    return Math.min(length, response.bytesWritten());
  }

  private void done(long bytes, boolean whole) {
    if (counters != null) {
      counters.sent(encoding, bytes, whole ? savedWhole : 0);
    }
    if (log != null) {
      log.tryComplete(bytes);
    }
  }
}
