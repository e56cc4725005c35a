package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A real HTTP server on a free port with an {@link AssetsHandler} on a route, and a client that
 * does not decompress, so that a test sees the bytes that were sent.
 */
final class TestServer {

  final HttpServer server;
  final AssetsHandler handler;
  final WebClient client;
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
  static Future<TestServer> start(Vertx vertx, AssetsOptions options) {
    return start(vertx, options, "/*");
  }

  /** Returns a future of a server with the index of {@code options} mounted on {@code route}. */
  static Future<TestServer> start(Vertx vertx, AssetsOptions options, String route) {
    return AssetsHandler.create(vertx, options).compose(handler -> {
      Router router = Router.router(vertx);
      router.route(route).handler(handler);
      return vertx.createHttpServer().requestHandler(router).listen(0)
          .map(server -> new TestServer(vertx, server, handler));
    });
  }

  /** Returns a future of a server whose router is set up by the caller. */
  static Future<TestServer> start(Vertx vertx, Router router, AssetsHandler handler) {
    return vertx.createHttpServer().requestHandler(router).listen(0)
        .map(server -> new TestServer(vertx, server, handler));
  }

  int port() {
    return server.actualPort();
  }

  HttpRequest<Buffer> get(String uri) {
    return client.request(HttpMethod.GET, uri);
  }

  HttpRequest<Buffer> head(String uri) {
    return client.request(HttpMethod.HEAD, uri);
  }

  /**
   * Returns a future of everything the server answers to {@code requestHead} (the request line
   * and headers, CRLF-separated, without the blank line; {@code Connection: close} is added), sent
   * byte for byte over a plain socket, for targets a client library would clean up.
   */
  Future<String> raw(String requestHead) {
    NetClient net = vertx.createNetClient();
    return net.connect(port(), "localhost").compose(socket -> readAll(socket,
        requestHead + "\r\nConnection: close\r\n\r\n")).eventually(net::close);
  }

  private static Future<String> readAll(NetSocket socket, String request) {
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    io.vertx.core.Promise<String> done = io.vertx.core.Promise.promise();
    socket.closeHandler(v -> done.tryComplete(received.toString(java.nio.charset.StandardCharsets.ISO_8859_1)));
    socket.exceptionHandler(done::tryFail);
    socket.write(Buffer.buffer(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    return done.future();
  }
}
