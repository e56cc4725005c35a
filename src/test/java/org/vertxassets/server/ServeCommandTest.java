package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsOptions;
import org.vertxassets.testing.TestServer;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;

/**
 * What {@code serve} deploys, through {@link ServeConfig#load} and {@link ServeConfig#deploy} (as
 * {@link ServeCommand} does) with the test's Vertx.
 */
@ExtendWith(VertxExtension.class)
class ServeCommandTest {

  /** Returns the deployment {@code serve args} makes, with no environment and no -D. */
  private static TestServer serve(Vertx vertx, String... args) {
    return TestServer.deployed(vertx, "vertx-assets", () -> ServeConfig.load(vertx,
        ServeCommand.given(List.of(args), Map.of(), Map.of())).compose(config -> config.deploy(vertx))).await();
  }

  /** Returns the checked configuration of {@code serve args}, with no environment and no -D. */
  private static ServeConfig configuration(Vertx vertx, String... args) {
    return ServeConfig.load(vertx, ServeCommand.given(List.of(args), Map.of(), Map.of())).await();
  }

  @Test
  void serveListensAndLogsOneLineWithWhatItServes(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    site.gzip("css/app.css");
    site.write("js/app.js", "console.log(1);\n");
    long bytes = site.read("css/app.css").length + site.read("js/app.js").length;

    try (LogCapture log = LogCapture.start()) {
      TestServer d = serve(vertx, "--host", "127.0.0.1", "--port", "0", "--prefix", "/static/", dir.toString());

      List<String> lines = log.infos().stream().filter(m -> m.contains("serving")).toList();
      assertEquals(1, lines.size(), lines.toString());
      String line = lines.get(0);
      assertTrue(line.contains("2 files"), line);
      assertTrue(line.contains("1 variants"), line);
      assertTrue(line.contains(bytes + " bytes"), line);
      assertTrue(line.contains((bytes + site.read("css/app.css.gz").length) + " in memory"), line);
      assertTrue(line.contains("in memory, 0 immutable)"), line);
      assertTrue(line.contains("http://127.0.0.1:" + d.port + "/static/"), line);
      Matcher built = Pattern.compile("built in (\\d+) ms").matcher(line);
      assertTrue(built.find(), line);
    }
  }

  @Test
  void serveServesTheFilesUnderThePrefix(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));

    TestServer d = serve(vertx, "--port", "0", "--prefix", "/static", dir.toString());
    HttpResponse<Buffer> res = d.client.get("/static/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
  }

  @Test
  void serveDoesNotServeTheFilesOutsideThePrefix(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("css/app.css", "body { color: red; }\n");

    TestServer d = serve(vertx, "--port", "0", "--prefix", "/static/", dir.toString());

    assertEquals(404, d.client.get("/css/app.css").send().await().statusCode());
  }

  @Test
  void serveReadsTheMemoryAndOpenFileSettings(Vertx vertx, @TempDir Path dir) {
    ServeConfig config = configuration(vertx, "--memory-max-file-size", "0", "--memory-budget", "1000",
        "--open-file-limit", "7", dir.toString());

    AssetsOptions options = config.verticle().options();
    assertEquals(0, options.getMemoryMaxFileSize());
    assertEquals(1000, options.getMemoryBudget());
    assertEquals(7, options.getOpenFileLimit());
    assertEquals(List.of(new AssetsOptions.Root(dir.toString(), "/")), options.getRoots());
  }

  @Test
  void serveKeepsTheDirectoriesInOrder(Vertx vertx, @TempDir Path one, @TempDir Path two) {
    ServeConfig config = configuration(vertx, two.toString(), one.toString());

    assertEquals(List.of(two.toString(), one.toString()), config.json().getJsonArray("roots").getList());
  }

  @Test
  void theStartUpLineCountsTheImmutableFilesByRule(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("assets/index-DO7tlORW.js", "console.log(1);\n");
    site.write("assets/index-D8b4DHJx.css", "a{}\n");
    site.write("_app/immutable/nodes/0.js", "export {};\n");

    try (LogCapture log = LogCapture.start()) {
      serve(vertx, "--host", "127.0.0.1", "--port", "0", "--compress", "off", dir.toString());

      String line = log.infos().stream().filter(m -> m.contains("serving")).findFirst().orElseThrow();
      assertTrue(line.contains("in memory, 3 immutable: 1 by bundler folder, 2 by name)"), line);
    }
  }
}
