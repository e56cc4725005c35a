package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §7: the disk changing under a built index never yields a 500 or a body whose length differs
 * from its {@code Content-Length}; it yields a 404 and a warning. The index here holds no file in
 * memory and keeps none open, so that every body is read from the disk as it is now (a file held
 * in memory or open is served as indexed: MemoryTierTest, OpenFileCacheTest). Odd files met while building are
 * skipped with a warning and never fail or hang the build.
 */
@ExtendWith(VertxExtension.class)
class FaultTest {

  private static final String CSS = "body { color: red; }\n".repeat(10);

  private LogCapture log;

  /** Returns options that make every request read its file from the disk. */
  private static AssetsOptions fromDisk(Site site) {
    return site.options().setMemoryMaxFileSize(0).setOpenFileLimit(0);
  }

  @BeforeEach
  void captureLog() {
    log = LogCapture.start();
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  @Test
  void headOfAFileDeletedAfterTheBuildAnswersTheHeadersOfTheGetBeforeTheDeletion(Vertx vertx, @TempDir Path dir)
      throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    HttpResponse<Buffer> before = server.get("/app.css").send().await();
    Files.delete(site.root.resolve("app.css"));

    HttpResponse<Buffer> res = server.head("/app.css").send().await();

    assertEquals(200, before.statusCode());
    assertEquals(200, res.statusCode());
    // SPEC §1: HEAD answers exactly the headers GET would, from the index, without touching the file.
    assertEquals(TestServer.headersWithoutDate(before.headers()), TestServer.headersWithoutDate(res.headers()));
    assertValidDate(res.getHeader("Date"));
    assertEquals(String.valueOf(CSS.length()), res.getHeader("Content-Length"));
    assertNull(res.body());
  }

  @Test
  void revalidationOfAFileDeletedAfterTheBuildAnswers304WithTheHeadersOfSpecSection5(Vertx vertx,
      @TempDir Path dir) throws IOException {
    Site site = site(dir);
    site.gzip("app.css");
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    HttpResponse<Buffer> before = server.get("/app.css").send().await();
    Files.delete(site.root.resolve("app.css"));

    HttpResponse<Buffer> res = server.get("/app.css").putHeader("If-None-Match", before.getHeader("ETag"))
        .send().await();

    assertEquals(304, res.statusCode());
    // SPEC §5: ETag, Cache-Control, Vary, Last-Modified and Date; no Content-Length, no Content-Encoding.
    assertEquals(Set.of("etag", "cache-control", "vary", "last-modified"), TestServer.headersWithoutDate(res.headers()).keySet());
    for (String name : List.of("ETag", "Cache-Control", "Vary", "Last-Modified")) {
      assertEquals(before.headers().getAll(name), res.headers().getAll(name), name);
    }
    assertValidDate(res.getHeader("Date"));
    assertNull(res.body());
  }

  @Test
  void fileDeletedAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.delete(site.root.resolve("app.css"));

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertEquals("0", res.header("Content-Length"), res.text());
    assertFalse(res.body().contains("body {"), res.text());
    log.assertWarningNaming("/app.css");
  }

  @Test
  void fileTruncatedAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.writeString(site.root.resolve("app.css"), "body {");

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertEquals("0", res.header("Content-Length"), res.text());
    assertFalse(res.body().contains("body {"), res.text());
    log.assertWarningNaming("/app.css");
  }

  @Test
  void fileGrownAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.writeString(site.root.resolve("app.css"), CSS + "p { margin: 0; }\n");

    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertEquals("0", res.header("Content-Length"), res.text());
    assertFalse(res.body().contains("margin"), res.text());
    log.assertWarningNaming("/app.css");
  }

  @Test
  void rangeOfAFileTruncatedAfterTheBuildAnswers404(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.writeString(site.root.resolve("app.css"), "body {");

    RawResponse res = RawResponse.parse(
        server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-9").await());

    assertEquals(404, res.status(), res.text());
    assertEquals("0", res.header("Content-Length"), res.text());
    log.assertWarningNaming("/app.css");
  }

  @Test
  void fileVanishedAfterTheBuildIsWarnedOnceHoweverOftenItIsRequested(Vertx vertx, @TempDir Path dir)
      throws IOException {
    Site site = site(dir);
    String file = site.root.toRealPath().resolve("app.css").toString();
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.delete(site.root.resolve("app.css"));

    for (int i = 0; i < 3; i++) {
      assertEquals(404, server.get("/app.css").send().await().statusCode());
    }

    assertEquals(1, log.warningsNaming(file), log.warnings().toString());
  }

  @Test
  void fileThatVanishesAgainAfterAnUpdateIsWarnedAgain(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    String file = site.root.toRealPath().resolve("app.css").toString();
    TestServer server = TestServer.mount(vertx, fromDisk(site)).await();
    Files.delete(site.root.resolve("app.css"));
    server.get("/app.css").send().await();
    server.get("/app.css").send().await();
    site.write("app.css", CSS);
    server.handler.update(AssetIndex.build(vertx, fromDisk(site)).await());
    assertEquals(200, server.get("/app.css").send().await().statusCode());
    Files.delete(site.root.resolve("app.css"));

    server.get("/app.css").send().await();
    HttpResponse<Buffer> res = server.get("/app.css").send().await();

    assertEquals(404, res.statusCode());
    assertEquals(2, log.warningsNaming(file), log.warnings().toString());
  }

  @Test
  void brokenSymlinkIsSkippedWithAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    Files.createSymbolicLink(site.root.resolve("broken.css"), Path.of("missing.css"));

    AssetIndex index = AssetIndex.build(vertx, site.options()).await();

    assertTrue(index.paths().contains("/app.css"), index.paths().toString());
    assertFalse(index.paths().contains("/broken.css"), index.paths().toString());
    log.assertWarningNaming("broken.css");
  }

  @Test
  void fifoIsSkippedWithAWarning(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = site(dir);
    Path fifo = site.root.resolve("pipe.txt");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

    // A FIFO opened for reading would block until a writer came: the timeout catches a hang.
    AssetIndex index = AssetIndex.build(vertx, site.options()).await(10, TimeUnit.SECONDS);

    assertTrue(index.paths().contains("/app.css"), index.paths().toString());
    assertFalse(index.paths().contains("/pipe.txt"), index.paths().toString());
    log.assertWarningNaming("pipe.txt");
  }

  @Test
  void symlinkLoopNeitherHangsNorFailsTheBuild(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = site(dir);
    site.write("sub/page.txt", "page\n");
    Files.createSymbolicLink(site.root.resolve("sub/a"), Path.of("."));

    AssetIndex index = AssetIndex.build(vertx, site.options()).await(10, TimeUnit.SECONDS);

    assertTrue(index.paths().contains("/app.css"), index.paths().toString());
    assertTrue(index.paths().contains("/sub/page.txt"), index.paths().toString());
    assertTrue(index.paths().stream().noneMatch(p -> p.contains("/a/a/")), index.paths().toString());
  }

  @Test
  void fileReplacedByAFolderBetweenListingAndReadingIsSkippedWithOneWarning(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = site(dir);
    Path late = site.write("late.txt", "listed as a file\n");
    // The headers hook of /app.css runs on the building thread after app.css was read and before
    // late.txt (listed after it) is: the disk changes between the listing and the reading.
    AssetsOptions options = site.options().setHeadersHook((path, headers) -> {
      if (path.equals("/app.css")) {
        replaceByFolder(late);
      }
    });

    TestServer server = TestServer.mount(vertx, options).await();

    assertFalse(server.handler.index().paths().contains("/late.txt"), server.handler.index().paths().toString());
    assertEquals(CSS, server.get("/app.css").send().await().bodyAsString());
    assertEquals(200, server.get("/").send().await().statusCode());
    assertEquals(List.of("vertx-assets: skipped " + dir.toRealPath().resolve("late.txt")
        + ": cannot be read: java.io.IOException: not a regular file"), log.warnings());
  }

  @Test
  void fileReplacedByAFifoBetweenListingAndReadingNeitherHangsNorFailsTheBuild(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = site(dir);
    Path late = site.write("late.txt", "listed as a file\n");
    AssetsOptions options = site.options().setHeadersHook((path, headers) -> {
      if (path.equals("/app.css")) {
        replaceByFifo(late);
      }
    });

    // Opening a FIFO for reading waits for a writer: the timeout catches a hang.
    AssetIndex index = AssetIndex.build(vertx, options).await(10, TimeUnit.SECONDS);

    assertTrue(index.paths().containsAll(List.of("/", "/app.css", "/index.html")), index.paths().toString());
    assertFalse(index.paths().contains("/late.txt"), index.paths().toString());
    assertEquals(List.of("vertx-assets: skipped " + dir.toRealPath().resolve("late.txt")
        + ": cannot be read: java.io.IOException: not a regular file"), log.warnings());
  }

  @ParameterizedTest(name = "open-file limit {0}")
  @ValueSource(ints = {0, 1024})
  void fileReplacedByAFifoAfterTheBuildAnswers404WithoutBlockingTheEventLoop(int openFileLimit, Vertx vertx,
      @TempDir Path dir) throws Exception {
    // Opened per request (limit 0), or by the first request for the open-file cache (1024).
    Site site = site(dir);
    TestServer server = TestServer.mount(vertx, site.options().setMemoryMaxFileSize(0)
        .setOpenFileLimit(openFileLimit)).await();
    replaceByFifo(site.root.resolve("app.css"));

    // Opening a FIFO for reading waits for a writer: the timeout catches an event loop stuck in it.
    RawResponse res = RawResponse.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await(10, TimeUnit.SECONDS));

    assertEquals(404, res.status(), res.text());
    log.assertWarningNaming(dir.toRealPath().resolve("app.css") + " is no longer as indexed (java.io.IOException: not a regular file)");
    assertEquals(200, server.get("/").send().await().statusCode());
  }

  private static Site site(Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.write("index.html", "<h1>home</h1>\n");
    return site;
  }

  private static void assertValidDate(String date) {
    assertNotNull(date, "Date");
    assertNotEquals(HttpDates.INVALID, HttpDates.parse(date), date);
  }

  private static void replaceByFolder(Path file) {
    try {
      Files.delete(file);
      Files.createDirectory(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void replaceByFifo(Path file) {
    try {
      Files.delete(file);
      assertEquals(0, new ProcessBuilder("mkfifo", file.toString()).start().waitFor());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
