package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsOptions;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The command line. {@code run} is only called with arguments that fail, print or ask for help: a
 * valid {@code serve} would start a Vertx the test could not close, so serving goes through
 * {@link Cli#configuration} and {@link Cli#deploy} with the test's Vertx.
 */
@ExtendWith(VertxExtension.class)
class CliTest {

  /** What one {@link Cli#run(String[], PrintStream, PrintStream)} printed and returned. */
  private record Result(int status, String out, String err) {
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Asserts that the run failed with status 2 and one line on standard error that contains {@code text}. */
  private static void assertUsageError(Result result, String text) {
    assertEquals(2, result.status(), result.err());
    assertEquals("", result.out());
    String line = result.err().strip();
    assertFalse(line.isEmpty(), "an error line is printed");
    assertFalse(line.contains("\n"), "one line: " + result.err());
    assertTrue(line.contains(text), "the line should name " + text + ": " + line);
  }

  @Test
  void noArgumentsPrintsTheUsageOnStandardErrorAndReturns2() {
    Result result = run();

    assertEquals(2, result.status());
    assertEquals("", result.out());
    assertTrue(result.err().contains("Usage:"), result.err());
  }

  @Test
  void helpPrintsTheUsageWithEveryOptionOnStandardOutputAndReturns0() {
    Result result = run("--help");

    assertEquals(0, result.status());
    assertEquals("", result.err());
    assertTrue(result.out().contains("Usage:"), result.out());
    assertTrue(result.out().contains("--host"), result.out());
    assertTrue(result.out().contains("--port"), result.out());
    assertTrue(result.out().contains("--prefix"), result.out());
  }

  @Test
  void serveHelpPrintsTheUsageAndReturns0() {
    Result result = run("serve", "--help");

    assertEquals(0, result.status());
    assertTrue(result.out().contains("Usage:"), result.out());
  }

  @Test
  void theJarRunsCompressAndBuild(@TempDir Path dir) throws Exception {
    Site site = new Site(dir.resolve("src"));
    site.write("app.css", "body { color: red; }\n".repeat(100));

    Result build = run("build", "--quiet", site.root.toString(), dir.resolve("out").toString());
    Result compress = run("compress", "--quiet", site.root.toString());

    assertEquals(0, build.status(), build.err());
    assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("out/manifest.json")));
    assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("out/app.css.br")));
    assertEquals(0, compress.status(), compress.err());
    assertTrue(java.nio.file.Files.isRegularFile(site.root.resolve("app.css.zst")));
  }

  @Test
  void compressWithoutADirectoryReturns2() {
    assertEquals(2, run("compress").status());
  }

  @Test
  void unknownCommandReturns2WithOneLineNamingIt() {
    assertUsageError(run("server", "site"), "server");
  }

  @Test
  void missingDirectoryReturns2WithOneLineNamingIt(@TempDir Path dir) {
    String missing = dir.resolve("no-such-site").toString();

    assertUsageError(run("serve", missing), missing);
  }

  @Test
  void nonNumericPortReturns2NamingThePortOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--port", "abc", dir.toString()), "--port");
  }

  @Test
  void portOutOfRangeReturns2NamingThePortOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--port", "70000", dir.toString()), "--port");
  }

  @Test
  void portWithoutValueReturns2NamingThePortOption() {
    assertUsageError(run("serve", "--port"), "--port");
  }

  @Test
  void unknownOptionReturns2NamingIt(@TempDir Path dir) {
    assertUsageError(run("serve", "--bogus", dir.toString()), "--bogus");
  }

  @Test
  void negativeMemoryBudgetReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--memory-budget", "-1", dir.toString()), "--memory-budget");
  }

  @Test
  void memoryMaxFileSizeBeyondAnArrayReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--memory-max-file-size", "4294967296", dir.toString()), "--memory-max-file-size");
  }

  @Test
  void nonNumericOpenFileLimitReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--open-file-limit", "many", dir.toString()), "--open-file-limit");
  }

  @Test
  void serveWithoutDirectoryReturns2() {
    assertUsageError(run("serve"), "directory");
  }

  /** Returns a future of the deployment {@code serve args} makes, with no environment and no -D. */
  private static TestServer serve(Vertx vertx, String... args) {
    return TestServer.deployed(vertx, "vertx-assets", () -> Cli.configuration(vertx,
        ServerSettings.parse(List.of(args)), Map.of(), Map.of()).compose(config -> Cli.deploy(vertx, config))).await();
  }

  @Test
  void helpNamesEveryFlagWithItsEnvironmentVariableAndDefault() {
    String help = run("serve", "--help").out();

    for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
      if (s.kind() != ServerSettings.Kind.PATHS) {
        assertTrue(help.contains(s.flag()), s.flag() + " in " + help);
      }
      assertTrue(help.contains(s.env()), s.env() + " in " + help);
      assertTrue(help.contains("default: " + s.defaultText()), s.defaultText() + " in " + help);
    }
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
    JsonObject config = Cli.configuration(vertx, ServerSettings.parse(List.of("--memory-max-file-size", "0",
        "--memory-budget", "1000", "--open-file-limit", "7", dir.toString())), Map.of(), Map.of()).await();

    AssetsOptions options = VerticleConfig.of(ServerSettings.verticleConfig(config)).options();
    assertEquals(0, options.getMemoryMaxFileSize());
    assertEquals(1000, options.getMemoryBudget());
    assertEquals(7, options.getOpenFileLimit());
    assertEquals(List.of(new AssetsOptions.Root(dir.toString(), "/")), options.getRoots());
  }

  @Test
  void serveKeepsTheDirectoriesInOrder(Vertx vertx, @TempDir Path one, @TempDir Path two) {
    JsonObject config = Cli.configuration(vertx, ServerSettings.parse(List.of(two.toString(), one.toString())),
        Map.of(), Map.of()).await();

    assertEquals(List.of(two.toString(), one.toString()), config.getJsonArray("roots").getList());
  }

  @Test
  void aPrefixWithoutALeadingSlashReturns2NamingTheFlag(@TempDir Path dir) {
    assertUsageError(run("serve", "--prefix", "static", dir.toString()), "--prefix");
  }

  @Test
  void printConfigPrintsTheMergedConfigurationAndReturns0(@TempDir Path dir) {
    Result result = run("serve", "--print-config", "--port", "9000", "--dev", dir.toString());

    assertEquals(0, result.status(), result.err());
    JsonObject config = new JsonObject(result.out());
    assertEquals(9000, config.getJsonObject("server").getInteger("port"));
    assertEquals(true, config.getBoolean("dev"));
    assertEquals(List.of(dir.toString()), config.getJsonArray("roots").getList());
  }
}
