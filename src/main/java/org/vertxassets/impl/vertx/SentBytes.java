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
 * What the socket of an HTTP/1.x connection has taken of one response, counted in the
 * connection's Netty pipeline, so that a download cut short is known by the byte rather than by
 * its {@code Content-Length}: Vert.x counts a body as written when it is handed over
 * ({@code bytesWritten()} is a {@code sendFile}'s whole length at once). While {@linkplain #arm
 * armed} for a response, each write goes on with a progressive promise, which Netty tells of
 * every partial write of a buffer or a file region; disarmed, a write passes straight through.
 * With TLS the count is taken before the encryption, in whole writes of the plain bytes (Netty's
 * TLS handler reports no progress), which are pieces of at most 64 KiB.
 *
 * <p>Installed on a connection when a large body is first counted on it (metrics or an access
 * log). Reaching the pipeline takes Vert.x's internal {@code HttpServerConnection}, as
 * {@link Cork} does; with another Vert.x, {@link #of} returns null and the caller counts whole
 * bodies. Event-loop confined.
 */
public final class SentBytes extends ChannelOutboundHandlerAdapter {

  private static final String NAME = "vertx-assets-sent-bytes";

  /** False once Vert.x's internal connection type turned out missing (another Vert.x version). */
  private static volatile boolean usable = true;

  private boolean armed;
  /** Which arming the counts are of: a write of an earlier one that completes late is not counted. */
  private int arming;
  private long taken;
  /** The size of the first write since the arming, the response's head; -1 before it. */
  private long head = -1;

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
      usable = false; // an internal type of another Vert.x version: whole bodies are counted
      return null;
    } catch (RuntimeException e) {
      return null; // closed under us: nothing more will be sent
    }
  }

  /** Starts counting a response, before its first write (its head). */
  public void arm() {
    armed = true;
    arming++;
    taken = 0;
    head = -1;
  }

  /** Stops counting: the response has ended, or failed and been counted. */
  public void disarm() {
    armed = false;
  }

  /**
   * Returns the body bytes that left of the response counted since {@link #arm}, at most
   * {@code length}: what the socket took, less the response's head, which Vert.x hands over as a
   * write of its own before the body.
   */
  public long body(long length) {
    return Math.max(0, Math.min(length, taken - Math.max(head, 0)));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long size = !armed ? -1 : msg instanceof ByteBuf b ? b.readableBytes()
        : msg instanceof ByteBufHolder h ? h.content().readableBytes()
        : msg instanceof FileRegion r ? r.count() - r.transferred() : -1;
    if (size <= 0) {
      ctx.write(msg, promise);
      return;
    }
    if (head < 0) {
      head = size;
    }
    ChannelProgressivePromise progressive = ctx.newProgressivePromise();
    progressive.addListener(new Tally(size, promise, arming));
    ctx.write(msg, progressive);
  }

  /** Counts one write's bytes as the socket takes them, and passes its outcome on to the writer's promise. */
  private final class Tally implements ChannelProgressiveFutureListener {

    private final long size;
    private final ChannelPromise writer;
    private final int of;
    private long counted;

    Tally(long size, ChannelPromise writer, int of) {
      this.size = size;
      this.writer = writer;
      this.of = of;
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
      if (upTo > counted && of == arming) {
        taken += upTo - counted;
        counted = upTo;
      }
    }
  }
}
