package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vertxassets.AssetsOptions;
import org.vertxassets.examples.VerticleServer;
import org.vertxassets.testing.TestServer;

/** {@code examples/conf.json}, {@code examples/conf.yaml} and {@code examples/verticle} work as shown. */
@ExtendWith(VertxExtension.class)
class ExamplesConfigTest {

  private static JsonObject load(Vertx vertx, String conf) {
    return ServeConfig.load(vertx, ServeCommand.given(List.of("--conf", conf), Map.of(), Map.of())).await().json();
  }

  @Test
  void theJsonAndYamlExamplesSayTheSame(Vertx vertx) {
    JsonObject json = load(vertx, "examples/conf.json");
    JsonObject yaml = load(vertx, "examples/conf.yaml");
    json.remove("conf");
    yaml.remove("conf");

    assertEquals(json, yaml);
  }

  @Test
  void theExamplesShowEveryKey(Vertx vertx) {
    JsonObject config = load(vertx, "examples/conf.json");

    for (String key : AssetsOptions.jsonKeys()) {
      assertTrue(config.containsKey(key), key);
    }
    for (String key : VerticleConfig.KEYS) {
      assertTrue(config.containsKey(key), key);
    }
    for (String key : ServerSettings.DEPLOYMENT_KEYS) {
      assertTrue(key.equals("conf") || config.containsKey(key), key);
    }
  }

  @Test
  void theYamlExampleServesTheExampleSite(Vertx vertx) throws Exception {
    TestServer d = TestServer.deployed(vertx, "vertx-assets", () -> ServeConfig.load(vertx,
        ServeCommand.given(List.of("--conf", "examples/conf.yaml", "--port", "0"), Map.of(), Map.of()))
        .compose(config -> config.deploy(vertx))).await();

    HttpResponse<Buffer> page = d.client.get("/").send().await();
    HttpResponse<Buffer> missing = d.client.get("/no/such/file.txt").send().await();
    HttpResponse<Buffer> health = d.client.get("/healthz").send().await();

    assertEquals(200, page.statusCode());
    assertEquals(404, missing.statusCode());
    assertEquals(Files.readString(Path.of("examples/site/404.html")), missing.bodyAsString());
    assertEquals("UP", health.bodyAsJsonObject().getString("status"));
  }

  @Test
  void theVerticleExampleDeploysAndServes(Vertx vertx) {
    TestServer d = TestServer.deployed(vertx, "vertx-assets",
        () -> VerticleServer.deploy(vertx, "examples/site", 0)).await();

    assertEquals(200, d.client.get("/css/app.css").send().await().statusCode());
    assertEquals(200, d.client.get("/healthz").send().await().statusCode());
  }
}
