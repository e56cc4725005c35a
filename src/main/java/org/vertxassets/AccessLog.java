package org.vertxassets;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;

/**
 * The bundled server's access log: vertx-web's {@code LoggerFormat.DEFAULT} line (the common log
 * format with the referrer and the user agent), logged the same way, but for the byte count.
 * vertx-web counts what the response wrote through its own methods, and a body of 1 MiB or more
 * goes out in {@link Pieces}, past that count: its length is then the {@code Content-Length} the
 * response declared, as vertx-web gives it for any other file.
 */
final class AccessLog {

  private AccessLog() {
  }

  /** Returns a handler that logs one line per request once its response has ended. */
  static LoggerHandler create() {
    return LoggerHandler.create(LoggerFormat.CUSTOM).customFormatter(AccessLog::line);
  }

  /** Returns the line of a request that took {@code ms} milliseconds. */
  static String line(RoutingContext ctx, long ms) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    long bytes = response.bytesWritten();
    String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (bytes == 0 && length != null && !HttpMethod.HEAD.equals(request.method())) {
      try {
        bytes = Long.parseLong(length);
      } catch (NumberFormatException notOurs) {
        // Set by another handler: keep what vertx-web counted.
      }
    }
    SocketAddress remote = request.remoteAddress();
    String referrer = request.headers().contains("referrer") ? request.getHeader("referrer") : request.getHeader("referer");
    String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
    return String.format("%s - - [%s] \"%s %s %s\" %d %d \"%s\" \"%s\"", remote == null ? null : remote.host(),
        HttpDates.format((System.currentTimeMillis() - ms) / 1000), request.method(), request.uri(),
        version(request.version()), response.getStatusCode(), bytes, referrer == null ? "-" : referrer,
        userAgent == null ? "-" : userAgent);
  }

  private static String version(HttpVersion version) {
    if (version == null) {
      return "-";
    }
    switch (version) {
      case HTTP_1_0:
        return "HTTP/1.0";
      case HTTP_1_1:
        return "HTTP/1.1";
      case HTTP_2:
        return "HTTP/2.0";
      default:
        return "-";
    }
  }
}
