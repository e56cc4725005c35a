package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.Fault;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

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

  private TestServer deployDev(Vertx vertx) {
    return TestServer.deploy(vertx, site.config().put("dev", true)).await();
  }

  /** Waits for swaps until a GET of {@code path} satisfies {@code done}; returns that response. */
  private HttpResponse<Buffer> awaitSwapUntil(TestServer d, String path, Predicate<HttpResponse<Buffer>> done)
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
    TestServer d = deployDev(vertx);
    String firstEtag = d.client.get("/css/app.css").send().await().getHeader("ETag");

    site.write("css/app.css", "body { color: blue; margin: 0; }\n");
    byte[] edited = site.read("css/app.css");
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/css/app.css",
        r -> r.statusCode() == 200 && java.util.Arrays.equals(edited, r.body().getBytes()));

    assertTrue(!res.getHeader("ETag").equals(firstEtag), "a new ETag for new bytes");
  }

  @Test
  void aFileAddedInANewFolderIsServed(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    TestServer d = deployDev(vertx);
    assertEquals(404, d.client.get("/new/deeper/x.js").send().await().statusCode());

    site.write("new/deeper/x.js", "export const x = 1;\n");
    HttpResponse<Buffer> res = awaitSwapUntil(d, "/new/deeper/x.js", r -> r.statusCode() == 200);

    assertArrayEquals(site.read("new/deeper/x.js"), res.body().getBytes());
  }

  @Test
  void aFileAddedLaterInAFolderCreatedSinceTheStartIsServed(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    TestServer d = deployDev(vertx);
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
    TestServer d = deployDev(vertx);

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
    TestServer d = deployDev(vertx);

    deleteTree(site.root.resolve("old"));
    awaitSwapUntil(d, "/old/a.js", r -> r.statusCode() == 404);

    assertEquals(404, d.client.get("/old/sub/b.js").send().await().statusCode());
    assertEquals(200, d.client.get("/keep.js").send().await().statusCode());
  }

  static Stream<Arguments> faultsAndSizes() {
    // 2,000 bytes are held in memory, 100,000 kept open from the build on.
    return Stream.of(Fault.values()).flatMap(f -> Stream.of(Arguments.of(f, 2_000), Arguments.of(f, 100_000)));
  }

  @ParameterizedTest(name = "{0}, {1} bytes")
  @MethodSource("faultsAndSizes")
  void afterAChangeToAFileTheNextIndexServesItAsItIsNow(Fault fault, int size, Vertx vertx) throws Exception {
    byte[] before = Site.random(size, 1);
    site.write("file.bin", before);
    site.write("other.css", "a{}");
    try (LogCapture log = LogCapture.start()) {
      TestServer d = deployDev(vertx);
      HttpResponse<Buffer> first = d.client.get("/file.bin").send().await();
      assertArrayEquals(before, first.body().getBytes());

      byte[] after = fault.apply(site.root.resolve("file.bin"));
      HttpResponse<Buffer> res = awaitSwapUntil(d, "/file.bin", r -> after == null ? r.statusCode() == 404
          : r.statusCode() == 200 && Arrays.equals(after, r.body().getBytes()));

      if (after != null) {
        assertEquals(String.valueOf(after.length), res.getHeader("Content-Length"));
        assertNotEquals(first.getHeader("ETag"), res.getHeader("ETag"));
      }
      assertEquals("a{}", d.client.get("/other.css").send().await().bodyAsString());
      assertTrue(log.infos().stream().anyMatch(l -> l.startsWith("vertx-assets: index rebuilt after a change under"
          + " the roots: AssetIndex[" + (after == null ? 1 : 2) + " files")), log.infos().toString());
    }
  }

  @Test
  void everyResponseSaysNoCache(Vertx vertx) {
    site.write("index.html", "<!doctype html>");
    site.write("app.css", "a{}");
    site.write("app.3f2a9c1b7e4d.js", "let hashed = 1;");
    TestServer d = deployDev(vertx);

    for (String path : List.of("/", "/app.css", "/app.3f2a9c1b7e4d.js")) {
      assertEquals("no-cache", d.client.get(path).send().await().getHeader("Cache-Control"), path);
    }
  }

  @Test
  void anEditedHeadersFileIsAppliedAndABrokenOneLeavesTheLastGoodIndexServing(Vertx vertx) throws Exception {
    site.write("index.html", "<!doctype html>");
    site.write("_headers", "/*\n  X-Frame-Options: DENY\n  Cache-Control: public, max-age=31536000, immutable\n");
    try (LogCapture log = LogCapture.start()) {
      TestServer d = deployDev(vertx);
      HttpResponse<Buffer> first = d.client.get("/").send().await();
      assertEquals("DENY", first.getHeader("X-Frame-Options"));
      assertEquals("no-cache", first.getHeader("Cache-Control"), "development mode keeps its no-cache");

      site.write("_headers", "/*\n  X-Frame-Options: SAMEORIGIN\n");
      awaitSwapUntil(d, "/", r -> "SAMEORIGIN".equals(r.getHeader("X-Frame-Options")));
      site.write("_headers", "/*\n  X-Frame-Options DENY\n");
      log.first(LogCapture.at(java.util.logging.Level.WARNING, "_headers:2: 'X-Frame-Options DENY' has no ':'"))
          .toCompletionStage().toCompletableFuture().get(SWAP_WAIT_SECONDS, TimeUnit.SECONDS);

      assertEquals("SAMEORIGIN", d.client.get("/").send().await().getHeader("X-Frame-Options"));
    }
  }

  @Test
  void aHiddenFileIsNotServedEvenThoughItIsWatched(Vertx vertx) throws InterruptedException {
    site.write("index.html", "<!doctype html>");
    TestServer d = deployDev(vertx);

    site.write(".env", "SECRET=1");
    site.write("marker.js", "1");
    awaitSwapUntil(d, "/marker.js", r -> r.statusCode() == 200);

    assertEquals(404, d.client.get("/.env").send().await().statusCode());
  }

  @Test
  void noRequestFailsWhileTheIndexIsSwapped(Vertx vertx) throws Exception {
    // One file sent from memory, one (beyond the 64 KiB memory threshold) from a kept-open file.
    List<String> small = List.of("body { color: red; }\n".repeat(50), "body { color: blue; }\n".repeat(70));
    List<String> large = List.of("let a = 1;\n".repeat(30_000), "let b = 22;\n".repeat(32_000));
    replace("app.css", small.get(0));
    replace("big.js", large.get(0));
    TestServer d = deployDev(vertx);

    // Clients that keep asking, one request after another, while the files change and the index is swapped.
    AtomicBoolean stop = new AtomicBoolean();
    List<String> problems = new CopyOnWriteArrayList<>();
    AtomicInteger answered = new AtomicInteger();
    List<Future<Void>> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Promise<Void> done = Promise.promise();
      String path = c % 2 == 0 ? "/app.css" : "/big.js";
      List<String> versions = c % 2 == 0 ? small : large;
      vertx.runOnContext(v -> keepAsking(d, path, versions, stop, problems, answered, done));
      clients.add(done.future());
    }
    for (int change = 1; change <= 6; change++) {
      String nextSmall = small.get(change % 2);
      String nextLarge = large.get(change % 2);
      replace("app.css", nextSmall);
      replace("big.js", nextLarge);
      awaitSwapUntil(d, "/big.js", r -> r.bodyAsString().equals(nextLarge)
          && d.client.get("/app.css").send().await().bodyAsString().equals(nextSmall));
    }
    stop.set(true);
    Future.all(clients).await();

    assertEquals(List.of(), problems);
    assertTrue(answered.get() >= 12, "requests overlapped the swaps: " + answered.get());
  }

  /** Sends GETs of {@code path} one after another until {@code stop}, noting every answer that is not a whole version. */
  private static void keepAsking(TestServer d, String path, List<String> versions, AtomicBoolean stop,
      List<String> problems, AtomicInteger answered, Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    d.client.get(path).send().onComplete(ar -> {
      if (ar.failed()) {
        problems.add(path + ": " + ar.cause());
      } else {
        HttpResponse<Buffer> res = ar.result();
        String body = res.bodyAsString();
        if (res.statusCode() != 200 || !versions.contains(body)
            || !String.valueOf(body.length()).equals(res.getHeader("Content-Length"))) {
          problems.add(path + ": " + res.statusCode() + ", " + (body == null ? 0 : body.length()) + " bytes");
        }
        answered.incrementAndGet();
      }
      keepAsking(d, path, versions, stop, problems, answered, done);
    });
  }

  @Test
  void aFileAddedIsNotServedBeforeTheIndexHasIt(Vertx vertx) throws Exception {
    site.write("index.html", "<!doctype html>");
    TestServer d = deployDev(vertx);

    replace("late.js", "1");
    HttpResponse<Buffer> early = d.client.get("/late.js").send().await();
    // The watcher waits 100 ms of quiet before a rebuild: a request sent at once is answered
    // before any swap, from the index as it was. Only a machine stalled for longer could differ.
    Assumptions.assumeTrue(swaps.isEmpty(), "a swap came before the first answer");

    assertEquals(404, early.statusCode(), "the request path never looks at the disk");
    assertEquals(200, awaitSwapUntil(d, "/late.js", r -> r.statusCode() == 200).statusCode());
  }

  /** Replaces a file as editors and build tools do: a temporary file renamed over it, atomically. */
  private void replace(String relative, String content) throws IOException {
    Path target = site.root.resolve(relative);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(temp, content);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
