package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.testing.Site;

/**
 * Runs after the first: what is up to date is left alone. A variant is marked by replacing its
 * bytes with a marker (keeping its time): a run that rewrote it would remove the marker.
 */
class TreeCompressorIncrementalTest {

  private static final byte[] MARKER = "not rewritten".getBytes(StandardCharsets.US_ASCII);
  private static final TreeCompressor COMPRESSOR = new TreeCompressor(Compressor.Settings.DEFAULTS, 2);

  @TempDir
  Path root;

  @BeforeEach
  void firstRun() throws IOException {
    new Site(root).write("css/app.css", Site.css(2_000));
    new Site(root).write("js/app.js", "var a = 1;\n".repeat(1_000).getBytes(StandardCharsets.UTF_8));
    new Site(root).write("data/blob.bin", Site.random(20_000, 11));
    new Site(root).write("img/photo.png", Site.random(1_000, 12));
    TreeCompressor.Summary first = COMPRESSOR.compressTree(root, p -> { });
    assertEquals(3, first.filesCompressed());
  }

  @Test
  void aSecondRunRewritesNothing() throws IOException {
    mark("css/app.css.br");
    mark("js/app.js.gz");
    Map<String, byte[]> before = Site.contents(root);
    FileTime stateTime = Files.getLastModifiedTime(root.resolve(CompressState.FILE_NAME));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(4, second.filesSeen());
    assertEquals(0, second.filesCompressed());
    assertEquals(3, second.filesUpToDate(), "blob.bin too: its rejected variants are not recomputed");
    assertEquals(1, second.filesSkipped());
    assertTreeEquals(before, Site.contents(root));
    assertEquals(stateTime, Files.getLastModifiedTime(root.resolve(CompressState.FILE_NAME)));
  }

  @Test
  void aSecondRunReportsTheVariantsAlreadyThere() throws IOException {
    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(2, second.brotli().files());
    assertEquals(Files.size(root.resolve("css/app.css.br")) + Files.size(root.resolve("js/app.js.br")),
        second.brotli().variantBytes());
  }

  @Test
  void aChangedFileIsRedoneAndTheOthersAreNot() throws IOException {
    mark("js/app.js.br");
    byte[] changed = Site.css(2_500);
    Files.write(root.resolve("css/app.css"), changed);
    Files.setLastModifiedTime(root.resolve("css/app.css"), FileTime.fromMillis(Site.MODIFIED.toMillis() + 60_000));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(1, second.filesCompressed());
    assertEquals(2, second.filesUpToDate());
    assertArrayEquals(changed, Site.unbrotli(Files.readAllBytes(root.resolve("css/app.css.br"))));
    assertArrayEquals(changed, Site.unzstd(Files.readAllBytes(root.resolve("css/app.css.zst"))));
    assertArrayEquals(changed, Site.gunzip(Files.readAllBytes(root.resolve("css/app.css.gz"))));
    assertArrayEquals(MARKER, Files.readAllBytes(root.resolve("js/app.js.br")));
  }

  @Test
  void aFileChangedToTheSameTimeButAnotherSizeIsRedone() throws IOException {
    byte[] changed = Site.css(2_001);
    new Site(root).write("css/app.css", changed);

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(1, second.filesCompressed());
    assertArrayEquals(changed, Site.gunzip(Files.readAllBytes(root.resolve("css/app.css.gz"))));
  }

  @Test
  void aVariantThatNoLongerQualifiesIsRemoved() throws IOException {
    Files.write(root.resolve("css/app.css"), Site.random(30_000, 13));
    Files.setLastModifiedTime(root.resolve("css/app.css"), FileTime.fromMillis(Site.MODIFIED.toMillis() + 60_000));

    COMPRESSOR.compressTree(root, p -> { });

    assertFalse(Files.exists(root.resolve("css/app.css.br")));
    assertFalse(Files.exists(root.resolve("css/app.css.zst")));
    assertFalse(Files.exists(root.resolve("css/app.css.gz")));
  }

  @Test
  void aDeletedVariantIsMadeAgain() throws IOException {
    Files.delete(root.resolve("js/app.js.zst"));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(1, second.filesCompressed());
    assertArrayEquals(Files.readAllBytes(root.resolve("js/app.js")),
        Site.unzstd(Files.readAllBytes(root.resolve("js/app.js.zst"))));
  }

  @Test
  void aVariantWithAnotherTimeIsMadeAgain() throws IOException {
    mark("js/app.js.gz");
    Files.setLastModifiedTime(root.resolve("js/app.js.gz"), FileTime.fromMillis(Site.MODIFIED.toMillis() + 1_000));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(1, second.filesCompressed());
    assertArrayEquals(Codecs.gzip(Files.readAllBytes(root.resolve("js/app.js")), 9),
        Files.readAllBytes(root.resolve("js/app.js.gz")));
  }

  @Test
  void changedSettingsRedoEveryFile() throws IOException {
    mark("css/app.css.gz");

    Compressor.Settings d = Compressor.Settings.DEFAULTS;
    TreeCompressor.Summary second = new TreeCompressor(new Compressor.Settings(d.brotliQuality(), d.zstdLevel(), 1,
        d.maxRatio()), 2).compressTree(root, p -> { });

    assertEquals(3, second.filesCompressed());
    assertEquals(0, second.filesUpToDate());
    assertArrayEquals(Codecs.gzip(Files.readAllBytes(root.resolve("css/app.css")), 1),
        Files.readAllBytes(root.resolve("css/app.css.gz")));
  }

  @Test
  void aLostStateFileRedoesEveryFile() throws IOException {
    Files.delete(root.resolve(CompressState.FILE_NAME));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(3, second.filesCompressed());
  }

  @Test
  void aStateFileThatCannotBeParsedRedoesEveryFile() throws IOException {
    Path state = root.resolve(CompressState.FILE_NAME);
    Files.writeString(state, Files.readString(state) + "garbage\n");

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(3, second.filesCompressed());
  }

  @Test
  void aNewFileIsCompressedAlone() throws IOException {
    new Site(root).write("css/new.css", Site.css(700));

    TreeCompressor.Summary second = COMPRESSOR.compressTree(root, p -> { });

    assertEquals(1, second.filesCompressed());
    assertEquals(3, second.filesUpToDate());
    assertArrayEquals(Site.css(700), Site.unbrotli(Files.readAllBytes(root.resolve("css/new.css.br"))));
  }

  /** Replaces a variant's bytes with the marker, keeping its modification time. */
  private void mark(String rel) throws IOException {
    Path p = root.resolve(rel);
    FileTime t = Files.getLastModifiedTime(p);
    Files.write(p, MARKER);
    Files.setLastModifiedTime(p, t);
  }

  private static void assertTreeEquals(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
  }
}
