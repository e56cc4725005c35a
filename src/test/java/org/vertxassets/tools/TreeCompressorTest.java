package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.testing.Site;

/** What one run of the compressor leaves in a tree. Incremental runs: {@link TreeCompressorIncrementalTest}. */
class TreeCompressorTest {

  private static final TreeCompressor COMPRESSOR = new TreeCompressor(Compressor.Settings.DEFAULTS, 2);

  @TempDir
  Path root;

  @Test
  void everyVariantDecodesToItsOriginal() throws IOException {
    byte[] css = Site.css(4_000);
    byte[] js = "function hello(name) { return 'hello ' + name; }\n".repeat(300).getBytes(StandardCharsets.UTF_8);
    new Site(root).write("css/app.css", css);
    new Site(root).write("js/deep/app.js", js);

    COMPRESSOR.compressTree(root, p -> { });

    for (Map.Entry<String, byte[]> f : Map.of("css/app.css", css, "js/deep/app.js", js).entrySet()) {
      Path p = root.resolve(f.getKey());
      assertArrayEquals(f.getValue(), Site.unbrotli(Files.readAllBytes(Path.of(p + ".br"))), f.getKey() + ".br");
      assertArrayEquals(f.getValue(), Site.unzstd(Files.readAllBytes(Path.of(p + ".zst"))), f.getKey() + ".zst");
      assertArrayEquals(f.getValue(), Site.gunzip(Files.readAllBytes(Path.of(p + ".gz"))), f.getKey() + ".gz");
    }
  }

  @Test
  void variantsAreTheCodecsBytesAtTheSettingsLevels() throws IOException {
    byte[] css = Site.css(2_000);
    new Site(root).write("app.css", css);

    new TreeCompressor(new Compressor.Settings(5, 3, 6, 0.95), 1).compressTree(root, p -> { });

    assertArrayEquals(Codecs.brotli(css, 5), Files.readAllBytes(root.resolve("app.css.br")));
    assertArrayEquals(Codecs.zstd(css, 3), Files.readAllBytes(root.resolve("app.css.zst")));
    assertArrayEquals(Codecs.gzip(css, 6), Files.readAllBytes(root.resolve("app.css.gz")));
  }

  @Test
  void variantsGetTheModificationTimeOfTheirOriginal() throws IOException {
    new Site(root).write("app.css", Site.css(1_000));

    COMPRESSOR.compressTree(root, p -> { });

    for (String suffix : List.of(".br", ".zst", ".gz")) {
      assertEquals(Site.MODIFIED, Files.getLastModifiedTime(root.resolve("app.css" + suffix)), suffix);
    }
  }

  @Test
  void incompressibleBytesGetNoVariant() throws IOException {
    new Site(root).write("blob.bin", Site.random(50_000, 3));

    TreeCompressor.Summary summary = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(Set.of("blob.bin"), visibleFiles());
    assertEquals(1, summary.filesCompressed());
    assertEquals(0, summary.brotli().files() + summary.zstd().files() + summary.gzip().files());
  }

  @Test
  void aVariantLargerThanTheRatioIsNotKept() throws IOException {
    // Half random, half repeated: brotli saves a little under half, so 0.95 keeps it and 0.4 does not.
    byte[] half = Site.random(20_000, 5);
    byte[] mixed = new byte[40_000];
    System.arraycopy(half, 0, mixed, 0, half.length);
    new Site(root).write("mixed.dat", mixed);

    new TreeCompressor(new Compressor.Settings(11, 19, 9, 0.4), 1).compressTree(root, p -> { });
    assertEquals(Set.of("mixed.dat"), visibleFiles());

    new TreeCompressor(new Compressor.Settings(11, 19, 9, 0.95), 1).compressTree(root, p -> { });
    assertEquals(Set.of("mixed.dat", "mixed.dat.br", "mixed.dat.zst", "mixed.dat.gz"), visibleFiles());
  }

  @Test
  void emptyFilesGetNoVariant() throws IOException {
    new Site(root).write("empty.css", new byte[0]);

    COMPRESSOR.compressTree(root, p -> { });

    assertEquals(Set.of("empty.css"), visibleFiles());
  }

  @Test
  void alreadyCompressedFormatsAreSkippedWhileSvgAndTtfAreCompressed() throws IOException {
    // Compressible bytes under every name: only the name decides.
    byte[] text = Site.css(500);
    for (String name : List.of("a.png", "a.jpg", "a.webp", "a.woff2", "a.woff", "a.mp4", "a.zip", "a.pdf", "a.svg",
        "a.ttf")) {
      new Site(root).write(name, text);
    }

    TreeCompressor.Summary summary = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(Set.of("a.png", "a.jpg", "a.webp", "a.woff2", "a.woff", "a.mp4", "a.zip", "a.pdf",
        "a.svg", "a.svg.br", "a.svg.zst", "a.svg.gz", "a.ttf", "a.ttf.br", "a.ttf.zst", "a.ttf.gz"), visibleFiles());
    assertEquals(10, summary.filesSeen());
    assertEquals(8, summary.filesSkipped());
    assertEquals(2, summary.filesCompressed());
  }

  @Test
  void hiddenFilesAndFoldersAreLeftAlone() throws IOException {
    new Site(root).write(".env", Site.css(500));
    new Site(root).write(".git/config.txt", Site.css(500));
    new Site(root).write("a/.cache/x.css", Site.css(500));

    TreeCompressor.Summary summary = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(0, summary.filesSeen());
    assertEquals(Set.of(".env", ".git/config.txt", "a/.cache/x.css", CompressState.FILE_NAME), allFiles());
  }

  @Test
  void variantsOfAFileAreNotCompressedAgainButAStandaloneArchiveIsSeen() throws IOException {
    new Site(root).write("app.css", Site.css(500));
    new Site(root).write("app.css.gz", Codecs.gzip(Site.css(500), 1));
    new Site(root).write("backup.gz", Codecs.gzip(Site.css(500), 1));

    TreeCompressor.Summary summary = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(Set.of("app.css", "app.css.br", "app.css.zst", "app.css.gz", "backup.gz"), visibleFiles());
    assertEquals(2, summary.filesSeen(), "app.css and backup.gz");
    assertEquals(1, summary.filesSkipped(), "backup.gz");
    assertArrayEquals(Codecs.gzip(Site.css(500), 9), Files.readAllBytes(root.resolve("app.css.gz")),
        "the old variant is replaced");
  }

  @Test
  void summaryCountsTheBytesOfEveryVariant() throws IOException {
    byte[] a = Site.css(1_000);
    byte[] b = Site.css(3_000);
    new Site(root).write("a.css", a);
    new Site(root).write("b.css", b);
    new Site(root).write("c.png", a);

    TreeCompressor.Summary s = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(3, s.filesSeen());
    assertEquals(2, s.filesCompressed());
    assertEquals(0, s.filesUpToDate());
    assertEquals(1, s.filesSkipped());
    long original = a.length + b.length;
    assertEquals(new TreeCompressor.Totals(2, original, size("a.css.br") + size("b.css.br")), s.brotli());
    assertEquals(new TreeCompressor.Totals(2, original, size("a.css.zst") + size("b.css.zst")), s.zstd());
    assertEquals(new TreeCompressor.Totals(2, original, size("a.css.gz") + size("b.css.gz")), s.gzip());
    assertFalse(s.elapsed().isNegative());
  }

  @Test
  void everyFileSeenIsReportedDoneOnce() throws IOException {
    for (int i = 0; i < 20; i++) {
      new Site(root).write("f" + i + ".css", Site.css(50 + i));
    }
    new Site(root).write("x.png", Site.css(50));
    List<Path> done = Collections.synchronizedList(new ArrayList<>());

    new TreeCompressor(Compressor.Settings.DEFAULTS, 4).compressTree(root, done::add);

    assertEquals(21, done.size());
    assertEquals(21, new TreeSet<>(done).size());
  }

  @Test
  void twoRunsOnCopiesOfATreeGiveIdenticalTrees(@TempDir Path a, @TempDir Path b) throws IOException {
    for (Path r : List.of(a, b)) {
      new Site(r).write("css/site.css", Site.css(3_000));
      new Site(r).write("js/app.js", "let x = 1;\n".repeat(2_000).getBytes(StandardCharsets.UTF_8));
      new Site(r).write("data/blob.bin", Site.random(10_000, 9));
      new Site(r).write("img/logo.svg", "<svg><g/></svg>\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    }

    new TreeCompressor(Compressor.Settings.DEFAULTS, 1).compressTree(a, p -> { });
    new TreeCompressor(Compressor.Settings.DEFAULTS, 3).compressTree(b, p -> { });

    Map<String, byte[]> ta = Site.contents(a);
    Map<String, byte[]> tb = Site.contents(b);
    assertEquals(ta.keySet(), tb.keySet());
    assertTrue(ta.containsKey("css/site.css.br") && ta.containsKey(CompressState.FILE_NAME), ta.keySet().toString());
    for (String k : ta.keySet()) {
      assertArrayEquals(ta.get(k), tb.get(k), k);
      if (!k.equals(CompressState.FILE_NAME)) {
        assertEquals(Files.getLastModifiedTime(a.resolve(k)), Files.getLastModifiedTime(b.resolve(k)), k);
      }
    }
  }

  @Test
  void aFileThatCannotBeWrittenFailsTheRunAndKeepsTheRest() throws IOException {
    // a.css is the larger, so that it starts first: after a failure no file starts.
    new Site(root).write("a.css", Site.css(2_000));
    new Site(root).write("b.css", Site.css(1_000));
    // A non-empty folder where b.css.br should go: the rename onto it fails.
    new Site(root).write("b.css.br/keep.txt", new byte[] {1});

    IOException e = assertThrows(IOException.class, () -> COMPRESSOR.compressTree(root, p -> { }));

    assertTrue(e.toString().contains("b.css.br"), e.toString());
    assertTrue(Files.exists(root.resolve("a.css.br")), "the other file is done");
    assertTrue(Files.readString(root.resolve(CompressState.FILE_NAME)).contains(" a.css\n"), "and recorded");
  }

  @Test
  void aMissingRootIsRefused() {
    assertThrows(java.nio.file.NotDirectoryException.class,
        () -> COMPRESSOR.compressTree(root.resolve("missing"), p -> { }));
  }

  @Test
  void noThreadsIsRefused() {
    assertEquals("threads must be at least 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new TreeCompressor(Compressor.Settings.DEFAULTS, 0)).getMessage());
  }

  private long size(String rel) throws IOException {
    return Files.size(root.resolve(rel));
  }

  /** Returns the relative paths of the tree's files that are not hidden. */
  private Set<String> visibleFiles() throws IOException {
    Set<String> names = new TreeSet<>(allFiles());
    names.removeIf(n -> n.startsWith(".") || n.contains("/."));
    return names;
  }

  private Set<String> allFiles() throws IOException {
    return new TreeSet<>(Site.contents(root).keySet());
  }
}
