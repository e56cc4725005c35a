package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.testing.Site;

class CompressCommandTest {

  @TempDir
  Path root;

  /** What one {@link CompressCommand#run(String[], PrintStream, PrintStream)} printed and returned. */
  private record Result(int status, String out, String err) {
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = CompressCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Asserts that the run failed with status 2, printing nothing but {@code line} on standard error. */
  private static void assertUsageError(Result result, String line) {
    assertEquals(2, result.status(), result.err());
    assertEquals("", result.out());
    assertEquals(line + "\n", result.err());
  }

  @Test
  void compressesTheDirectoryAndPrintsTheSummary() throws IOException {
    byte[] css = Site.css(3_000);
    new Site(root).write("app.css", css);
    new Site(root).write("logo.png", Site.random(500, 1));

    Result r = run(root.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err(), "no progress line without a terminal");
    assertArrayEquals(css, Site.unbrotli(Files.readAllBytes(root.resolve("app.css.br"))));
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("2 files: 1 compressed, 0 up to date, 1 not compressible; "), lines[0]);
    assertTrue(lines[1].startsWith("encoding"), lines[1]);
    assertEquals(String.format("%-9s %7d %15d %15d", "br", 1, css.length, Files.size(root.resolve("app.css.br"))),
        lines[2].substring(0, 49));
    assertTrue(lines[3].startsWith("zstd") && lines[4].startsWith("gzip"), r.out());
  }

  @Test
  void aSecondRunReportsEveryFileUpToDate() throws IOException {
    new Site(root).write("app.css", Site.css(1_000));
    run(root.toString());

    Result r = run(root.toString());

    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("1 file: 0 compressed, 1 up to date, 0 not compressible; "), r.out());
  }

  @Test
  void optionsSetTheLevelsAndTheRatio() throws IOException {
    byte[] css = Site.css(1_000);
    new Site(root).write("app.css", css);

    Result r = run("--brotli-quality", "4", "--zstd-level=3", "--gzip-level", "1", "--max-ratio", "0.9",
        "--threads", "1", root.toString());

    assertEquals(0, r.status(), r.err());
    assertArrayEquals(Codecs.brotli(css, 4), Files.readAllBytes(root.resolve("app.css.br")));
    assertArrayEquals(Codecs.zstd(css, 3), Files.readAllBytes(root.resolve("app.css.zst")));
    assertArrayEquals(Codecs.gzip(css, 1), Files.readAllBytes(root.resolve("app.css.gz")));
    assertTrue(r.out().contains("on 1 thread\n"), r.out());
  }

  @Test
  void quietPrintsNothing() throws IOException {
    new Site(root).write("app.css", Site.css(100));

    Result r = run("--quiet", root.toString());

    assertEquals(0, r.status());
    assertEquals("", r.out());
    assertEquals("", r.err());
    assertTrue(Files.exists(root.resolve("app.css.gz")));
  }

  @Test
  void helpPrintsTheUsageWithEveryOptionAndItsDefaultAndReturns0() {
    Result r = run("--help");

    assertEquals(0, r.status());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Write .br, .zst and .gz variants next to the files of DIR\n"
        + "Usage: compress [-hq] [--brotli-quality=Q] [--gzip-level=L] [--max-ratio=R]\n"), r.out());
    int cpus = Runtime.getRuntime().availableProcessors();
    for (String line : new String[] {
        "      --threads=N          worker threads (default: the number of CPUs, " + cpus + " here)",
        "      --brotli-quality=Q   brotli quality, 0-11 (default: 11)",
        "      --zstd-level=L       zstd level, 1-22 (default: 18)",
        "      --gzip-level=L       gzip level, 1-9 (default: 9)",
        "                             size, 0 < R <= 1 (default: 0.95)",
        "  -q, --quiet              print nothing but errors",
        "  -h, --help               print this help and exit"}) {
      assertTrue(r.out().contains(line + "\n"), line + " in\n" + r.out());
    }
    assertEquals(0, run("-h", "whatever").status());
  }

  @Test
  void aMissingDirectoryReturns2NamingIt() {
    Path missing = root.resolve("no-such-dir");

    assertUsageError(run(missing.toString()), "vertx-assets compress: DIR '" + missing + "' does not exist ("
        + missing + "); give the directory of the files to compress");
  }

  @Test
  void aFileInsteadOfADirectoryReturns2NamingIt() throws IOException {
    Path file = new Site(root).write("app.css", Site.css(10));

    assertUsageError(run(file.toString()), "vertx-assets compress: DIR '" + file + "' is not a directory; give the"
        + " directory that holds the files, not a file");
  }

  @Test
  void noDirectoryReturns2SayingWhatIsMissing() {
    assertUsageError(run("--quiet"), "vertx-assets compress: Missing required parameter: 'DIR' (see compress --help)");
  }

  @Test
  void anUnknownOptionReturns2SuggestingTheOptionMeant() {
    Result r = run("--min-ratio", "0.9", root.toString());

    assertEquals(2, r.status());
    assertEquals("", r.out());
    // 0.9 is read as DIR, which leaves the directory unmatched as well.
    assertEquals("vertx-assets compress: Unknown options: '--min-ratio', '" + root + "' (see compress --help)\n"
        + "Possible solutions: --max-ratio\n", r.err());
  }

  @Test
  void twoDirectoriesReturn2() {
    assertUsageError(run(root.toString(), root.toString()), "vertx-assets compress: Unmatched argument at index 1: '"
        + root + "' (see compress --help)");
  }

  @Test
  void badValuesReturn2NamingTheOptionAndTheRange() {
    String prefix = "vertx-assets compress: ";
    String help = " (see compress --help)";
    assertUsageError(run("--threads", "0", root.toString()),
        prefix + "--threads must be a whole number from 1 to 1024, not 0" + help);
    assertUsageError(run("--brotli-quality", "12", root.toString()),
        prefix + "--brotli-quality must be a whole number from 0 to 11, not 12" + help);
    assertUsageError(run("--zstd-level", "x", root.toString()),
        prefix + "Invalid value for option '--zstd-level': 'x' is not an int" + help);
    assertUsageError(run("--gzip-level", "0", root.toString()),
        prefix + "--gzip-level must be a whole number from 1 to 9, not 0" + help);
    assertUsageError(run("--max-ratio", "1.2", root.toString()),
        prefix + "--max-ratio must be a number greater than 0 and at most 1, as 0.95, not 1.2" + help);
    assertUsageError(run(root.toString(), "--threads"),
        prefix + "Missing required parameter for option '--threads' (N)" + help);
  }

  @Test
  void aFileThatCannotBeWrittenReturns1NamingIt() throws IOException {
    new Site(root).write("app.css", Site.css(1_000));
    new Site(root).write("app.css.gz/keep.txt", new byte[] {1});

    Result r = run(root.toString());

    assertEquals(1, r.status());
    assertEquals("", r.out());
    String line = r.err().strip();
    assertFalse(line.contains("\n"), line);
    assertTrue(line.contains("app.css.gz"), line);
  }

  /** Returns the exit status of {@code java -cp <the test class path> <main> args}, as CompressBench runs it. */
  static int runMain(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ends");
    return process.exitValue();
  }

  @Test
  void theStandaloneMainExitsWithTheStatusOfTheRun() throws Exception {
    new Site(root).write("app.css", Site.css(100));

    assertEquals(0, runMain(CompressCommand.class, "--quiet", root.toString()));
    assertTrue(Files.exists(root.resolve("app.css.gz")));
    assertEquals(2, runMain(CompressCommand.class, "--quiet", root.resolve("missing").toString()));
  }
}
