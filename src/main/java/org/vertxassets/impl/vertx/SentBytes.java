package org.vertxassets.impl.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * What an HTTP/1.x connection has handed to the socket and what the socket has taken, counted in
 * the connection's Netty pipeline, so that a download cut short is known by the byte rather than
 * by its {@code Content-Length}: Vert.x counts a body as written when it is handed over
 * ({@code bytesWritten()} is a {@code sendFile}'s whole length at once). Each write goes on with a
 * progressive promise, which Netty tells of every partial write of a buffer or a file region.
 * With TLS the count is taken before the encryption, in whole writes of the plain bytes (Netty's
 * TLS handler reports no progress), which are pieces of at most 64 KiB.
 *
 * <p>Installed only on a connection whose bytes are counted (metrics or an access log). Reaching
 * the pipeline takes Vert.x's internal {@code HttpServerConnection}, as {@link Cork} does; with
 * another Vert.x, {@link #of} returns null and the caller counts whole writes. Event-loop confined.
 */
public final class SentBytes extends ChannelOutboundHandlerAdapter {

  private static final String NAME = "vertx-assets-sent-bytes";

  /** False once Vert.x's internal connection type turned out missing (another Vert.x version). */
  private static volatile boolean usable = true;

  private long handed;
  private long taken;
  /** What {@link #mark} last returned, and the size of the first write after it, or -1 before it. */
  private long mark = -1;
  private long firstAfterMark = -1;

  private SentBytes() {
  }

  /**
   * Returns the counter of the request's connection, installed on its first use, or null over
   * HTTP/2 (a connection of many streams) or when the connection cannot be reached.
   */
  public static SentBytes of(HttpServerRequest request) {
    if (!usable || request.version() == HttpVersion.HTTP_2) {
      return null;
    }
    try {
      if (!(request.connection() instanceof HttpServerConnection connection)) {
        return null;
      }
      ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
      if (pipeline.get(NAME) instanceof SentBytes installed) {
        return installed;
      }
      SentBytes counter = new SentBytes();
      ChannelHandlerContext tls = pipeline.context(SslHandler.class);
      if (tls != null) {
        pipeline.addAfter(tls.name(), NAME, counter);
      } else {
        pipeline.addFirst(NAME, counter);
      }
      return counter;
    } catch (LinkageError e) {
      usable = false; // an internal type of another Vert.x version: whole writes are counted
      return null;
    } catch (RuntimeException e) {
      return null; // closed under us: nothing more will be sent
    }
  }

  /**
   * Marks the start of a response, before its first write, and returns the mark: the bytes handed
   * to the socket so far on this connection.
   */
  public long mark() {
    mark = handed;
    firstAfterMark = -1;
    return mark;
  }

  /**
   * Returns the body bytes that left of the response begun at {@code mark}, at most {@code length}:
   * what the socket took since the mark, less the response's head, which Vert.x hands over as a
   * write of its own before the body (a {@code sendFile} body goes in 1 MiB regions, each once the
   * one before has gone, so what is handed says nothing of the body's length).
   */
  public long bodySince(long mark, long length) {
    long head = this.mark == mark && firstAfterMark >= 0 ? firstAfterMark : 0;
    return Math.max(0, Math.min(length, taken - mark - head));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long size = msg instanceof ByteBuf b ? b.readableBytes()
        : msg instanceof ByteBufHolder h ? h.content().readableBytes()
        : msg instanceof FileRegion r ? r.count() - r.transferred() : -1;
    if (size <= 0) {
      ctx.write(msg, promise);
      return;
    }
    handed += size;
    if (firstAfterMark < 0 && mark >= 0) {
      firstAfterMark = size;
    }
    ChannelProgressivePromise progressive = ctx.newProgressivePromise();
    progressive.addListener(new Tally(size, promise));
    ctx.write(msg, progressive);
  }

  /** Counts one write's bytes as the socket takes them, and passes its outcome on to the writer's promise. */
  private final class Tally implements ChannelProgressiveFutureListener {

    private final long size;
    private final ChannelPromise writer;
    private long counted;

    Tally(long size, ChannelPromise writer) {
      this.size = size;
      this.writer = writer;
    }

    @Override
    public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
      count(Math.min(progress, size));
    }

    @Override
    public void operationComplete(ChannelProgressiveFuture future) {
      // A void promise ignores the success and, as it would have, fires the failure down the pipeline.
      if (future.isSuccess()) {
        count(size);
        writer.trySuccess();
      } else {
        writer.tryFailure(future.cause());
      }
    }

    private void count(long upTo) {
      if (upTo > counted) {
        taken += upTo - counted;
        counted = upTo;
      }
    }
  }
}
