package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;

/**
 * A real HTTP server on a free port with an {@link AssetsHandler} on a route, and a client that
 * does not decompress, so that a test sees the bytes that were sent.
 */
public final class TestServer {

  /** The body of the route behind the handler in {@link #startWithFallback}: a request passed on ends there. */
  public static final String PASSED_ON = "passed-on-by-the-assets-handler";

  public final HttpServer server;
  public final AssetsHandler handler;
  public final WebClient client;
  private final Vertx vertx;

  private TestServer(Vertx vertx, HttpServer server, AssetsHandler handler) {
    this.vertx = vertx;
    this.server = server;
    this.handler = handler;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost")
        .setDefaultPort(server.actualPort())
        .setDecompressionSupported(false)
        .setFollowRedirects(false));
  }

  /** Returns a future of a server with the index of {@code options} mounted at {@code /*}. */
  public static Future<TestServer> start(Vertx vertx, AssetsOptions options) {
    return start(vertx, options, "/*");
  }

  /** Returns a future of a server with the index of {@code options} mounted on {@code route}. */
  public static Future<TestServer> start(Vertx vertx, AssetsOptions options, String route) {
    return start(vertx, options, route, new HttpServerOptions());
  }

  /**
   * Returns a future of a server created with {@code serverOptions} (its port is replaced by a
   * free one) and the index of {@code options} mounted at {@code /*}.
   */
  public static Future<TestServer> start(Vertx vertx, AssetsOptions options, HttpServerOptions serverOptions) {
    return start(vertx, options, "/*", serverOptions);
  }

  private static Future<TestServer> start(Vertx vertx, AssetsOptions options, String route,
      HttpServerOptions serverOptions) {
    return AssetsHandler.create(vertx, options).compose(handler -> {
      Router router = Router.router(vertx);
      router.route(route).handler(handler);
      return start(vertx, router, handler, serverOptions);
    });
  }

  /**
   * Returns a future of a server with the index of {@code options} mounted on {@code route},
   * followed by a route that answers {@code 404} with the body {@link #PASSED_ON} to every request
   * the handler passes on (or that its route does not match).
   */
  public static Future<TestServer> startWithFallback(Vertx vertx, AssetsOptions options, String route) {
    return AssetsHandler.create(vertx, options).compose(handler -> {
      Router router = Router.router(vertx);
      router.route(route).handler(handler);
      router.route().handler(ctx -> ctx.response().setStatusCode(404).end(PASSED_ON));
      return start(vertx, router, handler);
    });
  }

  /** Returns a future of a server whose router is set up by the caller. */
  public static Future<TestServer> start(Vertx vertx, Router router, AssetsHandler handler) {
    return start(vertx, router, handler, new HttpServerOptions());
  }

  /** Returns a future of a server created with {@code serverOptions} (port replaced) whose router is set up by the caller. */
  public static Future<TestServer> start(Vertx vertx, Router router, AssetsHandler handler,
      HttpServerOptions serverOptions) {
    return vertx.createHttpServer(new HttpServerOptions(serverOptions).setPort(0)).requestHandler(router).listen()
        .map(server -> new TestServer(vertx, server, handler));
  }

  /** Returns every header but Date, by lower-case name, with its values in order, for comparison. */
  public static Map<String, List<String>> headersWithoutDate(MultiMap headers) {
    Map<String, List<String>> map = new TreeMap<>();
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("date")) {
        map.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getValue());
      }
    }
    return map;
  }

  public int port() {
    return server.actualPort();
  }

  public HttpRequest<Buffer> get(String uri) {
    return client.request(HttpMethod.GET, uri);
  }

  public HttpRequest<Buffer> head(String uri) {
    return client.request(HttpMethod.HEAD, uri);
  }

  /**
   * Returns a future of everything the server answers to {@code requestHead} (the request line
   * and headers, CRLF-separated, without the blank line; {@code Connection: close} is added), sent
   * byte for byte over a plain socket, for targets a client library would clean up. Each char of
   * {@code requestHead} is sent as one byte (ISO-8859-1); {@link RawResponse#parse} reads the answer.
   */
  public Future<String> raw(String requestHead) {
    return raw(vertx, port(), requestHead);
  }

  /** Returns a future of what the server on {@code port} answers to {@code requestHead}, as {@link #raw(String)}. */
  public static Future<String> raw(Vertx vertx, int port, String requestHead) {
    NetClient net = vertx.createNetClient();
    return net.connect(port, "localhost").compose(socket -> readAll(socket,
        requestHead + "\r\nConnection: close\r\n\r\n")).eventually(net::close);
  }

  private static Future<String> readAll(NetSocket socket, String request) {
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    io.vertx.core.Promise<String> done = io.vertx.core.Promise.promise();
    socket.closeHandler(v -> done.tryComplete(received.toString(java.nio.charset.StandardCharsets.ISO_8859_1)));
    // A server that refuses a request before reading it all (414, 431) closes with bytes unread,
    // which resets the connection: the answer that came before the reset is still the answer.
    socket.exceptionHandler(e -> {
      if (received.length() > 0) {
        done.tryComplete(received.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
      } else {
        done.tryFail(e);
      }
    });
    socket.write(Buffer.buffer(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    return done.future();
  }
}
