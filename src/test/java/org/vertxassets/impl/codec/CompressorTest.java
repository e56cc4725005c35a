package org.vertxassets.impl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.vertxassets.testing.Site;

/** The compressor the tools and warm-up share: its levels, its size ratio and its settings. */
class CompressorTest {

  private static final Compressor DEFAULTS = new Compressor(Compressor.Settings.DEFAULTS);

  @Test
  void compressesEachEncodingWithItsCodecAtTheSettingsLevel() {
    byte[] css = Site.css(2_000);
    Compressor compressor = new Compressor(new Compressor.Settings(5, 3, 6, 0.95));

    assertArrayEquals(Codecs.brotli(css, 5), compressor.compress(Encoding.BROTLI, css));
    assertArrayEquals(Codecs.zstd(css, 3), compressor.compress(Encoding.ZSTD, css));
    assertArrayEquals(Codecs.gzip(css, 6), compressor.compress(Encoding.GZIP, css));
  }

  @Test
  void makesEachDeltaWithItsCodecAtTheSettingsLevel() {
    byte[] old = Site.css(2_000);
    byte[] css = Site.css(2_001);
    Compressor compressor = new Compressor(new Compressor.Settings(5, 3, 6, 0.95));

    assertArrayEquals(Deltas.dcb(css, old, 5), compressor.delta(Encoding.DCB, css, old));
    assertArrayEquals(Deltas.dcz(css, old, 3), compressor.delta(Encoding.DCZ, css, old));
    assertEquals("br is made without a dictionary: no delta",
        assertThrows(IllegalArgumentException.class, () -> compressor.delta(Encoding.BROTLI, css, old)).getMessage());
  }

  @Test
  void theDefaultsAreBrotli11Zstd18Gzip9AndARatioOf095() {
    Compressor.Settings d = Compressor.Settings.DEFAULTS;

    assertEquals(11, d.level(Encoding.BROTLI));
    assertEquals(18, d.level(Encoding.ZSTD));
    assertEquals(9, d.level(Encoding.GZIP));
    assertEquals(0.95, d.maxRatio());
  }

  @Test
  void aVariantIsKeptWhenAtMostTheRatioOfItsSource() {
    assertTrue(DEFAULTS.keeps(100, 95));
    assertFalse(DEFAULTS.keeps(100, 96));
    assertFalse(DEFAULTS.keeps(0, 0), "an empty source gets no variant");
  }

  @Test
  void variantReturnsTheCompressedBytesOrNullWhenTheySaveTooLittle() {
    byte[] css = Site.css(2_000);
    byte[] random = Site.random(20_000, 7);

    assertArrayEquals(Codecs.gzip(css, 9), DEFAULTS.variant(Encoding.GZIP, css));
    assertNull(DEFAULTS.variant(Encoding.GZIP, random));
    assertNull(DEFAULTS.variant(Encoding.BROTLI, new byte[0]));
  }

  @Test
  void identityIsNotAVariant() {
    assertEquals("no variant is made in identity", assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.compress(Encoding.IDENTITY, new byte[1])).getMessage());
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheSetting() {
    assertEquals("brotliQuality must be from 0 to 11: -1", assertThrows(IllegalArgumentException.class,
        () -> new Compressor.Settings(-1, 19, 9, 0.95)).getMessage());
    assertEquals("zstdLevel must be from 1 to 22: 23", assertThrows(IllegalArgumentException.class,
        () -> new Compressor.Settings(11, 23, 9, 0.95)).getMessage());
    assertEquals("gzipLevel must be from 1 to 9: 0", assertThrows(IllegalArgumentException.class,
        () -> new Compressor.Settings(11, 19, 0, 0.95)).getMessage());
    assertEquals("maxRatio must be greater than 0 and at most 1: 1.5", assertThrows(IllegalArgumentException.class,
        () -> new Compressor.Settings(11, 19, 9, 1.5)).getMessage());
  }

  @Test
  void theFingerprintNamesEverySetting() {
    assertEquals("brotli 11 zstd 18 gzip 9 max-ratio 0.95", Compressor.Settings.DEFAULTS.fingerprint());
  }

  @Test
  void thePoolsThreadsAreNamedDaemons() throws Exception {
    ExecutorService pool = Compressor.newPool(1);
    try {
      Thread thread = pool.submit(Thread::currentThread).get();

      assertEquals("vertx-assets-compress-1", thread.getName());
      assertTrue(thread.isDaemon());
    } finally {
      pool.shutdown();
    }
  }
}
