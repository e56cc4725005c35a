package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/**
 * The command line: what it prints and returns. {@code run} is only called with arguments that
 * fail, print or ask for help: a valid {@code serve} would start a Vertx the test could not close
 * ({@link ServeCommandTest} serves).
 */
class CliTest {

  /** What one {@link Cli#run(String[], PrintStream, PrintStream, Map, Map)} printed and returned. */
  record Result(int status, String out, String err) {
  }

  /** Returns what {@code vertx-assets args} prints and returns, with no environment and no -D. */
  static Result run(String... args) {
    return run(Map.of(), Map.of(), args);
  }

  /** Returns what {@code vertx-assets args} prints and returns with this environment and these -D. */
  static Result run(Map<String, String> env, Map<String, String> sys, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, sys);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Asserts that the run failed with status 2, printing nothing but {@code line} on standard error. */
  static void assertUsageError(Result result, String line) {
    assertEquals(2, result.status(), result.err());
    assertEquals("", result.out());
    assertEquals(line + "\n", result.err());
  }

  @Test
  void noArgumentsPrintsTheUsageOnStandardErrorAndReturns2() {
    Result result = run();

    assertEquals(2, result.status());
    assertEquals("", result.out());
    assertTrue(result.err().startsWith("Usage: vertx-assets [-hV] COMMAND\n"), result.err());
  }

  @Test
  void helpListsTheCommandsOnStandardOutputAndReturns0() {
    Result result = run("--help");

    assertEquals(0, result.status());
    assertEquals("", result.err());
    assertTrue(result.out().startsWith("Usage: vertx-assets [-hV] COMMAND\n"), result.out());
    for (String line : List.of(
        "  serve                Serve the files of DIR over HTTP/1.1 and HTTP/2",
        "  build                Copy SRC to OUT with content-hashed names; precompress it",
        "  compress             Write .br, .zst and .gz variants next to the files of DIR",
        "  generate-completion  Generate bash/zsh completion script for vertx-assets.",
        "  2   wrong arguments or configuration")) {
      assertTrue(result.out().contains(line + "\n"), line + " in\n" + result.out());
    }
  }

  @Test
  void serveHelpListsEveryFlagWithItsEnvironmentVariableAndDefaultAndReturns0() {
    Result result = run("serve", "--help");

    assertEquals(0, result.status());
    assertEquals("", result.err());
    String help = result.out();
    assertTrue(help.contains("Usage: vertx-assets serve [OPTIONS] [DIR...]\n"), help);
    assertTrue(help.contains("      --port=PORT                       port to listen on, 0 for any free one\n"
        + "                                        default: 8080; env VERTX_ASSETS_PORT\n"), help);
    assertTrue(help.contains("      --dev[=true|false]  "), help);
    assertTrue(help.contains("      --print-config  "), help);
    for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
      if (s.kind() != ServerSettings.Kind.PATHS) {
        assertTrue(help.contains("      " + s.flag() + (s.label() != null ? "=" + s.label() : "")), s.flag());
      }
      assertTrue(help.contains("default: " + s.defaultText() + "; env"), s.defaultText() + " in " + help);
      assertTrue(help.contains(" " + s.env() + "\n"), s.env() + " in " + help);
    }
  }

  @Test
  void helpServePrintsTheHelpOfServe() {
    assertEquals(run("serve", "--help"), run("help", "serve"));
  }

  @Test
  void theVersionIsTheJarsOrSaysItIsUnknown() {
    Result result = run("--version");

    assertEquals(0, result.status());
    assertEquals("vertx-assets (version unknown: not run from its jar)\n", result.out());
  }

  @Test
  void generateCompletionPrintsABashScriptForEveryCommand() {
    Result result = run("generate-completion");

    assertEquals(0, result.status(), result.err());
    assertTrue(result.out().contains("complete -F _complete_vertx-assets"), result.out());
    assertTrue(result.out().contains("--memory-budget"), "serve's options are completed too");
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
    assertUsageError(run("compress"),
        "vertx-assets compress: Missing required parameter: 'DIR' (see vertx-assets compress --help)");
  }

  @Test
  void unknownCommandReturns2NamingItAndTheNearestCommand() {
    Result result = run("server", "site");

    assertEquals(2, result.status());
    assertEquals("", result.out());
    assertEquals("vertx-assets: Unmatched arguments from index 0: 'server', 'site' (see vertx-assets --help)\n"
        + "Did you mean: serve?\n", result.err());
  }

  @Test
  void aMistypedOptionReturns2SuggestingTheOptionMeant(@TempDir Path dir) {
    Result result = run("serve", "--prot", "1", dir.toString());

    assertEquals(2, result.status());
    assertEquals("", result.out());
    assertEquals("vertx-assets: Unknown option: '--prot' (see vertx-assets serve --help)\n"
        + "Possible solutions: --port\n", result.err());
  }

  @Test
  void missingDirectoryReturns2WithOneLineNamingIt(@TempDir Path dir) {
    String missing = dir.resolve("no-such-site").toString();

    assertUsageError(run("serve", missing),
        "vertx-assets: roots: '" + missing + "' (" + missing + ") is not a directory; create it or correct the path");
  }

  @Test
  void nonNumericPortReturns2NamingThePortOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--port", "abc", dir.toString()),
        "vertx-assets: --port: server.port must be a whole number, got \"abc\"");
  }

  @Test
  void portOutOfRangeReturns2NamingThePortOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--port", "70000", dir.toString()),
        "vertx-assets: --port: server.port must be a number from 0 to 65535, got 70000");
  }

  @Test
  void portWithoutValueReturns2NamingThePortOption() {
    assertUsageError(run("serve", "--port"),
        "vertx-assets: Missing required parameter for option '--port' (PORT) (see vertx-assets serve --help)");
  }

  @Test
  void unknownOptionReturns2NamingIt(@TempDir Path dir) {
    assertUsageError(run("serve", "--bogus", dir.toString()),
        "vertx-assets: Unknown option: '--bogus' (see vertx-assets serve --help)");
  }

  @Test
  void negativeMemoryBudgetReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--memory-budget", "-1", dir.toString()),
        "vertx-assets: --memory-budget: memoryBudget must be 0 or more bytes, got -1");
  }

  @Test
  void memoryMaxFileSizeBeyondAnArrayReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--memory-max-file-size", "4294967296", dir.toString()),
        "vertx-assets: --memory-max-file-size: memoryMaxFileSize must be from 0 to 2147483639 bytes, got 4294967296");
  }

  @Test
  void nonNumericOpenFileLimitReturns2NamingTheOption(@TempDir Path dir) {
    assertUsageError(run("serve", "--open-file-limit", "many", dir.toString()),
        "vertx-assets: --open-file-limit: openFileLimit must be a whole number, got \"many\"");
  }

  @Test
  void aFlagThatIsNeitherTrueNorFalseReturns2NamingIt(@TempDir Path dir) {
    assertUsageError(run("serve", "--dev=yes", dir.toString()),
        "vertx-assets: Invalid value for option '--dev': 'yes' is not a boolean (see vertx-assets serve --help)");
  }

  @Test
  void serveWithoutDirectoryReturns2() {
    assertUsageError(run("serve"), "vertx-assets: serve needs at least one directory, as in: serve examples/site"
        + " (or \"roots\" in --conf, or VERTX_ASSETS_ROOTS)");
  }

  @Test
  void aPrefixWithoutALeadingSlashReturns2NamingTheFlag(@TempDir Path dir) {
    assertUsageError(run("serve", "--prefix", "static", dir.toString()), "vertx-assets: --prefix: mountPath must be"
        + " a URL path that starts with '/', such as \"/static/\", got 'static'");
  }

  @Test
  void printConfigPrintsTheMergedConfigurationAndReturns0(@TempDir Path dir) {
    Result result = run("serve", "--print-config", "--port", "9000", "--dev", dir.toString());

    assertEquals(0, result.status(), result.err());
    assertEquals("", result.err());
    JsonObject config = new JsonObject(result.out());
    assertEquals(9000, config.getJsonObject("server").getInteger("port"));
    assertEquals(true, config.getBoolean("dev"));
    assertEquals(List.of(dir.toString()), config.getJsonArray("roots").getList());
  }

  @Test
  void theImmutablePatternComesFromItsFlagItsEnvironmentVariableOrItsProperty(@TempDir Path dir) {
    Result flag = run("serve", "--print-config", "--immutable-pattern", "^.+\\.v[0-9]+\\.js$", dir.toString());
    Result env = run(Map.of("VERTX_ASSETS_IMMUTABLE_PATTERN", "^x$"), Map.of(), "serve", "--print-config", dir.toString());
    Result sys = run(Map.of(), Map.of("vertxassets.immutable-pattern", "^y$"), "serve", "--print-config", dir.toString());
    Result bad = run("serve", "--immutable-pattern", "app.(css", dir.toString());

    assertEquals("^.+\\.v[0-9]+\\.js$", new JsonObject(flag.out()).getString("immutablePattern"), flag.err());
    assertEquals("^x$", new JsonObject(env.out()).getString("immutablePattern"), env.err());
    assertEquals("^y$", new JsonObject(sys.out()).getString("immutablePattern"), sys.err());
    assertEquals(2, bad.status());
    assertTrue(bad.err().startsWith("vertx-assets: --immutable-pattern: immutablePattern is not a valid regular expression"),
        bad.err());
  }
}
