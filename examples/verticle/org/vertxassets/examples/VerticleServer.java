package org.vertxassets.examples;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.vertxassets.server.AssetsVerticle;

/**
 * An application that deploys the bundled server with a JSON configuration: the keys of
 * {@code AssetsOptions}, Vert.x's {@code HttpServerOptions} under {@code server}, and the
 * server's own keys. One instance per event loop; they share one index.
 */
public final class VerticleServer {

  private VerticleServer() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    String webroot = args.length > 0 ? args[0] : "examples/site";
    deploy(vertx, webroot, 8080)
        .onSuccess(id -> System.out.println("Deployed " + id + ": http://localhost:8080/"))
        .onFailure(e -> {
          System.err.println("Could not start: " + e.getMessage());
          vertx.close();
        });
  }

  /** Returns a future of the deployment, complete once the index is built and the server listens. */
  public static Future<String> deploy(Vertx vertx, String webroot, int port) {
    JsonObject config = new JsonObject()
        .put("roots", new JsonArray().add(webroot))
        .put("spaFallback", "/index.html")
        .put("healthPath", "/healthz")
        .put("server", new JsonObject().put("port", port).put("idleTimeout", 60));
    return vertx.deployVerticle(AssetsVerticle.class, new DeploymentOptions()
        .setConfig(config)
        .setInstances(Runtime.getRuntime().availableProcessors()));
  }
}
