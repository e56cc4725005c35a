package org.vertxassets.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.function.Supplier;
import org.vertxassets.server.AssetsVerticle;

/**
 * An {@link AssetsVerticle} deployment on a free port, and a client that does not decompress.
 * The port is learnt from the deployment's {@code .started} event, as an operator's tooling could.
 */
public final class Deployed {

  public final String id;
  public final int port;
  public final WebClient client;
  private final Vertx vertx;

  private Deployed(Vertx vertx, String id, int port) {
    this.vertx = vertx;
    this.id = id;
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost")
        .setDefaultPort(port)
        .setDecompressionSupported(false)
        .setFollowRedirects(false));
  }

  /** Returns a future of everything the server answers to {@code requestHead}, as {@link TestServer#raw(String)}. */
  public Future<String> raw(String requestHead) {
    return TestServer.raw(vertx, port, requestHead);
  }

  /** Returns a future of a deployment of {@code config}, port 0 unless the config says otherwise. */
  public static Future<Deployed> deploy(Vertx vertx, JsonObject config) {
    return deploy(vertx, config, new DeploymentOptions());
  }

  /** Returns a future of a deployment of {@code config} with {@code options} (instances, class loader). */
  public static Future<Deployed> deploy(Vertx vertx, JsonObject config, DeploymentOptions options) {
    JsonObject withPort = config.copy();
    JsonObject server = withPort.getJsonObject("server", new JsonObject());
    if (!server.containsKey("port")) {
      server.put("port", 0);
    }
    withPort.put("server", server);
    return deployed(vertx, withPort.getString("eventBusAddress", "vertx-assets"),
        // The copy constructor of DeploymentOptions drops the class loader: set it again.
        () -> vertx.deployVerticle(AssetsVerticle.class, new DeploymentOptions(options).setConfig(withPort)
            .setClassLoader(options.getClassLoader())));
  }

  /** Returns a future of the deployment that {@code deploy} starts, with the port its start-up event gives. */
  public static Future<Deployed> deployed(Vertx vertx, String eventBusAddress, Supplier<Future<String>> deploy) {
    Promise<Integer> port = Promise.promise();
    MessageConsumer<JsonObject> started = vertx.eventBus().consumer(eventBusAddress + ".started",
        m -> port.tryComplete(m.body().getInteger("port")));
    return deploy.get()
        .compose(id -> port.future().map(p -> new Deployed(vertx, id, p)))
        .eventually(started::unregister);
  }
}
