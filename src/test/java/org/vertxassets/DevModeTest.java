package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development mode: the roots are watched and every change leads to a rebuilt, swapped index.
 * Tests wait on the swap events the verticle publishes, never on a clock.
 */
@ExtendWith(VertxExtension.class)
class DevModeTest {

  /** How long a change may take to be served: "a second or two", with room for a busy machine. */
  private static final long SWAP_WAIT_SECONDS = 5;

  private final BlockingQueue<JsonObject> swaps = new LinkedBlockingQueue<>();
  private Site site;

  @BeforeEach
  void listen(Vertx vertx, @TempDir Path dir) {
    site = new Site(dir);
    vertx.eventBus().<JsonObject>consumer("vertx-assets.swapped", m -> swaps.add(m.body())).completion().await();
  }

  private Deployed deployDev(Vertx vertx) {
    return Deployed.deploy(vertx, new JsonObject().put("roots", new JsonArray().add(site.root.toString()))
        .put("dev", true)).await();
  }

  /** Waits for swaps until a GET of {@code path} satisfies {@code done}; returns that response. */
  private HttpResponse<Buffer> awaitSwapUntil(Deployed d, String path, Predicate<HttpResponse<Buffer>> done)
      throws InterruptedException {
    while (true) {
      JsonObject swap = swaps.poll(SWAP_WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(swap, "no index swap within " + SWAP_WAIT_SECONDS + " s of the change");
      HttpResponse<Buffer> res = d.client.get(path).send().await();
      if (done.test(res)) {
        return res;
      }
    }
  }

  @Test
  void anEditedFileIsServedWithItsNewBytes(Vertx vertx) throws InterruptedException {
    site.write("css/app.css", "body { color: red; }\n");
    Deployed d = deployDev(vertx);
    String firstEtag = d.client.get("/css/app.css").send().await().getHeader("ETag");

    site.write("css/app.css", "body { color: blue; margin: 0; }\n");
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/css/app.css", r -> !r.getHeader("ETag").equals(firstEtag));

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
  }

  @Test
  void aFileAddedInANewFolderIsServed(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    Deployed d = deployDev(vertx);
    assertEquals(404, d.client.get("/new/deeper/x.js").send().await().statusCode());

    site.write("new/deeper/x.js", "export const x = 1;\n");
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/new/deeper/x.js", r -> r.statusCode() == 200);

    assertArrayEquals(site.read("new/deeper/x.js"), res.body().getBytes());
  }

  @Test
  void aFileAddedLaterInAFolderCreatedSinceTheStartIsServed(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    Deployed d = deployDev(vertx);
    site.write("later/a.js", "1");
    awaitSwapUntil(d, "/later/a.js", r -> r.statusCode() == 200);

    site.write("later/b.js", "2");
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/later/b.js", r -> r.statusCode() == 200);

    assertEquals("2", res.bodyAsString());
  }

  @Test
  void aDeletedFileIsAnswered404(Vertx vertx) throws Exception {
    site.write("a.js", "1");
    site.write("b.js", "2");
    Deployed d = deployDev(vertx);

    Files.delete(site.root.resolve("a.js"));
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/a.js", r -> r.statusCode() == 404);

    assertEquals(404, res.statusCode());
    assertEquals(200, d.client.get("/b.js").send().await().statusCode());
  }

  @Test
  void theFilesOfADeletedFolderAreAnswered404(Vertx vertx) throws Exception {
    site.write("old/a.js", "1");
    site.write("old/sub/b.js", "2");
    site.write("keep.js", "3");
    Deployed d = deployDev(vertx);

    deleteTree(site.root.resolve("old"));
    awaitSwapUntil(d, "/old/a.js", r -> r.statusCode() == 404);

    assertEquals(404, d.client.get("/old/sub/b.js").send().await().statusCode());
    assertEquals(200, d.client.get("/keep.js").send().await().statusCode());
  }

  @Test
  void everyResponseSaysNoCache(Vertx vertx) {
    site.write("index.html", "<!doctype html>");
    site.write("app.css", "a{}");
    site.write("app.3f2a9c1b7e4d.js", "let hashed = 1;");
    Deployed d = deployDev(vertx);

    for (String path : List.of("/", "/app.css", "/app.3f2a9c1b7e4d.js")) {
      assertEquals("no-cache", d.client.get(path).send().await().getHeader("Cache-Control"), path);
    }
  }

  @Test
  void aHiddenFileIsNotServedEvenThoughItIsWatched(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    Deployed d = deployDev(vertx);

    site.write(".env", "SECRET=1");
    site.write("marker.js", "1");
    awaitSwapUntil(d, "/marker.js", r -> r.statusCode() == 200);

    assertEquals(404, d.client.get("/.env").send().await().statusCode());
  }

  @Test
  void noRequestFailsWhileTheIndexIsSwapped(Vertx vertx) throws InterruptedException {
    String one = "body { color: red; }\n".repeat(50);
    String two = "body { color: blue; }\n".repeat(70);
    site.write("app.css", one);
    Deployed d = deployDev(vertx);

    List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
    for (int change = 0; change < 6; change++) {
      for (int i = 0; i < 40; i++) {
        responses.add(d.client.get("/app.css").send());
      }
      String next = change % 2 == 0 ? two : one;
      site.write("app.css", next);
      awaitSwapUntil(d, "/app.css", r -> r.bodyAsString().equals(next));
    }

    for (Future<HttpResponse<Buffer>> f : responses) {
      HttpResponse<Buffer> res = f.await();
      assertEquals(200, res.statusCode());
      String body = res.bodyAsString();
      assertTrue(body.equals(one) || body.equals(two), "a whole version, never a mix");
      assertEquals(String.valueOf(body.length()), res.getHeader("Content-Length"));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
