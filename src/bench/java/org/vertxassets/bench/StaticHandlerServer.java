package org.vertxassets.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The comparison server of {@code bench/run.sh}: vertx-web's {@code StaticHandler} with its
 * production settings, serving one directory on 127.0.0.1.
 *
 * <p>Usage: {@code StaticHandlerServer WEBROOT PORT [CERT KEY]}. With a PEM certificate and key it
 * serves HTTPS instead, offering HTTP/2 and HTTP/1.1 by ALPN as vertx-assets' {@code serve
 * --tls-cert --tls-key} does, with the TLS engine Vert.x picks by default. Built only with
 * {@code -Pbench}.
 */
public final class StaticHandlerServer {

  private StaticHandlerServer() {
  }

  /** Starts the server; prints one line once it listens, exits with status 1 if it cannot. */
  public static void main(String[] args) {
    if (args.length != 2 && args.length != 4) {
      System.err.println("Usage: StaticHandlerServer WEBROOT PORT [CERT KEY]");
      System.exit(2);
    }
    Path webroot = Path.of(args[0]).toAbsolutePath().normalize();
    if (!Files.isDirectory(webroot)) {
      System.err.println("StaticHandlerServer: '" + args[0] + "' is not a directory");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);

    // The same transport as the serve command of vertx-assets, so that the two JVM servers differ
    // only by their handler: native (epoll) when the jar has it, NIO with -Dvertxassets.nativeTransport=false.
    boolean nativeTransport = !"false".equals(System.getProperty("vertxassets.nativeTransport"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    // Production settings: cache file properties (no development mode), files read-only, no
    // directory listing, Vary sent. The handler has no precompressed variants, and server
    // compression stays off as for vertx-assets, so that both JVM servers can use zero-copy.
    StaticHandler handler = StaticHandler.create(FileSystemAccess.ROOT, webroot.toString())
        .setCachingEnabled(true)
        .setFilesReadOnly(true)
        .setDirectoryListing(false)
        .setSendVaryHeader(true);
    Router router = Router.router(vertx);
    router.route("/*").handler(handler);
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setCompressionSupported(false);
    boolean tls = args.length == 4;
    if (tls) {
      options.setSsl(true)
          .setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[2]).setKeyPath(args[3]));
    }
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen().await();
      System.out.printf("StaticHandlerServer: serving %s at %s://127.0.0.1:%d/ (%s transport, event loop pool size %d)%n",
          webroot, tls ? "https" : "http", server.actualPort(), vertx.isNativeTransportEnabled() ? "native" : "NIO",
          VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    } catch (Exception e) {
      System.err.println("StaticHandlerServer: " + e.getMessage());
      vertx.close();
      System.exit(1);
    }
  }
}
