package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.vertxassets.impl.http.ByteRanges.ByteRange;
import org.vertxassets.impl.http.MultipartByteRanges;

/**
 * Writes the body of a {@code 206 multipart/byteranges} answer (RFC 9110 §14.6) once its head is
 * set, part by part: each part's framing, then its bytes, either slices of the bytes the index
 * holds (never copied) or read from the file a piece at a time. Nothing here is zero-copy: Vert.x
 * has no way to send a region of a file into a body already begun ({@code sendFile} writes the
 * head itself and refuses once it is written), and a multipart answer is rare enough not to reach
 * into its internals for one. Every method runs on the response's event loop; file reads run on
 * a worker thread.
 */
final class PartsWriter {

  /** The most read from a file, or written from memory over TLS, before the write before it has gone. */
  static final int PIECE = 64 * 1024;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final MultipartByteRanges parts;
  /** The whole representation in memory, or null. */
  private final Buffer memory;
  /** The file, when {@link #memory} is null: read with positional reads, so shared channels stay usable. */
  private final FileChannel file;
  private final Promise<Void> sent = Promise.promise();
  /** The part being written, and how many of its bytes have gone. */
  private int part;
  private long done;

  private PartsWriter(Vertx vertx, HttpServerResponse response, MultipartByteRanges parts, Buffer memory,
      FileChannel file) {
    this.vertx = vertx;
    this.response = response;
    this.parts = parts;
    this.memory = memory;
    this.file = file;
    // A stream reset or a closed connection may leave a write's future pending: end here then.
    response.exceptionHandler(e -> sent.tryFail(e));
    response.closeHandler(v -> sent.tryFail(new IOException("the connection closed")));
  }

  /**
   * Writes the parts from {@code body}, the whole representation in memory: all at once, as
   * slices, except over HTTP/1.1 with TLS, where a large body goes a piece at a time (Netty's TLS
   * handler would hold an encrypted copy of all of it for a client that reads slowly).
   */
  static Future<Void> fromMemory(Vertx vertx, HttpServerRequest request, MultipartByteRanges parts, Buffer body) {
    HttpServerResponse response = request.response();
    PartsWriter writer = new PartsWriter(vertx, response, parts, body, null);
    if (parts.contentLength() > PIECE && request.isSSL() && request.version() != HttpVersion.HTTP_2) {
      writer.next();
      return writer.sent.future();
    }
    for (int i = 0; i < parts.ranges().size(); i++) {
      ByteRange r = parts.ranges().get(i);
      response.write(parts.head(i));
      response.write(body.slice((int) r.first(), (int) r.last() + 1));
    }
    return response.end(parts.end());
  }

  /**
   * Writes the parts from {@code file}, a piece at a time, each read on a worker thread once the
   * one before has gone to the connection, and returns a future completed when the last byte has
   * gone, or failed when the file ends early or the connection closes. The file stays open.
   */
  static Future<Void> fromFile(Vertx vertx, HttpServerResponse response, MultipartByteRanges parts, FileChannel file) {
    PartsWriter writer = new PartsWriter(vertx, response, parts, null, file);
    writer.next();
    return writer.sent.future();
  }

  /**
   * Writes the next piece of the current part, with the part's framing before its first piece and
   * the close delimiter after the last piece of the last part; then, once it has gone, the next.
   */
  private void next() {
    if (sent.future().isComplete()) {
      return; // ended early: the stream was reset or the connection closed
    }
    if (response.closed()) {
      sent.tryFail(new IOException("the connection closed"));
      return;
    }
    ByteRange r = parts.ranges().get(part);
    long from = r.first() + done;
    int length = (int) Math.min(PIECE, r.length() - done);
    Buffer before = done == 0 ? parts.head(part) : null;
    done += length;
    boolean lastOfPart = done == r.length();
    boolean last = lastOfPart && part == parts.ranges().size() - 1;
    Buffer after = last ? parts.end() : null;
    if (lastOfPart) {
      part++;
      done = 0;
    }
    if (memory != null) {
      if (before != null) {
        response.write(before);
      }
      Buffer piece = memory.slice((int) from, (int) from + length);
      if (after != null) {
        response.write(piece);
        piece = after;
      }
      write(piece, last);
      return;
    }
    vertx.executeBlocking(() -> read(file, before, from, length, after), false).onComplete(read -> {
      if (read.failed()) {
        sent.tryFail(read.cause());
      } else {
        write(read.result(), last);
      }
    });
  }

  /** Writes a piece, or ends the answer with it; once it has gone, writes the next on a new turn. */
  private void write(Buffer piece, boolean last) {
    if (sent.future().isComplete()) {
      return;
    }
    if (response.closed()) {
      sent.tryFail(new IOException("the connection closed"));
      return;
    }
    if (last) {
      response.end(piece).onComplete(ar -> {
        if (ar.succeeded()) {
          sent.tryComplete();
        } else {
          sent.tryFail(ar.cause());
        }
      });
      return;
    }
    response.write(piece).onComplete(ar -> {
      if (ar.failed()) {
        sent.tryFail(ar.cause());
      } else {
        // A new turn, so that a connection that takes every piece at once does not nest the calls.
        vertx.runOnContext(v -> next());
      }
    });
  }

  /**
   * Returns {@code before}, {@code length} bytes of {@code file} from {@code position}, and
   * {@code after}, in one buffer (either may be null). Blocks; call from a worker.
   *
   * @throws EOFException when the file ends before those bytes: it was cut short while being sent
   */
  private static Buffer read(FileChannel file, Buffer before, long position, int length, Buffer after)
      throws IOException {
    int head = before == null ? 0 : before.length();
    byte[] bytes = new byte[head + length + (after == null ? 0 : after.length())];
    if (before != null) {
      before.getBytes(bytes, 0);
    }
    ByteBuffer into = ByteBuffer.wrap(bytes, head, length);
    while (into.hasRemaining()) {
      if (file.read(into, position + into.position() - head) < 0) {
        throw new EOFException("the file ended at " + (position + into.position() - head) + " bytes");
      }
    }
    if (after != null) {
      after.getBytes(bytes, head + length);
    }
    return Buffer.buffer(bytes);
  }
}
