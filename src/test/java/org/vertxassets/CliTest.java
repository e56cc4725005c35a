package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line. {@code run} is only called with arguments that fail or ask for help: a valid
 * {@code serve} would start a Vertx the test could not close, so serving goes through
 * {@link Cli#serve} with the test's Vertx.
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
  void parseServeReadsTheMemoryAndOpenFileSettings(@TempDir Path dir) {
    Cli.ServeCommand command = Cli.parseServe(List.of("--memory-max-file-size", "0", "--memory-budget", "1000",
        "--open-file-limit", "7", dir.toString()));

    AssetsOptions options = command.options();
    assertEquals(0, options.getMemoryMaxFileSize());
    assertEquals(1000, options.getMemoryBudget());
    assertEquals(7, options.getOpenFileLimit());
    assertEquals(List.of(new AssetsOptions.Root(dir.toString(), "/")), options.getRoots());
  }

  @Test
  void serveWithoutDirectoryReturns2() {
    assertUsageError(run("serve"), "directory");
  }

  @Test
  void parseServeHasDefaults(@TempDir Path dir) {
    Cli.ServeCommand command = Cli.parseServe(List.of(dir.toString()));

    assertEquals(new Cli.ServeCommand("0.0.0.0", 8080, "/", List.of(dir.toString())), command);
  }

  @Test
  void parseServeReadsTheHost(@TempDir Path dir) {
    assertEquals("127.0.0.1", Cli.parseServe(List.of("--host", "127.0.0.1", dir.toString())).host());
  }

  @Test
  void parseServeReadsThePort(@TempDir Path dir) {
    assertEquals(9000, Cli.parseServe(List.of("--port", "9000", dir.toString())).port());
  }

  @Test
  void parseServeAcceptsPortZero(@TempDir Path dir) {
    assertEquals(0, Cli.parseServe(List.of(dir.toString(), "--port", "0")).port());
  }

  @Test
  void parseServeReadsThePrefixAndEndsItWithASlash(@TempDir Path dir) {
    assertEquals("/static/", Cli.parseServe(List.of("--prefix", "/static", dir.toString())).prefix());
  }

  @Test
  void parseServeRejectsAPrefixWithoutALeadingSlash(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Cli.parseServe(List.of("--prefix", "static", dir.toString())));

    assertTrue(e.getMessage().contains("--prefix"), e.getMessage());
  }

  @Test
  void parseServeKeepsTheDirectoriesInOrder(@TempDir Path one, @TempDir Path two) {
    Cli.ServeCommand command = Cli.parseServe(List.of(two.toString(), one.toString()));

    assertEquals(List.of(two.toString(), one.toString()), command.directories());
  }

  @Test
  void parseServeReturnsNullForHelp(@TempDir Path dir) {
    assertNull(Cli.parseServe(List.of(dir.toString(), "-h")));
  }

  @Test
  void serveListensAndLogsOneLineWithWhatItServes(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    site.gzip("css/app.css");
    site.write("js/app.js", "console.log(1);\n");
    long bytes = site.read("css/app.css").length + site.read("js/app.js").length;
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    HttpServer server = Cli.serve(vertx, new Cli.ServeCommand("127.0.0.1", 0, "/static/", List.of(dir.toString())),
        new PrintStream(log, true, StandardCharsets.UTF_8)).await();

    String line = log.toString(StandardCharsets.UTF_8);
    assertTrue(server.actualPort() > 0);
    assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
    assertTrue(line.contains("2 files"), line);
    assertTrue(line.contains("1 variants"), line);
    assertTrue(line.contains(bytes + " bytes"), line);
    assertTrue(line.contains((bytes + site.read("css/app.css.gz").length) + " in memory"), line);
    assertTrue(line.contains("http://127.0.0.1:" + server.actualPort() + "/static/"), line);
    Matcher built = Pattern.compile("built in (\\d+) ms").matcher(line);
    assertTrue(built.find(), line);
  }

  @Test
  void serveServesTheFilesUnderThePrefix(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    HttpServer server = Cli.serve(vertx, new Cli.ServeCommand("127.0.0.1", 0, "/static/", List.of(dir.toString())),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort())
        .setDecompressionSupported(false)
        .setFollowRedirects(false));

    HttpResponse<Buffer> res = client.get("/static/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
  }

  @Test
  void serveDoesNotServeTheFilesOutsideThePrefix(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n");
    HttpServer server = Cli.serve(vertx, new Cli.ServeCommand("127.0.0.1", 0, "/static/", List.of(dir.toString())),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort())
        .setFollowRedirects(false));

    HttpResponse<Buffer> res = client.get("/css/app.css").send().await();

    assertEquals(404, res.statusCode());
  }
}
