package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.testing.Site;

/** The order variants are made in ({@link Schedule}) and the sharing of a file's bytes between its jobs. */
class TreeCompressorScheduleTest {

  private static final Compressor COMPRESSOR = new Compressor(Compressor.Settings.DEFAULTS);

  /** Files of distinct sizes, the largest not first by name, and one that is not compressible. */
  private static final Map<String, Integer> RULES = Map.of("a/small.css", 50, "b/large.css", 6_000,
      "c/medium.css", 1_500, "d/tiny.css", 5, "e/mid.js", 900);

  @Test
  void oneThreadMakesEveryVariantOnceTheLongestFirst(@TempDir Path root) throws IOException {
    writeTree(root);
    List<Schedule.Job> jobs = new ArrayList<>();

    new TreeCompressor(Compressor.Settings.DEFAULTS, 1).compressTree(root, n -> { }, p -> { }, jobs::add);

    assertEquals(RULES.size() * Encoding.STORED.size(), jobs.size());
    assertEquals(allPairs(), pairs(jobs), "every file and coding");
    assertEquals("b/large.css br", name(jobs.get(0)), "brotli of the largest file comes first");
    for (int i = 1; i < jobs.size(); i++) {
      assertTrue(jobs.get(i - 1).cost() >= jobs.get(i).cost(), name(jobs.get(i - 1)) + " before " + name(jobs.get(i)));
    }
    // The largest file's gzip is not left to the end, nor its zstd done before others' brotli.
    assertTrue(indexOf(jobs, "b/large.css gz") < indexOf(jobs, "a/small.css br"), names(jobs).toString());
    assertTrue(indexOf(jobs, "b/large.css zst") > indexOf(jobs, "c/medium.css br"), names(jobs).toString());
  }

  @Test
  void threeThreadsMakeEveryVariantOnceWithTheBytesOfOneThread(@TempDir Path a, @TempDir Path b)
      throws IOException {
    writeTree(a);
    writeTree(b);
    List<Schedule.Job> jobs = Collections.synchronizedList(new ArrayList<>());

    new TreeCompressor(Compressor.Settings.DEFAULTS, 1).compressTree(a, p -> { });
    new TreeCompressor(Compressor.Settings.DEFAULTS, 3).compressTree(b, n -> { }, p -> { }, jobs::add);

    assertEquals(RULES.size() * Encoding.STORED.size(), jobs.size());
    assertEquals(allPairs(), pairs(jobs));
    Map<String, byte[]> ta = Site.contents(a);
    Map<String, byte[]> tb = Site.contents(b);
    assertEquals(ta.keySet(), tb.keySet());
    assertTrue(ta.containsKey("b/large.css.br") && ta.containsKey(CompressState.FILE_NAME), ta.keySet().toString());
    for (String k : ta.keySet()) {
      assertArrayEquals(ta.get(k), tb.get(k), k);
    }
  }

  @Test
  void aFileIsReportedDoneOnceAfterItsLastVariant(@TempDir Path root) throws IOException {
    writeTree(root);
    List<String> made = Collections.synchronizedList(new ArrayList<>());
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<Path> done = Collections.synchronizedList(new ArrayList<>());
    Path real = root.toRealPath();

    new TreeCompressor(Compressor.Settings.DEFAULTS, 3).compressTree(root, n -> { }, file -> {
      String rel = real.relativize(file).toString().replace('\\', '/');
      long variants;
      synchronized (made) {
        variants = made.stream().filter(m -> m.startsWith(rel + " ")).count();
      }
      if (variants != (RULES.containsKey(rel) ? Encoding.STORED.size() : 0)) {
        problems.add(rel + " reported done after " + variants + " variants");
      }
      done.add(file);
    }, job -> made.add(name(job)));

    assertEquals(List.of(), problems);
    assertEquals(RULES.size() + 1, done.size(), "the png too");
    assertEquals(RULES.size() + 1, new HashSet<>(done).size());
  }

  @Test
  void aFileBeyondTheMemoryBudgetIsReadAgainForEachVariant(@TempDir Path root) throws IOException {
    byte[] css = Site.css(2_000);
    Path file = new Site(root).write("app.css", css);
    AtomicLong full = new AtomicLong(Long.MAX_VALUE / 2);
    FileJob job = new FileJob(file, "app.css", css.length, Site.MODIFIED, COMPRESSOR, full);

    for (Encoding c : Encoding.STORED) {
      job.make(c);
    }

    assertEquals(Long.MAX_VALUE / 2, full.get(), "nothing kept");
    assertEquals(new CompressState.Entry(css.length, Site.MODIFIED, "br,zst,gz"), job.outcome().entry());
    assertArrayEquals(Codecs.brotli(css, 11), Files.readAllBytes(root.resolve("app.css.br")));
    assertArrayEquals(Codecs.zstd(css, 18), Files.readAllBytes(root.resolve("app.css.zst")));
    assertArrayEquals(Codecs.gzip(css, 9), Files.readAllBytes(root.resolve("app.css.gz")));
  }

  @Test
  void theBytesKeptForAFileAreReleasedWithItsLastVariant(@TempDir Path root) throws IOException {
    byte[] css = Site.css(2_000);
    Path file = new Site(root).write("app.css", css);
    AtomicLong kept = new AtomicLong();
    FileJob job = new FileJob(file, "app.css", css.length, Site.MODIFIED, COMPRESSOR, kept);

    job.make(Encoding.BROTLI);
    assertEquals(css.length, kept.get(), "kept for the two variants to come");
    assertNull(job.outcome(), "not done yet");
    job.make(Encoding.GZIP);
    job.make(Encoding.ZSTD);

    assertEquals(0, kept.get());
    assertEquals(new CompressState.Entry(css.length, Site.MODIFIED, "br,zst,gz"), job.outcome().entry());
  }

  private static void writeTree(Path root) throws IOException {
    for (Map.Entry<String, Integer> e : RULES.entrySet()) {
      new Site(root).write(e.getKey(), Site.css(e.getValue()));
    }
    new Site(root).write("f/logo.png", "not really a png".getBytes(StandardCharsets.US_ASCII));
  }

  private static Set<String> allPairs() {
    Set<String> all = new HashSet<>();
    for (String rel : RULES.keySet()) {
      for (Encoding c : Encoding.STORED) {
        all.add(rel + " " + c.extension());
      }
    }
    return all;
  }

  private static Set<String> pairs(List<Schedule.Job> jobs) {
    return new HashSet<>(names(jobs));
  }

  private static List<String> names(List<Schedule.Job> jobs) {
    synchronized (jobs) {
      return jobs.stream().map(TreeCompressorScheduleTest::name).toList();
    }
  }

  private static String name(Schedule.Job job) {
    return job.file().rel() + " " + job.encoding().extension();
  }

  private static int indexOf(List<Schedule.Job> jobs, String name) {
    return names(jobs).indexOf(name);
  }
}
