package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Small files and variants are held in memory when the index is built. Deleting a file from disk
 * afterwards shows where a body comes from: memory still answers with the indexed bytes.
 */
@ExtendWith(VertxExtension.class)
class MemoryTierTest {

  private static final String CSS = "body { color: #123456; }\n".repeat(8);

  @Test
  void smallFileIsServedFromMemoryWithItsExactBytes(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    Path file = site.write("app.css", CSS);
    byte[] bytes = site.read("app.css");
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Files.delete(file);

    HttpResponse<Buffer> res = server.get("/app.css").send().await();

    assertEquals(bytes.length, server.handler.index().memoryBytes());
    assertEquals(200, res.statusCode());
    assertEquals(String.valueOf(bytes.length), res.getHeader("Content-Length"));
    assertArrayEquals(bytes, res.body().getBytes());
  }

  @Test
  void rangeIsCutFromMemory(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    Path file = site.write("data.txt", "0123456789abcdef");
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Files.delete(file);

    HttpResponse<Buffer> res = server.get("/data.txt").putHeader("Range", "bytes=3-6").send().await();

    assertEquals(206, res.statusCode());
    assertEquals("bytes 3-6/16", res.getHeader("Content-Range"));
    assertEquals("4", res.getHeader("Content-Length"));
    assertEquals("3456", res.bodyAsString());
  }

  @Test
  void smallVariantIsServedFromMemory(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    byte[] gz = site.gzip("app.css");
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Files.delete(dir.resolve("app.css.gz"));

    HttpResponse<Buffer> res = server.get("/app.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertArrayEquals(gz, res.body().getBytes());
  }

  @Test
  void fileLargerThanTheThresholdIsReadFromDisk(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    Path file = site.write("app.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options().setMemoryMaxFileSize(CSS.length() - 1)).await();
    Files.delete(file);

    HttpResponse<Buffer> res = server.get("/app.css").send().await();

    assertEquals(0, server.handler.index().memoryBytes());
    assertEquals(404, res.statusCode());
  }

  @Test
  void fileOfExactlyTheThresholdIsHeld(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options().setMemoryMaxFileSize(CSS.length()));

    assertEquals(CSS.length(), index.memoryBytes());
  }

  @Test
  void budgetIsNeverExceeded(@TempDir Path dir) {
    Site site = new Site(dir);
    for (String name : new String[] {"a.txt", "b.txt", "c.txt", "d.txt"}) {
      site.write(name, "x".repeat(100));
    }

    AssetIndex index = AssetIndex.buildBlocking(site.options().setMemoryBudget(250));

    assertEquals(200, index.memoryBytes());
  }

  @Test
  void filesBeyondTheBudgetAreStillServedFromDisk(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.txt", "a".repeat(100));
    site.write("b.txt", "b".repeat(100));
    TestServer server = TestServer.mount(vertx, site.options().setMemoryBudget(100)).await();

    HttpResponse<Buffer> a = server.get("/a.txt").send().await();
    HttpResponse<Buffer> b = server.get("/b.txt").send().await();

    assertEquals(100, server.handler.index().memoryBytes());
    assertEquals("a".repeat(100), a.bodyAsString());
    assertEquals("b".repeat(100), b.bodyAsString());
  }

  @Test
  void zeroBudgetHoldsNothing(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options().setMemoryBudget(0));

    assertEquals(0, index.memoryBytes());
  }

  @Test
  void headOfAFileInMemoryCarriesItsLength(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.head("/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(String.valueOf(CSS.length()), res.getHeader("Content-Length"));
    assertTrue(res.body() == null || res.body().length() == 0);
  }
}
