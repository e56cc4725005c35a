package org.vertxassets.server;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.vertxassets.AssetsHandler;

/**
 * The bundled server's access log: a line per request in the combined log format nginx and Apache
 * write ({@code 203.0.113.9 - - [05/Dec/2026:05:30:00 +0000] "GET /app.js HTTP/1.1" 200 5120
 * "https://example.com/" "Mozilla/5.0 ..."}), at INFO on the logger {@code org.vertxassets.access}.
 *
 * <ul>
 *   <li>The byte count is the body bytes the client was sent: a download cut short logs as far
 *       as it went, not its {@code Content-Length} ({@link AssetsHandler#SENT_BODY_BYTES}). The
 *       line is written once the body has gone.
 *   <li>Requests refused before any route runs get their line too: a malformed request line or
 *       header block (400, 414, 431, from Vert.x's decoder) and a target the Router refuses
 *       (400 for {@code /%zz}, 404 for {@code *}).
 *   <li>What the client sent is escaped as nginx escapes it ({@code "}, {@code \}, control and
 *       non-ASCII bytes as {@code \xHH}), so that no request can write a line of its own.
 * </ul>
 */
final class AccessLog {

  private static final System.Logger LOG = System.getLogger("org.vertxassets.access");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  /** Marks a request whose line is on its way, so that an error handler does not write another. */
  private static final String HEX = "0123456789ABCDEF";
  private static final String LOGGED = "vertx-assets.accessLogged";

  private AccessLog() {
  }

  /** The first route's handler: follows the request to its end, then goes on. */
  static void handle(RoutingContext ctx) {
    follow(ctx);
    ctx.next();
  }

  /**
   * Follows a request to the end of its response and writes its line then, unless it is
   * followed already: for the error handlers, which also answer requests no route saw.
   */
  static void follow(RoutingContext ctx) {
    if (ctx.get(LOGGED) != null) {
      return;
    }
    ctx.put(LOGGED, Boolean.TRUE);
    ZonedDateTime start = ZonedDateTime.now();
    Promise<Long> sent = Promise.promise();
    ctx.put(AssetsHandler.SENT_BODY_BYTES, sent);
    // Still there at the end: no body of the handler's (none at all, or another route's).
    ctx.addEndHandler(ar -> {
      if (ctx.remove(AssetsHandler.SENT_BODY_BYTES) != null) {
        sent.tryComplete(ctx.response().bytesWritten());
      }
    });
    HttpServerRequest request = ctx.request();
    sent.future().onSuccess(bytes -> write(request, start, request.response().getStatusCode(), bytes));
  }

  /**
   * Answers a request Vert.x's decoder could not read (Vert.x's own answer: 414, 431 or 400, and
   * the connection closed) and logs it.
   */
  static void invalid(HttpServerRequest request) {
    ZonedDateTime start = ZonedDateTime.now();
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    write(request, start, request.response().getStatusCode(), 0);
  }

  private static void write(HttpServerRequest request, ZonedDateTime start, int status, long bytes) {
    if (!LOG.isLoggable(Level.INFO)) {
      return;
    }
    SocketAddress remote = request.remoteAddress();
    String referer = request.headers().get("referer");
    String agent = request.headers().get("user-agent");
    StringBuilder line = new StringBuilder(160);
    line.append(remote == null ? "-" : remote.hostAddress()).append(" - - [").append(TIME.format(start))
        .append("] \"");
    escape(line, request.method() + " " + String.valueOf(request.uri()) + " " + version(request.version()));
    line.append("\" ").append(status).append(' ').append(bytes).append(" \"");
    escape(line, referer == null ? "-" : referer);
    line.append("\" \"");
    escape(line, agent == null ? "-" : agent);
    line.append('"');
    LOG.log(Level.INFO, line.toString());
  }

  private static String version(HttpVersion version) {
    return version == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : version == HttpVersion.HTTP_1_1 ? "HTTP/1.1"
        : version == HttpVersion.HTTP_2 ? "HTTP/2.0" : "-";
  }

  /**
   * Appends {@code text} with {@code "}, {@code \} and bytes outside printable ASCII as
   * {@code \xHH}, as nginx does. HTTP/1.1 heads are read as ISO-8859-1, one char per byte: a
   * char up to 0xFF is that byte; one above (from an HTTP/2 header) is written as its UTF-8 bytes.
   */
  static void escape(StringBuilder line, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xff) {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          hex(line, b & 0xff);
        }
      } else if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        hex(line, c);
      } else {
        line.append(c);
      }
    }
  }

  private static void hex(StringBuilder line, int b) {
    line.append("\\x").append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
  }
}
