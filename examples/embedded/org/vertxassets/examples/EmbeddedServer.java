package org.vertxassets.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;

/**
 * An application that serves its own API and its static files from one Router: the assets
 * handler answers the paths in its index and passes every other path on. Run with a webroot and
 * a port ({@code examples/site 8080} by default); it exits with status 1, saying why, when it
 * cannot start (a port in use, a root that is not a directory).
 */
public final class EmbeddedServer {

  private EmbeddedServer() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    String webroot = args.length > 0 ? args[0] : "examples/site";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    start(vertx, webroot, port)
        .onSuccess(server -> System.out.println("Listening on http://localhost:" + server.actualPort() + "/static/"))
        .onFailure(e -> {
          System.err.println("Could not start: " + e.getMessage());
          System.exit(1);
        });
  }

  /** Returns a future of the server, listening once the asset index is built (off the event loop). */
  public static Future<HttpServer> start(Vertx vertx, String webroot, int port) {
    Router router = Router.router(vertx);
    router.get("/api/hello").handler(ctx -> ctx.json(new JsonObject().put("hello", "world")));
    return AssetsHandler.create(vertx, new AssetsOptions().addRoot(webroot)).compose(assets -> {
      router.route("/static/*").handler(assets);
      return vertx.createHttpServer().requestHandler(router).listen(port);
    });
  }
}
