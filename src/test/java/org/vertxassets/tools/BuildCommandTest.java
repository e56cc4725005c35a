package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** The {@code build SRC OUT} command line: exit statuses, messages and flags. */
class BuildCommandTest {

  /** What one run printed and returned. */
  private record Result(int status, String out, String err) {
  }

  private Site tree;
  private String src;
  private String out;

  @BeforeEach
  void writeSrc(@TempDir Path dir) {
    tree = Site.source(dir).with("css/app.css", "a { b: url(../img/logo.png) }\n").with("img/logo.png", "PNG");
    src = tree.root.toString();
    out = tree.out.toString();
  }

  private static Result run(boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = BuildCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Result run(String... args) {
    return run(false, args);
  }

  /** Asserts a status, nothing on standard output, and one line on standard error that contains {@code text}. */
  private static void assertError(int status, Result result, String text) {
    assertEquals(status, result.status(), result.err());
    assertEquals("", result.out());
    String line = result.err().strip();
    assertFalse(line.contains("\n"), "one line: " + result.err());
    assertTrue(line.startsWith("vertx-assets build: ") && line.contains(text), "should name " + text + ": " + line);
  }

  @Test
  void buildsAndPrintsASummaryOnStandardOutput() {
    Result result = run("--no-compress", src, out);

    assertEquals(0, result.status(), result.err());
    assertEquals("", result.err());
    assertTrue(result.out().matches("vertx-assets build: 2 files, \\d+ bytes -> " + out + ": 1 reference rewritten,"
        + " 0 warnings, 0 stale files removed, in \\d+ ms\n"), result.out());
    assertTrue(Files.isRegularFile(tree.out.resolve("manifest.json")));
    assertTrue(tree.built("css/app.css").contains("logo." + tree.hashOf("img/logo.png") + ".png"));
  }

  @Test
  void printsEachWarningWithFileAndLineAndStillReturns0() {
    tree.write("css/app.css", "a {}\na { b: url(missing.png) }\n");

    Result result = run(src, out);

    assertEquals(0, result.status());
    assertEquals("warning: css/app.css:2: url(missing.png): no such file\n", result.err());
    assertTrue(result.out().contains(" 1 warning,"), result.out());
  }

  @Test
  void strictReturns1WithTheReferencesToFixAndWritesNothing() {
    tree.write("css/app.css", "a {}\na { b: url(missing.png) }\n");

    Result result = run("--strict", src, out);

    assertEquals(1, result.status());
    assertEquals("", result.out());
    assertEquals("error: css/app.css:2: url(missing.png): no such file\nvertx-assets build: 1 reference cannot be"
        + " rewritten and the build is strict; nothing was written; fix the references above, or build without"
        + " --strict\n",
        result.err());
    assertFalse(Files.exists(tree.out));
  }

  @Test
  void quietPrintsNothingButWarnings() {
    tree.write("css/other.css", "a { b: url(missing.png) }");

    Result result = run("--quiet", src, out);

    assertEquals(0, result.status());
    assertEquals("", result.out());
    assertEquals("warning: css/other.css:1: url(missing.png): no such file\n", result.err());
  }

  @Test
  void noUnhashedWritesOnlyHashedNames() {
    Result result = run("--no-unhashed", src, out);

    assertEquals(0, result.status(), result.err());
    assertFalse(Files.exists(tree.out.resolve("css/app.css")));
    assertFalse(Files.exists(tree.out.resolve("img/logo.png")));
    assertTrue(Files.exists(tree.out.resolve("img/logo." + Site.hash("PNG") + ".png")));
  }

  @Test
  void showsProgressOnATerminalOnlyOnStandardErrorAndNotWhenQuiet() {
    Result shown = run(true, src, out);
    Result quiet = run(true, "--quiet", src, out);

    assertTrue(shown.err().startsWith("\rvertx-assets build: hashing 1/2"), shown.err());
    assertTrue(shown.err().contains("writing 4/4"), shown.err());
    assertTrue(shown.err().endsWith("\r"), "the progress line is cleared: " + shown.err());
    assertFalse(shown.out().contains("\r"));
    assertEquals("", quiet.err());
  }

  @Test
  void buildThenCompressesOutWithTheSummaryOfBoth() throws Exception {
    tree.write("js/app.js", "console.log('a long enough script to be worth compressing');\n".repeat(40));

    Result result = run(src, out);

    assertEquals(0, result.status(), result.err());
    assertTrue(result.out().startsWith("vertx-assets build: "), result.out());
    assertTrue(result.out().contains("compressed"), "the summary of compress follows: " + result.out());
    String hashed = "js/app." + tree.hashOf("js/app.js") + ".js";
    for (String suffix : new String[] {".br", ".zst", ".gz"}) {
      assertTrue(Files.isRegularFile(tree.out.resolve(hashed + suffix)), hashed + suffix);
      assertTrue(Files.isRegularFile(tree.out.resolve("js/app.js" + suffix)), "js/app.js" + suffix);
    }
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(tree.out.resolve(hashed + ".gz")))) {
      assertArrayEquals(Files.readAllBytes(tree.out.resolve(hashed)), in.readAllBytes());
    }
  }

  @Test
  void aStaleHashedFileGoesWithItsCompressedSiblings() throws Exception {
    tree.write("js/app.js", "console.log('version one, long enough to be compressed');\n".repeat(40));
    assertEquals(0, run("--keep-releases", "1", src, out).status());
    String old = "js/app." + tree.hashOf("js/app.js") + ".js";
    assertTrue(Files.isRegularFile(tree.out.resolve(old + ".br")));

    tree.write("js/app.js", "console.log('version two, long enough to be compressed');\n".repeat(40));
    assertEquals(0, run("--keep-releases", "1", src, out).status());

    for (String suffix : new String[] {"", ".br", ".zst", ".gz"}) {
      assertFalse(Files.exists(tree.out.resolve(old + suffix)), old + suffix + " is stale");
    }
  }

  @Test
  void theHashedFilesOfTheLastThreeReleasesAreKeptAndAnOlderOneGoesWithItsSiblings() throws Exception {
    List<String> versions = new java.util.ArrayList<>();
    for (int release = 1; release <= 4; release++) {
      tree.write("js/app.js", ("console.log('release " + release + ", long enough to be compressed');\n").repeat(40));
      assertEquals(0, run(src, out).status());
      versions.add("js/app." + tree.hashOf("js/app.js") + ".js");
    }

    for (String suffix : new String[] {"", ".br", ".zst", ".gz"}) {
      assertFalse(Files.exists(tree.out.resolve(versions.get(0) + suffix)), "release 1 is beyond 3: " + suffix);
      for (String kept : versions.subList(1, 4)) {
        assertTrue(Files.isRegularFile(tree.out.resolve(kept + suffix)), kept + suffix);
      }
    }
  }

  @Test
  void keepReleasesBelowOneIsAUsageError() {
    tree.write("a.txt", "a");

    assertUsageError(run("--keep-releases", "0", src, out),
        "vertx-assets build: --keep-releases must be 1 or more (1 keeps this release only), got 0");
  }

  @Test
  void aSecondBuildOfTheSameSourceFindsEveryVariantUpToDate() {
    tree.write("js/app.js", "console.log('a script long enough to be compressed');\n".repeat(40));
    assertEquals(0, run(src, out).status());

    Result again = run(src, out);

    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains(" 0 compressed"), again.out());
  }

  @Test
  void aRebuildWithoutCompressionLeavesNoVariantOfEarlierBytes() throws Exception {
    tree.write("js/app.js", "console.log('version one, long enough to be compressed');\n".repeat(40));
    assertEquals(0, run(src, out).status());
    assertTrue(Files.isRegularFile(tree.out.resolve("js/app.js.gz")));

    tree.write("js/app.js", "console.log('version two, long enough to be compressed');\n".repeat(40));
    assertEquals(0, run("--no-compress", src, out).status());

    assertFalse(Files.exists(tree.out.resolve("js/app.js.gz")), "the .gz of version one would be served");
  }

  @Test
  void aStaleFileDoesNotTakeASiblingThisBuildWrote() throws Exception {
    tree.with("data/x.json", "{}").with("data/x.json.gz", "not really gzip");
    assertEquals(0, run("--no-compress", src, out).status());
    Files.delete(tree.root.resolve("data/x.json"));

    assertEquals(0, run("--no-compress", src, out).status());

    assertTrue(Files.isRegularFile(tree.out.resolve("data/x.json.gz")));
  }

  @Test
  void helpPrintsTheUsageWithEveryOptionOnStandardOutputAndReturns0() {
    Result result = run("--help");

    assertEquals(0, result.status());
    assertEquals("", result.err());
    assertTrue(result.out().startsWith("Copy SRC to OUT with content-hashed names; precompress it\n"
        + "Usage: build [-h] [--no-compress] [--no-unhashed] [--quiet] [--strict]\n"
        + "             [--keep-releases=N] SRC OUT\n"), result.out());
    for (String line : new String[] {
        "      --no-unhashed       write only the hashed names",
        "      --strict            fail, writing nothing, when a reference names no file",
        "      --keep-releases=N   how many releases OUT keeps the hashed files of, this",
        "      --no-compress       do not precompress OUT",
        "      --quiet             print warnings and errors only",
        "  -h, --help              print this help and exit",
        "  1   the build failed (or --strict found a reference to fix)",
        "  2   wrong arguments"}) {
      assertTrue(result.out().contains(line + "\n"), line + " in\n" + result.out());
    }
    assertEquals(result, run("-h"));
  }

  /** Asserts status 2, nothing on standard output, and exactly {@code line} on standard error. */
  private static void assertUsageError(Result result, String line) {
    assertEquals(2, result.status(), result.err());
    assertEquals("", result.out());
    assertEquals(line + "\n", result.err());
  }

  @Test
  void unknownOptionReturns2AndSuggestsTheOptionMeant() {
    Result result = run("--strit", src, out);

    assertEquals(2, result.status());
    assertEquals("", result.out());
    assertEquals("vertx-assets build: Unknown option: '--strit' (see build --help)\n"
        + "Possible solutions: --strict\n", result.err());
  }

  @Test
  void missingOperandsReturn2() {
    assertUsageError(run(), "vertx-assets build: Missing required parameters: 'SRC', 'OUT' (see build --help)");
    assertUsageError(run(src), "vertx-assets build: Missing required parameter: 'OUT' (see build --help)");
    assertUsageError(run(src, out, "extra"), "vertx-assets build: Unmatched argument at index 2: 'extra'"
        + " (see build --help)");
  }

  @Test
  void missingSrcReturns2AndNamesIt() {
    assertError(2, run(src + "/nope", out), "SRC '" + src + "/nope' does not exist; give the directory of your assets");
  }

  @Test
  void srcThatIsAFileReturns2() {
    assertError(2, run(src + "/css/app.css", out), "SRC '" + src + "/css/app.css' is not a directory");
  }

  @Test
  void outInsideOrEqualToSrcReturns2AndWritesNothing() {
    assertError(2, run(src, src), "OUT '" + src + "' is SRC itself");
    assertError(2, run(src, src + "/dist"), "OUT '" + src + "/dist' is inside SRC");
    assertError(2, run(src, src + "/css/../dist"), "is inside SRC");
    assertFalse(Files.exists(tree.root.resolve("dist")));
  }

  @Test
  void outThatContainsSrcOrIsAFileReturns2() {
    assertError(2, run(src, tree.root.getParent().toString()), "contains SRC");
    assertError(2, run(src, src + "/../src/../x/../../" + tree.root.getParent().getFileName()), "contains SRC");
    assertError(2, run(src + "/css", src + "/img/logo.png"), "exists and is not a directory");
  }

  @Test
  void aPathThatIsNoPathReturns2() {
    assertError(2, run(src, "out\0put"), "is not a path");
  }

  @Test
  void aFailedBuildReturns1() throws Exception {
    Files.createDirectories(tree.out);
    Files.writeString(tree.out.resolve("manifest.json"), "[]");

    assertError(1, run(src, out), "has a manifest.json that no build wrote");
  }

  @Test
  void doubleDashEndsTheOptions() throws Exception {
    Path dashed = tree.root.resolveSibling("-webroot");
    Files.move(tree.root, dashed);

    assertEquals(0, run("--", dashed.toString(), out).status());
  }

  @Test
  void theStandaloneMainExitsWithTheStatusOfTheBuild() throws Exception {
    tree.write("css/app.css", "a { b: url(missing.png) }\n");

    assertEquals(0, CompressCommandTest.runMain(BuildCommand.class, "--quiet", src, out));
    assertTrue(Files.isRegularFile(tree.out.resolve("manifest.json")));
    assertEquals(1, CompressCommandTest.runMain(BuildCommand.class, "--strict", src, out));
    assertEquals(2, CompressCommandTest.runMain(BuildCommand.class, "--strit", src, out));
  }
}
