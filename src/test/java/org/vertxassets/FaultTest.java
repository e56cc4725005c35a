package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §7: the disk changing under a built index never yields a 500 or a body whose length differs
 * from its {@code Content-Length}; it yields a 404 and a warning. Odd files met while building are
 * skipped with a warning and never fail or hang the build.
 */
@ExtendWith(VertxExtension.class)
class FaultTest {

  private static final String CSS = "body { color: red; }\n".repeat(10);

  /** Held in a field: the log manager keeps loggers only weakly. */
  private final Logger logger = Logger.getLogger("org.vertxassets");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void captureLog() {
    logger.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    logger.removeHandler(capture);
  }

  @Test
  void headOfAFileDeletedAfterTheBuildAnswersTheIndexedHeaders(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    String etag = server.get("/app.css").send().await().getHeader("ETag");
    Files.delete(site.root.resolve("app.css"));

    HttpResponse<Buffer> res = server.head("/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(String.valueOf(CSS.length()), res.getHeader("Content-Length"));
    assertEquals(etag, res.getHeader("ETag"));
    assertNull(res.body());
  }

  @Test
  void revalidationOfAFileDeletedAfterTheBuildAnswers304(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    String etag = server.get("/app.css").send().await().getHeader("ETag");
    Files.delete(site.root.resolve("app.css"));

    HttpResponse<Buffer> res = server.get("/app.css").putHeader("If-None-Match", etag).send().await();

    assertEquals(304, res.statusCode());
    assertEquals(etag, res.getHeader("ETag"));
    assertNull(res.body());
  }

  @Test
  void fileDeletedAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    Files.delete(site.root.resolve("app.css"));

    Raw res = Raw.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertFalse(res.body().contains("body {"), res.text());
    assertWarningNaming("/app.css");
  }

  @Test
  void fileTruncatedAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    Files.writeString(site.root.resolve("app.css"), "body {");

    Raw res = Raw.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertFalse(res.body().contains("body {"), res.text());
    assertWarningNaming("/app.css");
  }

  @Test
  void fileGrownAfterTheBuildAnswers404AndLogsAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    Files.writeString(site.root.resolve("app.css"), CSS + "p { margin: 0; }\n");

    Raw res = Raw.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(404, res.status(), res.text());
    assertFalse(res.body().contains("margin"), res.text());
    assertWarningNaming("/app.css");
  }

  @Test
  void rangeOfAFileTruncatedAfterTheBuildAnswers404(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    Files.writeString(site.root.resolve("app.css"), "body {");

    Raw res = Raw.parse(server.raw("GET /app.css HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-9").await());

    assertEquals(404, res.status(), res.text());
    assertWarningNaming("/app.css");
  }

  @Test
  void fileReplacedByAnotherOfTheSameSizeIsServedWithTheNewBytes(Vertx vertx, @TempDir Path dir)
      throws IOException {
    Site site = site(dir);
    TestServer server = TestServer.start(vertx, site.options()).await();
    String replacement = CSS.replace("red", "tan");
    Files.writeString(site.root.resolve("app.css"), replacement);

    HttpResponse<Buffer> res = server.get("/app.css").send().await();

    // The index records sizes, not contents: SPEC §7 asks only that the length never lies.
    assertEquals(200, res.statusCode());
    assertEquals(replacement, res.bodyAsString());
    assertEquals(String.valueOf(replacement.length()), res.getHeader("Content-Length"));
  }

  @Test
  void brokenSymlinkIsSkippedWithAWarning(Vertx vertx, @TempDir Path dir) throws IOException {
    Site site = site(dir);
    Files.createSymbolicLink(site.root.resolve("broken.css"), Path.of("missing.css"));

    AssetIndex index = AssetIndex.build(vertx, site.options()).await();

    assertTrue(index.paths().contains("/app.css"), index.paths().toString());
    assertFalse(index.paths().contains("/broken.css"), index.paths().toString());
    assertWarningNaming("broken.css");
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
    assertWarningNaming("pipe.txt");
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

  private static Site site(Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.write("index.html", "<h1>home</h1>\n");
    return site;
  }

  /** Asserts that a WARNING whose formatted message contains {@code text} reached the logger. */
  private void assertWarningNaming(String text) {
    SimpleFormatter formatter = new SimpleFormatter();
    List<String> warnings = records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(formatter::formatMessage)
        .toList();
    assertTrue(warnings.stream().anyMatch(m -> m.contains(text)), "no warning naming " + text + " in " + warnings);
  }

  /** A response read off a raw socket, checked to carry exactly as many body bytes as it declares. */
  private record Raw(int status, String text, String body) {

    static Raw parse(String text) {
      assertTrue(text.startsWith("HTTP/1.1 "), "not an HTTP/1.1 response: " + text);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, text);
      String head = text.substring(0, end).toLowerCase(Locale.ROOT);
      String body = text.substring(end + 4);
      assertFalse(head.contains("\r\ntransfer-encoding:"), text);
      int at = head.indexOf("\r\ncontent-length:");
      assertTrue(at >= 0, "no Content-Length: " + text);
      int eol = head.indexOf("\r\n", at + 2);
      long length = Long.parseLong(head.substring(at + 17, eol < 0 ? head.length() : eol).trim());
      // Read as ISO-8859-1, one char per byte: the body's length in chars is its length in bytes.
      assertEquals(length, body.getBytes(StandardCharsets.ISO_8859_1).length, "body length vs Content-Length: " + text);
      return new Raw(Integer.parseInt(text.substring(9, 12)), text, body);
    }
  }
}
