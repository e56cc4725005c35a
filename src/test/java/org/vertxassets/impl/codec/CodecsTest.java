package org.vertxassets.impl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Site;

class CodecsTest {

  private static final List<byte[]> INPUTS = List.of(
      new byte[0],
      "a".getBytes(StandardCharsets.UTF_8),
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0h16v16H0z\"/></svg>\n".getBytes(StandardCharsets.UTF_8),
      Site.css(5_000),
      Site.random(70_000, 1));

  @Test
  void brotliDecodesToTheInputAtEveryQuality() throws Exception {
    for (int q : new int[] {0, 5, 11}) {
      for (byte[] input : INPUTS) {
        assertArrayEquals(input, Site.unbrotli(Codecs.brotli(input, q)), "quality " + q + ", " + input.length + " bytes");
      }
    }
  }

  @Test
  void zstdDecodesToTheInputAtEveryLevel() {
    for (int level : new int[] {1, 19, 22}) {
      for (byte[] input : INPUTS) {
        assertArrayEquals(input, Site.unzstd(Codecs.zstd(input, level)), "level " + level + ", " + input.length + " bytes");
      }
    }
  }

  @Test
  void gzipDecodesToTheInputAtEveryLevel() {
    for (int level : new int[] {1, 6, 9}) {
      for (byte[] input : INPUTS) {
        assertArrayEquals(input, Site.gunzip(Codecs.gzip(input, level)), "level " + level + ", " + input.length + " bytes");
      }
    }
  }

  @Test
  void gzipHeaderHasNoNameNoTimeAndUnknownSystem() {
    byte[] gz = Codecs.gzip(Site.css(100), 9);

    // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=2 (maximum compression) OS=255 (unknown): RFC 1952 §2.3.
    assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff}, Arrays.copyOf(gz, 10));
    assertEquals(4, Codecs.gzip(Site.css(100), 1)[8], "XFL 4: fastest");
    assertEquals(0, Codecs.gzip(Site.css(100), 6)[8], "XFL 0: neither");
  }

  @Test
  void gzipTrailerHoldsTheCrcAndTheLength() {
    byte[] input = Site.css(1_000);
    CRC32 crc = new CRC32();
    crc.update(input);

    byte[] gz = Codecs.gzip(input, 9);
    ByteBuffer trailer = ByteBuffer.wrap(gz, gz.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);

    assertEquals((int) crc.getValue(), trailer.getInt());
    assertEquals(input.length, trailer.getInt());
  }

  @Test
  void zstdFrameDeclaresItsContentSizeAndHasNoChecksum() {
    byte[] input = Site.css(2_000);

    byte[] frame = Codecs.zstd(input, 19);

    // RFC 8878 §3.1.1: magic number, then the frame header descriptor.
    assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOf(frame, 4));
    int descriptor = frame[4] & 0xff;
    assertEquals(0, descriptor & 0x04, "Content_Checksum_flag");
    assertEquals(0, descriptor & 0x03, "Dictionary_ID_flag");
    assertEquals(input.length, com.github.luben.zstd.Zstd.getFrameContentSize(frame));
  }

  @Test
  void zstdUltraLevelsKeepTheWindowWithinEightMegabytes() {
    // Larger than 8 MB, so that level 22 would pick a 128 MB window if not capped (RFC 9659 §3).
    byte[] input = new byte[9 << 20];
    byte[] block = Site.random(4096, 7);
    for (int i = 0; i < input.length; i += block.length) {
      System.arraycopy(block, 0, input, i, block.length);
    }

    byte[] frame = Codecs.zstd(input, 22);

    int descriptor = frame[4] & 0xff;
    assertEquals(0, descriptor & 0x20, "not single-segment: a window descriptor follows");
    int windowDescriptor = frame[5] & 0xff;
    int exponent = windowDescriptor >>> 3;
    assertTrue(10 + exponent <= 23, "window log " + (10 + exponent));
    assertArrayEquals(input, Site.unzstd(frame));
  }

  @Test
  void everyCodecGivesTheSameBytesEveryTime() {
    byte[] input = Site.css(3_000);

    assertArrayEquals(Codecs.brotli(input, 11), Codecs.brotli(input.clone(), 11));
    assertArrayEquals(Codecs.zstd(input, 19), Codecs.zstd(input.clone(), 19));
    assertArrayEquals(Codecs.gzip(input, 9), Codecs.gzip(input.clone(), 9));
  }

  @Test
  void levelsOutOfRangeAreRefusedNamingTheRange() {
    byte[] input = Site.css(10);

    assertEquals("brotli quality must be from 0 to 11: 12",
        assertThrows(IllegalArgumentException.class, () -> Codecs.brotli(input, 12)).getMessage());
    assertEquals("zstd level must be from 1 to 22: 0",
        assertThrows(IllegalArgumentException.class, () -> Codecs.zstd(input, 0)).getMessage());
    assertEquals("gzip level must be from 1 to 9: 10",
        assertThrows(IllegalArgumentException.class, () -> Codecs.gzip(input, 10)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.css", "app.js", "app.mjs", "data.json", "app.js.map", "logo.svg", "index.html",
      "robots.txt", "feed.xml", "module.wasm", "font.ttf", "font.otf", "favicon.ico", "image.bmp", "app.ts",
      "LICENSE", "APP.CSS", "archive.tar"})
  void textAndUncompressedBinaryFormatsAreCompressible(String name) {
    assertTrue(Codecs.isCompressible(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo.png", "photo.jpg", "photo.JPEG", "anim.gif", "photo.webp", "photo.avif",
      "font.woff", "font.woff2", "site.zip", "app.css.gz", "app.css.br", "app.css.zst", "data.xz", "data.bz2",
      "data.7z", "data.rar", "lib.jar", "movie.mp4", "movie.webm", "song.mp3", "song.ogg", "paper.pdf"})
  void alreadyCompressedFormatsAndVariantsAreNot(String name) {
    assertFalse(Codecs.isCompressible(name));
  }
}
