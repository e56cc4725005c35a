package org.vertxassets.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.vertxassets.AssetsHandler;
import org.vertxassets.impl.json.ConfigKeyException;
import org.vertxassets.impl.http.DateHeader;

/**
 * The bundled server: reads its {@code config()} (the keys of {@link AssetsOptions}, Vert.x's
 * {@code HttpServerOptions} under {@code server}, and {@code dev}, {@code mountPath},
 * {@code accessLog}, {@code healthPath}, {@code shutdownGraceSeconds}, {@code eventBusAddress}),
 * builds the index off the event loop, and only then listens. A bad key, a missing root or an
 * unusable certificate fails the deployment with a message naming the setting.
 *
 * <p>Deploy it as {@code vertx.deployVerticle(new AssetsVerticle(), new
 * DeploymentOptions().setConfig(json))}; with several instances (one per event loop) they share
 * one index, one watcher and one reload address. A message to {@code <eventBusAddress>.reload}
 * rebuilds and swaps the index (the reply says what it holds); every swap is published on
 * {@code <eventBusAddress>.swapped}. Stopping stops accepting connections and lets responses in
 * flight end, for at most {@code shutdownGraceSeconds}.
 */
public final class AssetsVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(AssetsVerticle.class.getName());

  private VerticleConfig settings;
  private SharedAssets shared;
  private HttpServer server;

  /** Creates the verticle; it reads and checks its {@code config()} when it starts. */
  public AssetsVerticle() {
  }

  /**
   * Creates the verticle with a configuration checked already, by the command line, which reports
   * a bad setting with where it came from; {@code config()} is then not read.
   */
  AssetsVerticle(VerticleConfig settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    if (settings == null) {
      try {
        settings = VerticleConfig.of(config());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new IllegalArgumentException("vertx-assets: " + e.getMessage(), e));
      }
    }
    try {
      shared = SharedAssets.acquire(vertx, deploymentID(), settings);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // The shared build completes on the first instance's event loop: come back to this
    // instance's own, so that its server listens there and the instances spread the load.
    return Future.fromCompletionStage(shared.ready().toCompletionStage(), context)
        .compose(handler -> checkCertificate().map(handler))
        .compose(this::listen)
        .onSuccess(s -> shared.announce(s.actualPort()))
        .onFailure(e -> {
          shared.release();
          shared = null;
        });
  }

  private Future<HttpServer> listen(AssetsHandler handler) {
    Router router = Router.router(vertx);
    if (settings.accessLog()) {
      router.route().handler(AccessLog::handle);
    }
    if (settings.healthPath() != null) {
      router.route(settings.healthPath()).handler(ctx -> {
        JsonObject body = new JsonObject().put("status", "UP").put("files", handler.index().assetCount());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader(HttpHeaders.DATE, DateHeader.now())
            .end(body.encode());
      });
    }
    if (shared.metrics() != null) {
      router.route(settings.metricsPath()).handler(shared.metrics());
    }
    router.route(settings.mountPath() + "*").handler(handler);
    router.route().handler(handler.notFoundHandler());
    // The Router itself fails a request it cannot route: 400 for a malformed percent-escape
    // (/%zz) or a missing Host, 404 for a target that does not start with '/' (*, a relative
    // path). Without an error handler for the status it also logs each at SEVERE, so that any
    // client could fill the operator's log; these answer in its place, quietly, and the access
    // log has their line.
    Handler<RoutingContext> notFound = handler.notFoundHandler();
    router.errorHandler(400, ctx -> {
      logged(ctx);
      badRequest(ctx);
    });
    router.errorHandler(404, ctx -> {
      logged(ctx);
      notFound.handle(ctx);
    });
    HttpServerOptions options = new HttpServerOptions(settings.server());
    if (shared.tlsEngine() != null) {
      options.setSslEngineOptions(shared.tlsEngine().options().copy());
    }
    if (options.getPort() == 0) {
      // Port 0 gives each instance a port of its own; a negative port is one random port that
      // the instances of this deployment share (Vert.x's convention).
      options.setPort(shared.sharedRandomPort());
    }
    HttpServer created = vertx.createHttpServer(options).requestHandler(router);
    if (settings.accessLog()) {
      created.invalidRequestHandler(AccessLog::invalid);
    }
    return created.listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("vertx-assets: server: cannot listen on "
            + options.getHost() + ":" + settings.server().getPort() + ": " + e.getMessage()
            + "; choose another server.port or server.host", e)))
        .onSuccess(s -> server = s);
  }

  /** Follows a request that an error handler answers to its access-log line, when there is an access log. */
  private void logged(RoutingContext ctx) {
    if (settings.accessLog()) {
      AccessLog.follow(ctx);
    }
  }

  /** Answers a request the Router refused as malformed: 400, no body, logged at DEBUG only. */
  private static void badRequest(RoutingContext ctx) {
    LOG.log(Level.DEBUG, "vertx-assets: answered 400 to {0} {1}: {2}", ctx.request().method(), ctx.request().uri(),
        String.valueOf(ctx.failure()));
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_LENGTH, "0")
          .putHeader(HttpHeaders.DATE, DateHeader.now()).end();
    }
  }

  /** Loads the certificate and key once, off the event loop, to name the setting if they are unusable. */
  private Future<Void> checkCertificate() {
    HttpServerOptions options = settings.server();
    if (!options.isSsl()) {
      return Future.succeededFuture();
    }
    KeyCertOptions keyCert = options.getKeyCertOptions();
    // The key of HttpServerOptions' JSON that gives each kind of key and certificate.
    String key = keyCert instanceof JksOptions ? "keyStoreOptions"
        : keyCert instanceof PfxOptions ? "pfxKeyCertOptions" : "pemKeyCertOptions";
    if (keyCert == null) {
      return Future.failedFuture(new ConfigKeyException("server.ssl", "vertx-assets: server.ssl is true but there is no"
          + " certificate: set server.pemKeyCertOptions {certPath, keyPath} (or --tls-cert and --tls-key)"));
    }
    return vertx.<Void>executeBlocking(() -> {
      keyCert.getKeyManagerFactory(vertx);
      return null;
    }, false).recover(e -> Future.failedFuture(new ConfigKeyException("server." + key,
        "vertx-assets: server." + key + ": cannot load the certificate and key: " + e
        + "; give readable PEM files (--tls-cert, --tls-key)", e)));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture()
        : server.shutdown(settings.shutdownGraceSeconds(), TimeUnit.SECONDS);
    return closed.eventually(() -> {
      if (shared != null) {
        shared.release();
      }
      return Future.succeededFuture();
    }).onFailure(e -> LOG.log(Level.WARNING, "vertx-assets: stopping: {0}", e.toString()));
  }
}
