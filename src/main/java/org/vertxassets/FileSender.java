package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.DateHeader;
import org.vertxassets.impl.http.MultipartByteRanges;
import org.vertxassets.impl.vertx.Cork;

/**
 * Sends a variant's bytes once the handler has decided the answer, from the source that suits
 * the connection: a small variant from memory; a large one with zero-copy {@code sendfile(2)}
 * from the index's open-file cache on cleartext HTTP/1.x, and from memory over HTTP/2 and TLS,
 * where nothing is zero-copy; past the memory budget, from the open-file cache or a file opened
 * for the request ({@link FileSource}; over HTTP/2, opened on a worker and piped to the stream).
 * A multipart answer of several ranges is written by {@link PartsWriter}, a large body over TLS
 * by {@link TlsPieces}. With the handler's metrics bound it counts every answer, and a
 * {@link Delivery} follows a body for whatever counts the bytes sent.
 */
final class FileSender {

  private static final System.Logger LOG = System.getLogger(FileSender.class.getName());
  private static final OpenOptions READ = new OpenOptions().setRead(true).setWrite(false).setCreate(false);
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence ZERO = HttpHeaders.createOptimized("0");

  /** Files already reported as changed since the build, so that a busy path logs once, not per request. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  /** The handler's counters once its metrics are bound, else null. */
  volatile Counters counters;

  /** Counts an answer with this status and content coding, once metrics are bound. */
  private void answered(int status, Encoding encoding) {
    Counters c = counters;
    if (c != null) {
      c.answered(status, encoding);
    }
  }

  /** Ends a response that has no body but its headers (a 304, a HEAD), counting it. */
  void end(HttpServerResponse response, Encoding encoding) {
    answered(response.getStatusCode(), encoding);
    response.end();
  }

  /** Ends a response without a body, {@code Content-Length: 0} and the {@code Date}, counting it. */
  void empty(HttpServerResponse response) {
    answered(response.getStatusCode(), Encoding.IDENTITY);
    endEmpty(response);
  }

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
    Delivery delivery = Delivery.of(ctx, counters, asset, variant, status, length);
    if (inMemory && (variant.openFile() == null || !zeroCopy(request))) {
      fromMemory(ctx, variant, status, offset, length, contentRange, delivery);
      return;
    }
    if (http2) {
      fromFileOverHttp2(ctx, asset, variant, status, offset, length, contentRange, delivery);
      return;
    }
    OpenFiles.Handle shared = variant.openFile().acquire();
    if (shared == null && inMemory) {
      // The open-file cache is full: the bytes in memory beat opening the file for one response.
      fromMemory(ctx, variant, status, offset, length, contentRange, delivery);
      return;
    }
    FileSource source = FileSource.open(shared, variant);
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
        failed(ctx, asset, variant, FileSource.sizeOf(sending, variant), ar.cause());
      }
      FileSource.done(shared, sending);
    });
  }

  /**
   * Sends a body from its file over HTTP/2, where Vert.x 5.0 cannot send a {@code FileChannel}:
   * opened and measured on a worker, then piped to the stream as Vert.x's own {@code sendFile}
   * does, but with the file's exception handler set. A stream reset while a read is under way
   * closes the file under that read, which Vert.x's would report as an unhandled exception (SEVERE).
   */
  private void fromFileOverHttp2(RoutingContext ctx, Asset asset, Variant variant, int status, long offset,
      long length, String contentRange, Delivery delivery) {
    HttpServerResponse response = ctx.response();
    ctx.vertx().fileSystem().open(variant.file(), READ).onComplete(opened -> {
      if (opened.failed()) {
        gone(ctx, asset, variant, opened.cause().toString(), delivery);
        return;
      }
      AsyncFile file = opened.result();
      file.size().onComplete(size -> {
        if (size.failed() || size.result() != variant.length() || response.closed()) {
          file.close();
          if (!response.closed()) {
            gone(ctx, asset, variant, size.failed() ? size.cause().toString()
                : "its size changed from " + variant.length() + " to " + size.result() + " bytes", delivery);
          } else if (delivery != null) {
            delivery.none();
          }
          return;
        }
        writeHead(response, variant, status, length, contentRange);
        if (delivery != null) {
          delivery.from(Counters.Source.OPENED);
        }
        file.exceptionHandler(e -> LOG.log(Level.DEBUG, "vertx-assets: reading {0} stopped: {1}", asset.path(),
            e.toString()));
        Future<Void> sent = file.setReadPos(offset).setReadLength(length).pipe().endOnFailure(false).to(response)
            .onFailure(e -> failed(ctx, asset, variant, variant.length(), e)).eventually(file::close);
        if (delivery != null) {
          delivery.track(response, sent, length);
        }
      });
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
    Delivery delivery = Delivery.of(ctx, counters, asset, variant, 206, parts.contentLength());
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
    ctx.vertx().executeBlocking(() -> FileSource.open(variant.openFile().acquire(), variant), false).onComplete(opened -> {
      if (opened.failed()) {
        if (delivery != null) {
          delivery.none();
        }
        ctx.fail(opened.cause());
        return;
      }
      FileSource source = opened.result();
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
          failed(ctx, asset, variant, FileSource.sizeOf(source.channel(), variant), ar.cause());
        }
        source.done();
      });
    });
  }

  /**
   * Sets the head of a multipart answer: the 200's headers (ETag, Cache-Control, Vary...) with its
   * own type and length, and no {@code Content-Range}, which goes in each part (RFC 9110 §15.3.7.2).
   */
  private void writePartsHead(HttpServerResponse response, Variant variant, MultipartByteRanges parts) {
    answered(206, Encoding.IDENTITY);
    response.setStatusCode(206);
    variant.headers().applyTo(response.headers(), DateHeader.current());
    response.putHeader(HttpHeaders.CONTENT_TYPE, parts.contentType())
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(parts.contentLength()));
  }

  /**
   * Sends the bytes the index holds: read-only slices shared with every other response. Over
   * HTTP/1.1 with TLS a large body goes out a piece at a time as the connection drains: Netty's
   * TLS handler encrypts at once whatever it is handed, so one write of a whole file would hold
   * an encrypted copy of it for each client that reads slowly. (Cleartext writes the shared bytes
   * themselves, and HTTP/2's flow control writes no faster than the connection drains.)
   */
  private void fromMemory(RoutingContext ctx, Variant variant, int status, long offset, long length,
      String contentRange, Delivery delivery) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = request.response();
    writeHead(response, variant, status, length, contentRange);
    Buffer body = contentRange == null ? variant.body() : variant.body().slice((int) offset, (int) (offset + length));
    Future<Void> sent;
    if (body.length() > TlsPieces.PIECE && request.isSSL() && request.version() != HttpVersion.HTTP_2) {
      sent = TlsPieces.end(ctx.vertx(), response, body);
    } else {
      sent = delivery == null ? response.end(body) : delivery.end(request, body);
    }
    if (delivery != null) {
      delivery.from(Counters.Source.MEMORY);
      delivery.track(response, sent, body.length());
    }
  }

  /**
   * Returns whether Vert.x sends a file on this request's connection with zero-copy
   * {@code sendfile(2)}: over HTTP/1.x without TLS. Over HTTP/2 and TLS it would read the file
   * (and over HTTP/2 open it too) for every response, so bytes held in memory go out instead.
   */
  private static boolean zeroCopy(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && !request.isSSL();
  }

  private void writeHead(HttpServerResponse response, Variant variant, int status, long length,
      String contentRange) {
    answered(status, variant.encoding());
    response.setStatusCode(status);
    variant.headers().applyTo(response.headers(), DateHeader.current());
    if (contentRange != null) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, contentRange)
          .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
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
  private void failed(RoutingContext ctx, Asset asset, Variant variant, long size, Throwable cause) {
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      // One stream of many: a reset tells its client, and leaves the others to finish; a stream
      // the client reset is closed already.
      if (!ctx.response().closed()) {
        ctx.response().reset();
      }
    } else {
      ctx.request().connection().close();
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

  /** Ends a response without a body: {@code Content-Length: 0} and the {@code Date}. */
  static void endEmpty(HttpServerResponse response) {
    response.putHeader(HttpHeaders.CONTENT_LENGTH, ZERO).putHeader(HttpHeaders.DATE, DateHeader.now()).end();
  }
}
