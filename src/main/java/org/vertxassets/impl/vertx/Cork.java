package org.vertxassets.impl.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * {@code TCP_CORK} held on an HTTP/1.x connection for the length of one file send, as nginx's
 * {@code tcp_nopush} does. Vert.x writes a {@code sendFile} response as two writes, the head
 * from memory and the body as a {@code FileRegion}; with {@code TCP_NODELAY} the head would
 * leave as a packet of its own. Corked, the kernel fills whole segments and sends the rest when
 * the cork is released, after the last byte of the file.
 *
 * <p>Only the epoll transport has the option; elsewhere (NIO, TLS, HTTP/2) nothing changes. The
 * option is looked up by name so that the optional epoll jar need not be on the class path.
 * Reaching the Netty channel takes Vert.x's internal {@code HttpServerConnection}: a deviation
 * from STYLE's "public API only", worth 0.75× → 0.98× nginx on a 227 KiB file (BENCHMARKS.md).
 */
public final class Cork {

  private static final ChannelOption<Boolean> TCP_CORK =
      ChannelOption.valueOf("io.netty.channel.epoll.EpollChannelOption#TCP_CORK");

  /** False once Vert.x's internal connection type turned out missing (another Vert.x version). */
  private static volatile boolean usable = true;

  private final Channel channel;

  private Cork(Channel channel) {
    this.channel = channel;
  }

  /** Corks the request's connection, or returns null when its transport cannot be corked. */
  public static Cork hold(HttpServerRequest request) {
    if (!usable || request.version() == HttpVersion.HTTP_2 || request.isSSL()) {
      return null;
    }
    try {
      if (!(request.connection() instanceof HttpServerConnection connection)) {
        return null;
      }
      Channel channel = connection.channelHandlerContext().channel();
      return channel.config().setOption(TCP_CORK, true) ? new Cork(channel) : null;
    } catch (LinkageError e) {
      usable = false; // an internal type of another Vert.x version: send without the cork
      return null;
    } catch (RuntimeException e) {
      return null; // closed under us: the send will fail and say so
    }
  }

  /** Releases the cork, which sends what the kernel still holds. */
  public void release() {
    try {
      channel.config().setOption(TCP_CORK, false);
    } catch (RuntimeException ignored) {
      // The connection closed; nothing is left to send.
    }
  }
}
