package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vertxassets.impl.http.DateHeader;
import org.vertxassets.impl.http.MultipartByteRanges;
import org.vertxassets.impl.vertx.Cork;

/**
 * Sends a variant's bytes once the handler has decided the answer, from the source that suits
 * the connection: a small variant from memory; a large one with zero-copy {@code sendfile(2)}
 * from the index's open-file cache on cleartext HTTP/1.x, and from memory over HTTP/2 and TLS,
 * where nothing is zero-copy; past the memory budget, from the open-file cache or a file opened
 * for the request. A multipart answer of several ranges is written by {@link PartsWriter}. The
 * one place that touches the disk at request time.
 */
final class FileSender {

  private static final System.Logger LOG = System.getLogger(FileSender.class.getName());
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence ZERO = HttpHeaders.createOptimized("0");
  /** The piece a large body from memory is written in over HTTP/1.1 with TLS: four TLS records. */
  private static final int PIECE = 64 * 1024;

  /** Files already reported as changed since the build, so that a busy path logs once, not per request. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  /** The handler's counters once its metrics are bound, else null. */
  volatile Counters counters;

  /** Forgets which files were reported, so that the next index's faults are reported again. */
  void forgetReported() {
    reported.clear();
  }

  /**
   * Sends {@code length} bytes of a variant from {@code offset}. A file sent from disk must still
   * have the length the index recorded, or the headers would lie: if it changed, the
   * bytes held in memory go out instead, and without them the answer is a 404 and a warning.
   */
  void send(RoutingContext ctx, Asset asset, Variant variant, int status, long offset, long length,
      String contentRange) {
    HttpServerRequest request = ctx.request();
    boolean http2 = request.version() == HttpVersion.HTTP_2;
    boolean inMemory = variant.body() != null;
    Delivery delivery = Delivery.of(ctx, counters, asset, variant, status);
    if (inMemory && (variant.openFile() == null || !zeroCopy(request))) {
      fromMemory(ctx, variant, status, offset, length, contentRange, delivery);
      return;
    }
    // Vert.x 5.0 cannot send a FileChannel over HTTP/2: there the path form opens the file itself.
    OpenFiles.Handle shared = http2 ? null : variant.openFile().acquire();
    if (shared == null && inMemory) {
      // The open-file cache is full: the bytes in memory beat opening the file for one response.
      fromMemory(ctx, variant, status, offset, length, contentRange, delivery);
      return;
    }
    Source source = source(shared, variant);
    if (source.problem() != null) {
      source.done();
      if (inMemory) {
        fromMemory(ctx, variant, status, offset, length, contentRange, delivery);
      } else {
        gone(ctx, asset, variant, source.problem(), delivery);
      }
      return;
    }
    FileChannel channel = source.channel();
    HttpServerResponse response = ctx.response();
    writeHead(response, variant, status, length, contentRange);
    if (delivery != null) {
      delivery.from(shared != null ? Counters.Source.KEPT_OPEN : Counters.Source.OPENED);
    }
    if (http2) {
      done(shared, channel);
      Future<Void> sent = response.sendFile(variant.file(), offset, length).onFailure(e -> LOG.log(Level.DEBUG,
          "vertx-assets: sending {0} ended early, the stream closed: {1}", asset.path(), e.toString()));
      if (delivery != null) {
        delivery.track(response, sent, length);
      }
      return;
    }
    FileChannel sending = channel;
    Cork cork = Cork.hold(request);
    Future<Void> sent = response.sendFile(channel, offset, length);
    if (delivery != null) {
      delivery.track(response, sent, length);
    }
    sent.onComplete(ar -> {
      if (cork != null) {
        cork.release();
      }
      if (ar.failed()) {
        failed(ctx, asset, variant, sending, ar.cause());
      }
      done(shared, sending);
    });
  }

  /**
   * Sends a {@code 206 multipart/byteranges} answer (SPEC §6) of the identity variant: from the
   * bytes held in memory when there are some, else read from the file on a worker thread, through
   * the open-file cache's channel or one opened for the answer. A file that is no longer as
   * indexed gets the answer {@link #send} gives it.
   */
  void sendParts(RoutingContext ctx, Asset asset, Variant variant, MultipartByteRanges parts) {
    HttpServerResponse response = ctx.response();
    Delivery delivery = Delivery.of(ctx, counters, asset, variant, 206);
    if (delivery != null) {
      delivery.multipart();
    }
    if (variant.body() != null) {
      writePartsHead(response, variant, parts);
      Future<Void> sent = PartsWriter.fromMemory(ctx.vertx(), ctx.request(), parts, variant.body());
      if (delivery != null) {
        delivery.from(Counters.Source.MEMORY);
        delivery.track(response, sent, parts.contentLength());
      }
      return;
    }
    ctx.vertx().executeBlocking(() -> source(variant.openFile().acquire(), variant), false).onComplete(opened -> {
      if (opened.failed()) {
        if (delivery != null) {
          delivery.none();
        }
        ctx.fail(opened.cause());
        return;
      }
      Source source = opened.result();
      if (source.problem() != null || response.closed()) {
        source.done();
        if (source.problem() != null) {
          gone(ctx, asset, variant, source.problem(), delivery);
        } else if (delivery != null) {
          delivery.none();
        }
        return;
      }
      writePartsHead(response, variant, parts);
      Future<Void> sent = PartsWriter.fromFile(ctx.vertx(), response, parts, source.channel());
      if (delivery != null) {
        delivery.from(source.shared() != null ? Counters.Source.KEPT_OPEN : Counters.Source.OPENED);
        delivery.track(response, sent, parts.contentLength());
      }
      sent.onComplete(ar -> {
        if (ar.failed()) {
          failed(ctx, asset, variant, source.channel(), ar.cause());
        }
        source.done();
      });
    });
  }

  /**
   * Sets the head of a multipart answer: the 200's headers (ETag, Cache-Control, Vary...) with its
   * own type and length, and no {@code Content-Range}, which goes in each part (RFC 9110 §15.3.7.2).
   */
  private static void writePartsHead(HttpServerResponse response, Variant variant, MultipartByteRanges parts) {
    response.setStatusCode(206);
    variant.headers().applyTo(response.headers(), DateHeader.current());
    response.putHeader(HttpHeaders.CONTENT_TYPE, parts.contentType())
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(parts.contentLength()));
  }

  /** A file to read a body from and what to give back when done, or why it cannot be used. */
  private record Source(OpenFiles.Handle shared, FileChannel channel, String problem) {

    void done() {
      FileSender.done(shared, channel);
    }
  }

  /**
   * Returns the variant's file as {@code shared} holds it open, or opened now when that is null,
   * with a problem when it is gone or no longer has the length the index recorded. Blocks (an
   * {@code open(2)} when not shared, an {@code fstat(2)}).
   */
  private static Source source(OpenFiles.Handle shared, Variant variant) {
    FileChannel channel = null;
    try {
      channel = shared != null ? shared.channel() : OpenFiles.openRegular(Path.of(variant.file()));
      long size = channel.size();
      return new Source(shared, channel, size == variant.length() ? null
          : "its size changed from " + variant.length() + " to " + size + " bytes");
    } catch (IOException e) {
      return new Source(shared, channel, e.toString());
    }
  }

  /**
   * Sends the bytes the index holds: read-only slices shared with every other response. Over
   * HTTP/1.1 with TLS a large body goes out a piece at a time as the connection drains: Netty's
   * TLS handler encrypts at once whatever it is handed, so one write of a whole file would hold
   * an encrypted copy of it for each client that reads slowly. (Cleartext writes the shared bytes
   * themselves, and HTTP/2's flow control writes no faster than the connection drains.)
   */
  private static void fromMemory(RoutingContext ctx, Variant variant, int status, long offset, long length,
      String contentRange, Delivery delivery) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = request.response();
    writeHead(response, variant, status, length, contentRange);
    Buffer body = contentRange == null ? variant.body() : variant.body().slice((int) offset, (int) (offset + length));
    Future<Void> sent;
    if (body.length() > PIECE && request.isSSL() && request.version() != HttpVersion.HTTP_2) {
      Promise<Void> written = delivery == null ? null : Promise.promise();
      writeFrom(ctx.vertx(), response, body, 0, written);
      sent = written == null ? null : written.future();
    } else {
      sent = delivery == null ? response.end(body) : delivery.end(request, body);
    }
    if (delivery != null) {
      delivery.from(Counters.Source.MEMORY);
      delivery.track(response, sent, body.length());
    }
  }

  /**
   * Writes {@code body} from {@code from} one piece at a time, each once the one before has gone
   * to the socket, so that at most a piece waits encrypted in memory beside what the kernel holds.
   * (Vert.x's {@code writeQueueFull()} learns that the connection is full only on a later turn of
   * the event loop, by when about a mebibyte per connection had been encrypted.) The next piece is
   * written on a new turn, so that a socket that takes each at once does not nest the calls.
   * {@code written}, when not null, completes with the last write, or fails when a write fails.
   */
  private static void writeFrom(Vertx vertx, HttpServerResponse response, Buffer body, int from,
      Promise<Void> written) {
    if (response.closed()) {
      if (written != null) {
        written.tryFail("the connection closed"); // the client left: nothing more to write
      }
      return;
    }
    int to = Math.min(from + PIECE, body.length());
    Future<Void> write = to == body.length() ? response.end(body.slice(from, to)) : response.write(body.slice(from, to));
    write.onComplete(ar -> {
      if (ar.failed() || to == body.length()) {
        if (written != null) {
          written.handle(ar);
        }
      } else {
        vertx.runOnContext(x -> writeFrom(vertx, response, body, to, written));
      }
    });
  }

  /**
   * Returns whether Vert.x sends a file on this request's connection with zero-copy
   * {@code sendfile(2)}: over HTTP/1.x without TLS. Over HTTP/2 and TLS it would read the file
   * (and over HTTP/2 open it too) for every response, so bytes held in memory go out instead.
   */
  private static boolean zeroCopy(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && !request.isSSL();
  }

  private static void writeHead(HttpServerResponse response, Variant variant, int status, long length,
      String contentRange) {
    response.setStatusCode(status);
    variant.headers().applyTo(response.headers(), DateHeader.current());
    if (contentRange != null) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, contentRange)
          .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
    }
  }

  /** Gives a shared channel back to the open-file cache, or closes a channel opened for one request. */
  private static void done(OpenFiles.Handle shared, FileChannel channel) {
    if (shared != null) {
      shared.release();
    } else if (channel != null) {
      close(channel);
    }
  }

  private void gone(RoutingContext ctx, Asset asset, Variant variant, String why, Delivery delivery) {
    if (delivery != null) {
      delivery.none();
    }
    LOG.log(faultLevel(variant), "vertx-assets: {0} answered 404: {1} is no longer as indexed ({2});"
        + " rebuild the index to serve it again", asset.path(), variant.file(), why);
    HttpServerResponse response = ctx.response().setStatusCode(404).putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    empty(response);
  }

  /** WARNING the first time a variant's file is found not as indexed, DEBUG after: a busy path logs once. */
  private Level faultLevel(Variant variant) {
    return reported.add(variant.file()) ? Level.WARNING : Level.DEBUG;
  }

  /**
   * Closes the connection of a body that could not be sent whole (over HTTP/2, resets its stream),
   * so that the client sees fewer bytes than the {@code Content-Length} and a closed connection,
   * never a response that looks complete. A file that changed size while it was sent is a fault of the server's files
   * (warned once); anything else is a client that went away, which is no fault (DEBUG).
   */
  private void failed(RoutingContext ctx, Asset asset, Variant variant, FileChannel channel, Throwable cause) {
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      // One stream of many: a reset tells its client, and leaves the others to finish; a stream
      // the client reset is closed already.
      if (!ctx.response().closed()) {
        ctx.response().reset();
      }
    } else {
      ctx.request().connection().close();
    }
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      size = variant.length();
    }
    if (size != variant.length()) {
      LOG.log(faultLevel(variant), "vertx-assets: sending {0} stopped and its connection was closed: {1}"
          + " changed size from {2} to {3} bytes while it was sent; rebuild the index to serve it again", asset.path(), variant.file(),
          Long.toString(variant.length()), Long.toString(size));
      return;
    }
    LOG.log(Level.DEBUG, "vertx-assets: sending {0} ended early, the connection closed: {1}", asset.path(),
        cause.toString());
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }

  /** Ends a response without a body: {@code Content-Length: 0} and the {@code Date}. */
  static void empty(HttpServerResponse response) {
    response.putHeader(HttpHeaders.CONTENT_LENGTH, ZERO).putHeader(HttpHeaders.DATE, DateHeader.now()).end();
  }
}
