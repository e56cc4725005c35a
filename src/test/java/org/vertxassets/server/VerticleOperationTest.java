package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Running the bundled verticle: its start-up line, several instances sharing one index (each
 * serving on its own event loop, as its access log shows), and reloads on the event bus.
 */
@ExtendWith(VertxExtension.class)
class VerticleOperationTest {

  @Test
  void theStartUpLineSaysWhereAndWhat(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    site.gzip("css/app.css");
    site.write("js/app.js", "console.log(1);\n");
    long bytes = site.read("css/app.css").length + site.read("js/app.js").length;

    try (LogCapture log = LogCapture.start()) {
      TestServer d = TestServer.deploy(vertx, site.config().put("mountPath", "/static/")
          .put("server", new JsonObject().put("host", "127.0.0.1"))).await();

      String line = log.infos().stream().filter(m -> m.contains("serving")).findFirst().orElseThrow();
      assertTrue(line.contains("2 files (1 variants, " + bytes + " bytes"), line);
      assertTrue(line.contains("http://127.0.0.1:" + d.port + "/static/"), line);
      assertTrue(line.contains(dir.toString()), line);
      assertTrue(line.matches(".*index built in \\d+ ms.*"), line);
    }
  }

  @Test
  void severalInstancesServeOnTheirOwnEventLoops(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");
    Set<Long> threads;
    // The access log runs on the event loop that serves the connection.
    try (LogCapture access = LogCapture.start("org.vertxassets.access")) {
      TestServer d = TestServer.deploy(vertx, site.config().put("accessLog", true),
          new DeploymentOptions().setInstances(2)).await();
      for (int i = 0; i < 6; i++) {
        WebClient fresh = d.client(new WebClientOptions().setKeepAlive(false));
        assertEquals(200, fresh.get("/a.js").send().await().statusCode());
        fresh.close();
      }
      threads = access.records().stream().map(r -> r.getLongThreadID()).collect(java.util.stream.Collectors.toSet());
    }
    assertEquals(2, threads.size(), "connections were served on " + threads.size() + " event loop(s)");
  }

  @Test
  void severalInstancesShareOneIndexThatOneReloadSwaps(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");

    TestServer d = TestServer.deploy(vertx, site.config(), new DeploymentOptions().setInstances(3)).await();
    site.write("b.js", "2");
    JsonObject reply = vertx.eventBus().<JsonObject>request("vertx-assets.reload", "").await().body();

    assertEquals(2, reply.getInteger("files"));
    // Every new connection goes to the next instance's event loop: each must see the new file.
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      WebClient fresh = d.client(new WebClientOptions().setKeepAlive(false));
      statuses.add(fresh.get("/b.js").send().await().statusCode());
      fresh.close();
    }
    assertEquals(Set.of(200), statuses);
  }

  @Test
  void aReloadThatFailsKeepsTheIndexThatServes(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("404.html", "gone");

    TestServer d = TestServer.deploy(vertx, site.config().put("notFoundPage", "/404.html")).await();
    site.root.resolve("404.html").toFile().delete();
    Exception e = assertThrows(Exception.class,
        () -> vertx.eventBus().request("vertx-assets.reload", "").await());

    assertTrue(e.getMessage().contains("notFoundPage"), e.getMessage());
    assertEquals(200, d.client.get("/").send().await().statusCode());
  }

  @Test
  void theReloadReplySaysWhatTheNewIndexHolds(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.css", "a{}");
    TestServer.deploy(vertx, site.config().put("eventBusAddress", "site-one")).await();
    site.write("b.css", "b{}");
    site.write("c.css", "c{}".repeat(100));
    site.gzip("c.css");

    JsonObject reply = vertx.eventBus().<JsonObject>request("site-one.reload", "").await().body();

    assertEquals(3, reply.getInteger("files"));
    assertEquals(1, reply.getInteger("variants"));
    assertEquals(3 + 3 + 300, reply.getLong("bytes"));
  }
}
