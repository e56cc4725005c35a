package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Descriptors;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Files too large for memory are opened once and kept open by their index, up to a limit; the
 * descriptors are counted in {@code /proc/self/fd}. The memory tier is off here, so that every
 * body comes from a file.
 */
@ExtendWith(VertxExtension.class)
class OpenFileCacheTest {

  private static final String TEXT = "The quick brown fox jumps over the lazy dog.\n".repeat(50);

  private static AssetsOptions onDisk(Site site) {
    return site.options().setMemoryMaxFileSize(0);
  }

  @Test
  void fileStaysOpenBetweenRequests(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    Path file = site.write("a.txt", TEXT);
    TestServer server = TestServer.mount(vertx, onDisk(site)).await();

    server.get("/a.txt").send().await();
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 1).await();
    Files.delete(file);
    HttpResponse<Buffer> again = server.get("/a.txt").send().await();

    assertEquals(1, server.handler.index().openFileCount());
    assertEquals(200, again.statusCode());
    assertEquals(TEXT, again.bodyAsString());
  }

  @Test
  void limitOfOpenFilesIsRespectedAndEveryFileIsStillServed(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    for (int i = 0; i < 5; i++) {
      site.write("f" + i + ".txt", i + TEXT);
    }
    TestServer server = TestServer.mount(vertx, onDisk(site).setOpenFileLimit(2)).await();

    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> res = server.get("/f" + i + ".txt").send().await();
      assertEquals(i + TEXT, res.bodyAsString());
    }

    assertEquals(2, server.handler.index().openFileCount());
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 2).await();
  }

  @Test
  void limitOfZeroKeepsNoFileOpen(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("a.txt", TEXT);
    TestServer server = TestServer.mount(vertx, onDisk(site).setOpenFileLimit(0)).await();

    HttpResponse<Buffer> res = server.get("/a.txt").send().await();

    assertEquals(TEXT, res.bodyAsString());
    assertEquals(0, server.handler.index().openFileCount());
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
  }

  @Test
  void filesAreClosedWhenTheIndexIsReplaced(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("a.txt", TEXT);
    site.write("b.txt", TEXT + TEXT);
    TestServer server = TestServer.mount(vertx, onDisk(site)).await();
    server.get("/a.txt").send().await();
    server.get("/b.txt").send().await();
    AssetIndex first = server.handler.index();

    server.handler.update(AssetIndex.build(vertx, onDisk(site)).await());

    Descriptors.settle(vertx, first::openFileCount, 0).await();
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
  }

  @Test
  void manyRebuildsLeakNoDescriptor(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    for (int i = 0; i < 3; i++) {
      site.write("f" + i + ".txt", i + TEXT);
    }
    TestServer server = TestServer.mount(vertx, onDisk(site)).await();

    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, server.get("/f" + i + ".txt").send().await().statusCode());
      }
      server.handler.update(AssetIndex.build(vertx, onDisk(site)).await());
    }
    for (int i = 0; i < 3; i++) {
      server.get("/f" + i + ".txt").send().await();
    }

    // Only the current index's three files are open.
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 3).await();
  }

  @Test
  void retiredIndexStillAnswersByOpeningFilesPerRequest(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("a.txt", TEXT);
    AssetIndex index = AssetIndex.build(vertx, onDisk(site)).await();
    index.close();
    Router router = Router.router(vertx);
    AssetsHandler handler = AssetsHandler.create(index);
    router.route("/*").handler(handler);
    TestServer server = TestServer.listen(vertx, router, handler).await();

    HttpResponse<Buffer> res = server.get("/a.txt").send().await();

    assertEquals(TEXT, res.bodyAsString());
    assertEquals(0, index.openFileCount());
    Descriptors.settle(vertx, () -> Descriptors.under(dir), 0).await();
  }

  @Test
  void fileTruncatedWhileHeldOpenAnswers404(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    Path file = site.write("a.txt", TEXT);
    TestServer server = TestServer.mount(vertx, onDisk(site)).await();
    server.get("/a.txt").send().await();
    // Same inode, shorter: the open channel sees it.
    Files.write(file, "short".getBytes());

    HttpResponse<Buffer> res = server.get("/a.txt").send().await();

    assertEquals(404, res.statusCode());
  }

  @Test
  void http2OpensTheFileItselfAndKeepsNothingOpen(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("a.txt", TEXT);
    TestServer server = TestServer.mount(vertx, onDisk(site)).await();
    WebClient h2 = server.client(new WebClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));

    HttpResponse<Buffer> res = h2.get("/a.txt").send().await();

    assertEquals(HttpVersion.HTTP_2, res.version());
    assertArrayEquals(site.read("a.txt"), res.body().getBytes());
    assertEquals(0, server.handler.index().openFileCount());
  }
}
