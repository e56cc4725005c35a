package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A root deleted whole ({@code rm -rf}) after the build: requests are answered from what the index
 * holds (bytes in memory, files held open) or with a 404 and a warning, never a 5xx. A rebuild of
 * the vanished root fails, naming it, and the index that serves keeps serving: an empty index
 * would turn every asset into a 404 for what is often a moment (a deploy swapping folders, an
 * unmounted volume, {@code rm -rf dist} before a new build), and a missing root already fails a
 * deployment at start. Once the root is back, a rebuild serves it.
 */
@ExtendWith(VertxExtension.class)
class VanishedRootTest {

  private static final String CSS = "body { color: red; }\n";
  /** Under the 100 kB files: the index holds them as open files (or not yet), not as bytes. */
  private static final long MEMORY_MAX = 64 * 1024;

  private LogCapture log;
  private Path root;
  private byte[] kept;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    log = LogCapture.everything();
    root = dir.resolve("site");
    Site site = new Site(root);
    site.write("app.css", CSS);
    kept = Site.random(100_000, 1);
    site.write("kept.bin", kept);
    site.write("cold.bin", new byte[100_000]);
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  @Test
  void vanishedRootIsServedFromWhatTheIndexHoldsAndItsRebuildFailsKeepingTheIndex(Vertx vertx) throws Exception {
    AssetsOptions options = new AssetsOptions().addRoot(root.toString()).setMemoryMaxFileSize(MEMORY_MAX);
    TestServer server = TestServer.mount(vertx, options).await();
    assertEquals(200, server.get("/kept.bin").send().await().statusCode());
    AssetIndex serving = server.handler.index();

    deleteTree(root);

    assertServedFromWhatTheIndexHolds(server.client);
    Exception e = assertThrows(Exception.class, () -> AssetIndex.build(vertx, options).await());
    assertEquals("roots: '" + root + "' (" + root + ") is not a directory; create it or correct the path",
        e.getMessage());
    assertEquals(serving, server.handler.index());
    assertServedFromWhatTheIndexHolds(server.client);
    log.assertNoErrorNorStackTrace();

    new Site(root).write("app.css", "p { margin: 0; }\n");
    server.handler.update(AssetIndex.build(vertx, options).await());

    assertEquals("p { margin: 0; }\n", server.get("/app.css").send().await().bodyAsString());
    assertEquals(404, server.get("/kept.bin").send().await().statusCode());
    // The old index's file, deleted with its root, is closed with the old index.
    Descriptors.settle(vertx, () -> Descriptors.under(root), 0).await();
  }

  @Test
  void reloadOfTheVerticleWithItsRootGoneFailsNamingItAndTheIndexKeepsServing(Vertx vertx) throws Exception {
    TestServer d = TestServer.deploy(vertx, new Site(root).config().put("memoryMaxFileSize", MEMORY_MAX)).await();
    assertEquals(200, d.client.get("/kept.bin").send().await().statusCode());

    deleteTree(root);
    long before = Descriptors.filesAndSockets();
    // Many reloads: each fails the same way, and leaves no descriptor behind.
    for (int i = 0; i < 20; i++) {
      ReplyException e = assertThrows(ReplyException.class,
          () -> vertx.eventBus().request("vertx-assets.reload", "").await());
      assertTrue(e.getMessage().contains("roots: '" + root + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }
    Descriptors.settleAtMost(vertx, Descriptors::filesAndSockets, before).await();

    assertServedFromWhatTheIndexHolds(d.client);
    assertEquals(20, log.warningsNaming("rebuilding the index after a message to vertx-assets.reload failed,"
        + " the previous index keeps serving: roots: '" + root + "'"), log.warnings().toString());
    log.assertNoErrorNorStackTrace();

    new Site(root).write("app.css", "p { margin: 0; }\n");
    JsonObject reply = vertx.eventBus().<JsonObject>request("vertx-assets.reload", "").await().body();

    assertEquals(1, reply.getInteger("files"));
    assertEquals("p { margin: 0; }\n", d.client.get("/app.css").send().await().bodyAsString());
    // The old index's file, deleted with its root, is closed with the old index.
    Descriptors.settle(vertx, () -> Descriptors.under(root), 0).await();
  }

  @Test
  void devModeKeepsServingWhenItsRootVanishesAndServesItAgainOnceItIsBack(Vertx vertx) throws Exception {
    TestServer d = TestServer.deploy(vertx, new Site(root).config().put("dev", true)).await();
    assertEquals(200, d.client.get("/kept.bin").send().await().statusCode());

    deleteTree(root);
    log.first(LogCapture.at(Level.WARNING, "rebuilding the index after a change under the roots failed"))
        .await(10, TimeUnit.SECONDS);

    assertServedFromWhatTheIndexHolds(d.client, true);
    log.assertNoErrorNorStackTrace();

    // The root comes back whole, built beside it and renamed into place: the watcher, which lost
    // the root's own watch with it, sees it appear in its parent and rebuilds.
    Future<LogRecord> rebuilt = log.next(LogCapture.at(Level.INFO, "index rebuilt after a change under the roots"));
    Path next = root.resolveSibling("site.next");
    new Site(next).write("app.css", "p { margin: 0; }\n");
    Files.move(next, root, StandardCopyOption.ATOMIC_MOVE);
    rebuilt.await(10, TimeUnit.SECONDS);

    assertEquals("p { margin: 0; }\n", d.client.get("/app.css").send().await().bodyAsString());
    assertEquals(404, d.client.get("/kept.bin").send().await().statusCode());
  }

  /**
   * Asserts the answers of an index built before the root vanished: the small file from memory,
   * the file held open as indexed, the file never opened 404 with a warning naming it.
   */
  private void assertServedFromWhatTheIndexHolds(WebClient client) {
    assertServedFromWhatTheIndexHolds(client, false);
  }

  /** As above; in development mode every file is held open from the build on, the cold one too. */
  private void assertServedFromWhatTheIndexHolds(WebClient client, boolean dev) {
    HttpResponse<Buffer> css = client.get("/app.css").send().await();
    assertEquals(200, css.statusCode());
    assertEquals(CSS, css.bodyAsString());
    HttpResponse<Buffer> held = client.get("/kept.bin").send().await();
    assertEquals(200, held.statusCode());
    assertArrayEquals(kept, held.body().getBytes());
    HttpResponse<Buffer> cold = client.get("/cold.bin").send().await();
    if (dev) {
      assertEquals(200, cold.statusCode());
      assertEquals(100_000, cold.body().length());
    } else {
      assertEquals(404, cold.statusCode());
      assertEquals("0", cold.getHeader("Content-Length"));
      log.assertWarningNaming(root.resolve("cold.bin") + " is no longer as indexed");
    }
    assertFalse(log.warnings().stream().anyMatch(w -> w.contains("kept.bin") || w.contains("app.css")),
        log.warnings().toString());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertFalse(Files.exists(dir));
  }
}
