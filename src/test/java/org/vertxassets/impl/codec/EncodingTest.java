package org.vertxassets.impl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncodingTest {

  @Test
  void theStoredEncodingsAreBrotliZstdAndGzipInThatOrder() {
    assertEquals(List.of(Encoding.BROTLI, Encoding.ZSTD, Encoding.GZIP), Encoding.STORED);
  }

  @Test
  void eachHasItsHeaderTokenAndFileSuffix() {
    assertEquals(List.of("identity", "br", "zstd", "gzip", "dcb", "dcz"),
        List.of(Encoding.values()).stream().map(e -> e.token).toList());
    assertEquals(List.of("", ".br", ".zst", ".gz", ".dcb", ".dcz"),
        List.of(Encoding.values()).stream().map(e -> e.suffix).toList());
    assertEquals(List.of("", "br", "zst", "gz", "dcb", "dcz"),
        List.of(Encoding.values()).stream().map(Encoding::extension).toList());
  }

  @Test
  void theVariantOfAFileIsItsSiblingWithTheSuffix() {
    assertEquals(Path.of("css", "app.css.br"), Encoding.BROTLI.variant(Path.of("css", "app.css")));
    assertEquals(Path.of("app.css.zst"), Encoding.ZSTD.variant(Path.of("app.css")));
    assertEquals(Path.of("/a/b.js.gz"), Encoding.GZIP.variant(Path.of("/a/b.js")));
  }

  @Test
  void aFileIsAVariantOnlyNextToItsOriginal() {
    Set<String> files = Set.of("app.css", "app.css.br", "app.css.zst", "app.css.gz", "backup.gz", "css/x.css",
        "css/x.css.gz", "x.css.gz");

    assertTrue(Encoding.isVariant("app.css.br", files::contains));
    assertTrue(Encoding.isVariant("app.css.zst", files::contains));
    assertTrue(Encoding.isVariant("app.css.gz", files::contains));
    assertTrue(Encoding.isVariant("css/x.css.gz", files::contains));
    assertFalse(Encoding.isVariant("backup.gz", files::contains), "no backup next to it");
    assertFalse(Encoding.isVariant("x.css.gz", files::contains), "its original is in another folder");
    assertFalse(Encoding.isVariant("app.css", files::contains));
    assertFalse(Encoding.isVariant("app.css.bz2", files::contains));
  }

  @Test
  void aVariantSuffixIsSeenWhateverIsNextToIt() {
    assertTrue(Encoding.hasVariantSuffix("backup.gz"));
    assertTrue(Encoding.hasVariantSuffix("a.zst"));
    assertTrue(Encoding.hasVariantSuffix("a.br"));
    assertFalse(Encoding.hasVariantSuffix("a.css"));
    assertFalse(Encoding.hasVariantSuffix("a.gzip"));
  }
}
