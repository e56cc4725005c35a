package org.vertxassets.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * An HTTP/2 client that misbehaves on purpose, written on Netty's frame reader and writer rather
 * than its connection handler, so that nothing checks what it sends: h2c with prior knowledge, or
 * TLS with ALPN {@code h2} (any certificate trusted). It floods HEADERS then RST_STREAM (the rapid
 * reset of CVE-2023-44487), resets a stream once its first DATA frame is in, and sends a header
 * list of any size in HEADERS and CONTINUATION frames. It counts what the server answers and
 * completes {@link #goAway()} and {@link #closed()} when the server ends the connection.
 *
 * <p>One Netty event loop of its own, shared by every abuser until {@link #shutdown()}; its
 * state is touched on that loop, its futures completed there.
 */
public final class H2Abuser {

  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private static final SslContext TLS = tls();

  private final Channel channel;
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final Promise<Void> ready = Promise.promise();
  private final Promise<Long> goAway = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private final AtomicInteger responses = new AtomicInteger();
  private final AtomicInteger resetsReceived = new AtomicInteger();
  private final Map<Integer, Promise<String>> outcomes = new ConcurrentHashMap<>();
  private final Map<Integer, Promise<Integer>> firstData = new ConcurrentHashMap<>();
  private int nextStream = 1;
  /** What made this client close the connection, if anything did. */
  private volatile Throwable failure;
  /** The context writes start from: the frame reader's, after TLS. */
  private ChannelHandlerContext ctx;

  private H2Abuser(Channel channel) {
    this.channel = channel;
  }

  private static SslContext tls() {
    try {
      return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a future of an abuser connected to {@code localhost:port} (over TLS when {@code tls}),
   * completed once it has sent the connection preface and read the server's SETTINGS.
   */
  public static Future<H2Abuser> connect(int port, boolean tls) {
    Promise<H2Abuser> connected = Promise.promise();
    new Bootstrap().group(GROUP).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            H2Abuser abuser = new H2Abuser(ch);
            if (tls) {
              ch.pipeline().addLast(TLS.newHandler(ch.alloc(), "localhost", port));
            }
            ch.pipeline().addLast(abuser.new Frames());
            ch.closeFuture().addListener(f -> {
              abuser.closed.tryComplete();
              abuser.outcomes.values().forEach(o -> o.tryFail("connection closed"));
              abuser.firstData.values().forEach(o -> o.tryFail("connection closed"));
              abuser.ready.tryFail("closed before the server's SETTINGS");
              abuser.goAway.tryFail("closed without GOAWAY"
                  + (abuser.failure == null ? "" : " after " + abuser.failure));
            });
            abuser.ready.future().onComplete(ar -> connected.handle(ar.map(abuser)));
          }
        })
        .connect("localhost", port).addListener(f -> {
          if (!f.isSuccess()) {
            connected.tryFail(f.cause());
          }
        });
    return connected.future();
  }

  /** Stops the event loop of every abuser. */
  public static void shutdown() {
    GROUP.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  /**
   * Returns a future of how many HEADERS + RST_STREAM pairs for {@code path} it wrote, {@code count}
   * at most, flushed in batches of 50: it stops at the first write the closed connection refuses.
   */
  public Future<Integer> rapidReset(String path, int count) {
    Promise<Integer> done = Promise.promise();
    channel.eventLoop().execute(() -> resetBatch(path, count, 0, done));
    return done.future();
  }

  private void resetBatch(String path, int count, int sent, Promise<Integer> done) {
    if (sent >= count || !channel.isActive()) {
      done.complete(sent);
      return;
    }
    int n = Math.min(50, count - sent);
    for (int i = 0; i < n; i++) {
      int id = stream();
      writer.writeHeaders(ctx, id, get(path), 0, true, ctx.voidPromise());
      writer.writeRstStream(ctx, id, Http2Error.CANCEL.code(), ctx.voidPromise());
    }
    // Go on once the batch is flushed, so that the flood goes as fast as the socket takes it.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
      if (f.isSuccess()) {
        resetBatch(path, count, sent + n, done);
      } else {
        done.complete(sent + n);
      }
    });
  }

  /**
   * Returns a future of the bytes of the first DATA frame of a GET of {@code path}; the stream is
   * reset (CANCEL) as soon as that frame is in.
   */
  public Future<Integer> resetAfterFirstData(String path) {
    Promise<Integer> data = Promise.promise();
    channel.eventLoop().execute(() -> {
      int id = stream();
      firstData.put(id, data);
      writer.writeHeaders(ctx, id, get(path), 0, true, ctx.newPromise());
      ctx.flush();
    });
    return data.future();
  }

  /**
   * Returns a future of what the server did with a GET of {@code path} carrying a header of
   * {@code bytes} bytes: {@code "status 200"}, {@code "RST_STREAM <code>"} or {@code "GOAWAY
   * <code>"}.
   */
  public Future<String> oversizedHeaders(String path, int bytes) {
    Promise<String> outcome = Promise.promise();
    channel.eventLoop().execute(() -> {
      int id = stream();
      outcomes.put(id, outcome);
      Http2Headers headers = get(path).add("x-padding", "a".repeat(bytes));
      writer.writeHeaders(ctx, id, headers, 0, true, ctx.newPromise());
      ctx.flush();
    });
    return outcome.future();
  }

  /** Returns a future of the status of a GET of {@code path} on this connection, as {@code "status 200"}. */
  public Future<String> request(String path) {
    Promise<String> outcome = Promise.promise();
    channel.eventLoop().execute(() -> {
      int id = stream();
      outcomes.put(id, outcome);
      writer.writeHeaders(ctx, id, get(path), 0, true, ctx.newPromise());
      ctx.flush();
    });
    return outcome.future();
  }

  /** Returns a future of the error code of the server's GOAWAY; failed if the connection closes without one. */
  public Future<Long> goAway() {
    return goAway.future();
  }

  /** Returns a future completed when the connection is closed. */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Returns how many responses (HEADERS with a {@code :status}) the server has sent. */
  public int responses() {
    return responses.get();
  }

  /** Returns how many RST_STREAM frames the server has sent. */
  public int resetsReceived() {
    return resetsReceived.get();
  }

  /** Closes the connection. */
  public void close() {
    channel.close();
  }

  private int stream() {
    int id = nextStream;
    nextStream += 2;
    return id;
  }

  private static Http2Headers get(String path) {
    return new DefaultHttp2Headers().method("GET").scheme("https").authority("localhost").path(path);
  }

  private void complete(int streamId, String outcome) {
    Promise<String> p = outcomes.remove(streamId);
    if (p != null) {
      p.tryComplete(outcome);
    }
  }

  /** Reads the server's frames; sends the preface once the connection (and TLS with ALPN h2) is up. */
  private final class Frames extends ByteToMessageDecoder {

    private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
    private final Listener listener = new Listener();

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
      ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
      if (context.pipeline().get(SslHandler.class) == null) {
        preface();
      }
      super.channelActive(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent e) {
        String protocol = context.pipeline().get(SslHandler.class).applicationProtocol();
        if (!e.isSuccess()) {
          ready.tryFail(e.cause());
        } else if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          ready.tryFail("ALPN chose " + protocol + ", not h2");
        } else {
          preface();
        }
      }
      super.userEventTriggered(context, event);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) throws Http2Exception {
      reader.readFrame(context, in, listener);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      failure = cause;
      context.close();
    }
  }

  private void preface() {
    ctx.write(Http2CodecUtil.connectionPrefaceBuf());
    // A large window, so that the server's DATA frames are not held back by flow control.
    writer.writeSettings(ctx, new Http2Settings().initialWindowSize(Http2CodecUtil.MAX_INITIAL_WINDOW_SIZE)
        .pushEnabled(false), ctx.voidPromise());
    writer.writeWindowUpdate(ctx, 0, Http2CodecUtil.MAX_INITIAL_WINDOW_SIZE - 65535, ctx.voidPromise());
    ctx.flush();
  }

  private final class Listener extends Http2EventAdapter {

    @Override
    public void onSettingsRead(ChannelHandlerContext context, Http2Settings settings) {
      writer.writeSettingsAck(ctx, ctx.voidPromise());
      ctx.flush();
      ready.tryComplete();
    }

    @Override
    public void onPingRead(ChannelHandlerContext context, long data) {
      writer.writePing(ctx, true, data, ctx.voidPromise());
      ctx.flush();
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext context, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) {
      if (headers.status() != null && !headers.status().toString().startsWith("1")) {
        responses.incrementAndGet();
        complete(streamId, "status " + headers.status());
      }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext context, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(context, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext context, int streamId, ByteBuf data, int padding,
        boolean endOfStream) {
      Promise<Integer> first = firstData.remove(streamId);
      if (first != null) {
        writer.writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.voidPromise());
        ctx.flush();
        first.complete(data.readableBytes());
      }
      return data.readableBytes() + padding;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext context, int streamId, long errorCode) {
      resetsReceived.incrementAndGet();
      complete(streamId, "RST_STREAM " + errorCode);
      Promise<Integer> first = firstData.remove(streamId);
      if (first != null) {
        first.tryFail("the server reset stream " + streamId + " (" + errorCode + ") before its first DATA frame");
      }
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext context, int lastStreamId, long errorCode, ByteBuf debugData) {
      goAway.tryComplete(errorCode);
      outcomes.keySet().forEach(id -> complete(id, "GOAWAY " + errorCode));
    }
  }
}
