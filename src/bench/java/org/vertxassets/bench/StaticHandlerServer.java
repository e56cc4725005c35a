package org.vertxassets.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
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
 * <p>Usage: {@code StaticHandlerServer WEBROOT PORT [CERT KEY [ENGINE]]}. With a PEM certificate
 * and key it serves HTTPS instead, offering HTTP/2 and HTTP/1.1 by ALPN as vertx-assets' {@code
 * serve --tls-cert --tls-key} does, with the TLS engine Vert.x picks by default (the JDK's), or the
 * one ENGINE names: {@code jdk}, or {@code openssl} (netty-tcnative's BoringSSL, as {@code serve}
 * chooses when it loads), so that the two handlers can be compared on one engine. Built only with
 * {@code -Pbench}.
 */
public final class StaticHandlerServer {

  private StaticHandlerServer() {
  }

  /** Starts the server; prints one line once it listens, exits with status 1 if it cannot. */
  public static void main(String[] args) {
    if (args.length < 2 || args.length == 3 || args.length > 5) {
      System.err.println("Usage: StaticHandlerServer WEBROOT PORT [CERT KEY [jdk|openssl]]");
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
    boolean tls = args.length >= 4;
    String engine = "";
    if (tls) {
      options.setSsl(true)
          .setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[2]).setKeyPath(args[3]));
      engine = args.length == 5 ? args[4] : "Vert.x's default";
      if (engine.equals("jdk")) {
        options.setSslEngineOptions(new JdkSSLEngineOptions());
      } else if (engine.equals("openssl")) {
        if (!OpenSSLEngineOptions.isAvailable()) {
          System.err.println("StaticHandlerServer: the openssl engine is not available (netty-tcnative)");
          System.exit(2);
        }
        options.setSslEngineOptions(new OpenSSLEngineOptions());
      } else if (args.length == 5) {
        System.err.println("StaticHandlerServer: unknown TLS engine '" + engine + "' (jdk or openssl)");
        System.exit(2);
      }
      engine = ", TLS engine: " + engine;
    }
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen().await();
      System.out.printf("StaticHandlerServer: serving %s at %s://127.0.0.1:%d/ (%s transport, event loop pool size %d%s)%n",
          webroot, tls ? "https" : "http", server.actualPort(), vertx.isNativeTransportEnabled() ? "native" : "NIO",
          VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, engine);
    } catch (Exception e) {
      System.err.println("StaticHandlerServer: " + e.getMessage());
      vertx.close();
      System.exit(1);
    }
  }
}
