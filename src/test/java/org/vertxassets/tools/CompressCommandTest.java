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

  /** Asserts that the run failed with status 2 and one line on standard error that contains every text. */
  private static void assertUsageError(Result result, String... texts) {
    assertEquals(2, result.status(), result.err());
    assertEquals("", result.out());
    String line = result.err().strip();
    assertFalse(line.contains("\n"), "one line: " + result.err());
    for (String text : texts) {
      assertTrue(line.contains(text), "the line should name " + text + ": " + line);
    }
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
  void helpPrintsTheUsageAndReturns0() {
    Result r = run("--help");

    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("Usage: compress [options] DIR"), r.out());
    for (String flag : new String[] {"--threads", "--brotli-quality", "--zstd-level", "--gzip-level", "--max-ratio",
        "--quiet", "(default: 11)", "(default: 18)", "(default: 9)", "(default: 0.95)"}) {
      assertTrue(r.out().contains(flag), flag);
    }
    assertEquals(0, run("-h", "whatever").status());
  }

  @Test
  void aMissingDirectoryReturns2NamingIt() {
    Path missing = root.resolve("no-such-dir");

    assertUsageError(run(missing.toString()), "'" + missing + "' does not exist");
  }

  @Test
  void aFileInsteadOfADirectoryReturns2NamingIt() throws IOException {
    Path file = new Site(root).write("app.css", Site.css(10));

    assertUsageError(run(file.toString()), "'" + file + "' is not a directory");
  }

  @Test
  void noDirectoryReturns2SayingWhatIsMissing() {
    assertUsageError(run("--quiet"), "missing DIR", "compress target/site");
  }

  @Test
  void anUnknownOptionReturns2NamingIt() {
    assertUsageError(run("--min-ratio", "0.9", root.toString()), "unknown option '--min-ratio'", "--max-ratio");
  }

  @Test
  void twoDirectoriesReturn2() {
    assertUsageError(run(root.toString(), root.toString()), "one DIR only");
  }

  @Test
  void badValuesReturn2NamingTheOptionAndTheRange() {
    assertUsageError(run("--threads", "0", root.toString()), "--threads", "from 1 to 1024", "'0'");
    assertUsageError(run("--brotli-quality", "12", root.toString()), "--brotli-quality", "from 0 to 11");
    assertUsageError(run("--zstd-level", "x", root.toString()), "--zstd-level", "from 1 to 22", "'x'");
    assertUsageError(run("--gzip-level", "0", root.toString()), "--gzip-level", "from 1 to 9");
    assertUsageError(run("--max-ratio", "1.2", root.toString()), "--max-ratio", "at most 1");
    assertUsageError(run(root.toString(), "--threads"), "--threads needs a value");
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
}
