package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vertxassets.examples.EmbeddedServer;

@ExtendWith(VertxExtension.class)
class EmbeddedServerExampleTest {

  @Test
  void servesTheApiAndTheAssetsFromOneRouter(Vertx vertx) throws Exception {
    HttpServer server = EmbeddedServer.start(vertx, "examples/site", 0).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultPort(server.actualPort()).setDecompressionSupported(false));

    HttpResponse<Buffer> api = client.get("/api/hello").send().await();
    HttpResponse<Buffer> css = client.get("/static/css/app.css").send().await();
    HttpResponse<Buffer> miss = client.get("/static/nothing-here.css").send().await();

    assertEquals(200, api.statusCode());
    assertEquals("world", api.bodyAsJsonObject().getString("hello"));
    assertEquals(200, css.statusCode());
    assertArrayEquals(Files.readAllBytes(Path.of("examples/site/css/app.css")), css.body().getBytes());
    assertEquals(404, miss.statusCode());
  }
}
