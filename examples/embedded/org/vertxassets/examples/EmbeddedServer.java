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
 * handler answers the paths in its index and passes every other path on.
 */
public final class EmbeddedServer {

  private EmbeddedServer() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    String webroot = args.length > 0 ? args[0] : "examples/site";
    start(vertx, webroot, 8080)
        .onSuccess(server -> System.out.println("Listening on http://localhost:" + server.actualPort() + "/static/"))
        .onFailure(e -> {
          System.err.println("Could not start: " + e.getMessage());
          vertx.close();
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
