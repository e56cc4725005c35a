package org.vertxassets.impl.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.vertxassets.testing.DeltaDecoders.brotliStream;
import static org.vertxassets.testing.DeltaDecoders.checkHeader;
import static org.vertxassets.testing.DeltaDecoders.unDcb;
import static org.vertxassets.testing.DeltaDecoders.unDcz;
import static org.vertxassets.testing.DeltaDecoders.zstdFrame;
import static org.vertxassets.testing.DeltaDecoders.zstdFrameOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/**
 * The RFC 9842 deltas: each decodes, with the old version as its dictionary, to exactly the new
 * bytes, by decoders that share nothing with the writer but the library (brotli4j's decoder with
 * the dictionary attached raw, as Chromium attaches it; zstd-jni's decompressor with the
 * dictionary loaded as raw content, as Chromium loads it; the zstd command line).
 */
class DeltasTest {

  /** A real Vite 8.4.1 main chunk (221 KB), the old version. */
  private static final byte[] VITE_OLD = Site.bytes(Path.of("src/test/fixtures/vite-react-ts/dist/assets/main-DDGzz98R.js"));
  /** The same chunk after one string of its component changed, as a rebuild writes it. */
  private static final byte[] VITE_NEW = new String(VITE_OLD, UTF_8).replace("Get started", "Get going, fast").getBytes(UTF_8);
  /** A stylesheet, and its next version with a rule changed, two removed and one added. */
  private static final byte[] CSS_OLD = Site.css(3_000);
  private static final byte[] CSS_NEW = new String(CSS_OLD, UTF_8).replace(".c1500{margin:4px", ".c1500{margin:5px")
      .replace(".c20{margin:3px;color:#104c54}\n.c21{margin:4px;color:#105025}\n", "")
      .concat(".added{display:grid;gap:1rem}\n").getBytes(UTF_8);

  @Test
  void theTestVersionsDifferAsARealChangeDoes() {
    assertEquals(VITE_OLD.length + 4, VITE_NEW.length);
    assertNotEquals(-1, new String(CSS_OLD, UTF_8).indexOf(".c21{margin:4px;color:#105025}\n"), "a rule the new version removes");
    assertNotEquals(CSS_OLD.length, CSS_NEW.length);
  }

  @Test
  void dcbDecodesWithTheOldVersionAsDictionaryToTheNewBytes() throws IOException {
    byte[] delta = Deltas.dcb(VITE_NEW, VITE_OLD, 11);

    assertArrayEquals(VITE_NEW, unDcb(delta, VITE_OLD));
    assertTrue(delta.length < 1_000, "a one-string change costs under 1 KB: " + delta.length);
  }

  @Test
  void dczDecodesWithTheOldVersionAsDictionaryToTheNewBytes() {
    byte[] delta = Deltas.dcz(VITE_NEW, VITE_OLD, 19);

    assertArrayEquals(VITE_NEW, unDcz(delta, VITE_OLD));
    assertTrue(delta.length < 1_000, "a one-string change costs under 1 KB: " + delta.length);
  }

  @Test
  void dczDecodesWithTheZstdCommandLine(@TempDir Path dir) throws Exception {
    byte[] vite = Deltas.dcz(VITE_NEW, VITE_OLD, 18);
    byte[] css = Deltas.dcz(CSS_NEW, CSS_OLD, 3);

    assertArrayEquals(VITE_NEW, zstdCommandLine(dir, vite, VITE_OLD));
    assertArrayEquals(CSS_NEW, zstdCommandLine(dir, css, CSS_OLD));
  }

  @Test
  void everyQualityAndLevelDecodes() throws IOException {
    for (int quality : new int[] {0, 1, 2, 5, 9, 11}) {
      assertArrayEquals(CSS_NEW, unDcb(Deltas.dcb(CSS_NEW, CSS_OLD, quality), CSS_OLD), "quality " + quality);
    }
    for (int level : new int[] {1, 3, 18, 19, 22}) {
      assertArrayEquals(CSS_NEW, unDcz(Deltas.dcz(CSS_NEW, CSS_OLD, level), CSS_OLD), "level " + level);
    }
  }

  @Test
  void aDeltaIsAFractionOfTheFileCompressedAlone() {
    assertTrue(Deltas.dcb(CSS_NEW, CSS_OLD, 11).length * 20 < Codecs.brotli(CSS_NEW, 11).length);
    assertTrue(Deltas.dcz(CSS_NEW, CSS_OLD, 19).length * 20 < Codecs.zstd(CSS_NEW, 19).length);
  }

  @Test
  void headersAreTheMagicNumberThenTheSha256OfTheDictionary() throws Exception {
    // FIPS 180-2, appendix B.1: the SHA-256 of "abc", the dictionary here.
    byte[] abc = HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    byte[] dictionary = "abc".getBytes(UTF_8);

    byte[] dcb = Deltas.dcb(CSS_NEW, dictionary, 5);
    byte[] dcz = Deltas.dcz(CSS_NEW, dictionary, 3);

    assertArrayEquals(concat(new byte[] {(byte) 0xff, 0x44, 0x43, 0x42}, abc), Arrays.copyOf(dcb, 36));
    assertArrayEquals(concat(new byte[] {0x5e, 0x2a, 0x4d, 0x18, 0x20, 0, 0, 0}, abc), Arrays.copyOf(dcz, 40));
    // The stream after the header is a brotli stream and a zstd frame (RFC 8878 §3.1.1 magic).
    assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOfRange(dcz, 40, 44));
  }

  @Test
  void theHashInTheHeaderIsTheSha256OfTheDictionary() throws Exception {
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(VITE_OLD);

    assertArrayEquals(sha256, Arrays.copyOfRange(Deltas.dcb(CSS_NEW, VITE_OLD, 1), 4, 36));
    assertArrayEquals(sha256, Arrays.copyOfRange(Deltas.dcz(CSS_NEW, VITE_OLD, 1), 8, 40));
  }

  @Test
  void theSameInputGivesTheSameBytesEveryTime() {
    assertArrayEquals(Deltas.dcb(VITE_NEW, VITE_OLD, 11), Deltas.dcb(VITE_NEW.clone(), VITE_OLD.clone(), 11));
    assertArrayEquals(Deltas.dcz(VITE_NEW, VITE_OLD, 19), Deltas.dcz(VITE_NEW.clone(), VITE_OLD.clone(), 19));
  }

  @Test
  void anEmptyDictionaryGivesACompressedStreamThatNeedsNone() throws IOException {
    byte[] dcb = Deltas.dcb(CSS_NEW, new byte[0], 11);
    byte[] dcz = Deltas.dcz(CSS_NEW, new byte[0], 19);

    // brotli4j refuses to attach an empty dictionary: decoded as plain brotli.
    assertArrayEquals(CSS_NEW, Site.unbrotli(Arrays.copyOfRange(dcb, 36, dcb.length)));
    assertArrayEquals(CSS_NEW, unDcz(dcz, new byte[0]));
    assertEquals(ContentHash.sha256Hex(new byte[0]), Deltas.readHeader(dcb).dictionarySha256());
    assertEquals(ContentHash.sha256Hex(new byte[0]), Deltas.readHeader(dcz).dictionarySha256());
  }

  @Test
  void aDictionaryShorterThanEightBytesIsAttachedToo() throws IOException {
    byte[] dictionary = ".c1{ma".getBytes(UTF_8);

    byte[] dcb = Deltas.dcb(CSS_NEW, dictionary, 11);

    assertArrayEquals(CSS_NEW, unDcb(dcb, dictionary));
    assertEquals(ContentHash.sha256Hex(dictionary), Deltas.readHeader(dcb).dictionarySha256());
    assertArrayEquals(CSS_NEW, unDcz(Deltas.dcz(CSS_NEW, dictionary, 19), dictionary));
  }

  @Test
  void aDictionaryLargerThanTheDataIsUsed() throws IOException {
    // 1.4 KB of the chunk's 221 KB, with one string changed: a small file against a large dictionary.
    String old = new String(VITE_OLD, UTF_8);
    int at = old.indexOf("Get started");
    byte[] data = old.substring(at - 700, at + 700).replace("Get started", "Get going").getBytes(UTF_8);

    byte[] dcb = Deltas.dcb(data, VITE_OLD, 11);
    byte[] dcz = Deltas.dcz(data, VITE_OLD, 19);

    assertArrayEquals(data, unDcb(dcb, VITE_OLD));
    assertArrayEquals(data, unDcz(dcz, VITE_OLD));
    assertTrue(dcb.length < 36 + 40 && dcz.length < 40 + 40, "a few references to the dictionary: " + dcb.length
        + ", " + dcz.length);
  }

  @Test
  void emptyDataDecodesToNothing() throws IOException {
    byte[] dcb = Deltas.dcb(new byte[0], CSS_OLD, 11);
    byte[] dcz = Deltas.dcz(new byte[0], CSS_OLD, 19);

    assertArrayEquals(new byte[0], unDcb(dcb, CSS_OLD));
    assertArrayEquals(new byte[0], unDcz(dcz, CSS_OLD));
    assertEquals(0, Zstd.getFrameContentSize(Arrays.copyOfRange(dcz, 40, dcz.length)));
  }

  @Test
  void aDeltaWithTheWrongDictionaryIsRefusedByItsHeaderAndDoesNotDecodeToTheNewBytes() {
    byte[] wrong = CSS_OLD.clone();
    wrong[100] ^= 1;
    byte[] dcb = Deltas.dcb(CSS_NEW, CSS_OLD, 11);
    byte[] dcz = Deltas.dcz(CSS_NEW, CSS_OLD, 19);

    // What a client checks first (Chromium: SharedDictionaryHeaderCheckerSourceStream).
    assertEquals("the header names another dictionary", assertThrows(IOException.class, () -> unDcb(dcb, wrong)).getMessage());
    assertEquals("the header names another dictionary", assertThrows(IOException.class, () -> checkHeader(dcz, wrong)).getMessage());
    // Brotli has no checksum and zstd's frame none either: decoded anyway, the bytes are not the file's.
    assertFalse(Arrays.equals(CSS_NEW, decodesOrNull(() -> brotliStream(dcb, wrong))), "dcb with the wrong dictionary");
    assertFalse(Arrays.equals(CSS_NEW, decodesOrNull(() -> zstdFrame(dcz, wrong))), "dcz with the wrong dictionary");
    assertThrows(IOException.class, () -> brotliStream(dcb, Arrays.copyOf(CSS_OLD, 1_000)), "a shorter dictionary");
  }

  @Test
  void dczTakesADictionaryThatStartsWithZstdsDictionaryMagicAsRawContent() {
    // 37 A4 30 EC: RFC 8878 §5's Magic_Number. Loaded "auto", zstd parses such bytes as a trained dictionary.
    byte[] dictionary = CSS_OLD.clone();
    System.arraycopy(new byte[] {0x37, (byte) 0xa4, 0x30, (byte) 0xec}, 0, dictionary, 0, 4);
    try (ZstdCompressCtx auto = new ZstdCompressCtx()) {
      assertThrows(ZstdException.class, () -> auto.loadDict(dictionary).compress(CSS_NEW), "not a trained dictionary");
    }

    byte[] dcz = Deltas.dcz(CSS_NEW, dictionary, 19);

    assertArrayEquals(CSS_NEW, unDcz(dcz, dictionary));
    assertTrue(dcz.length < 200, "the dictionary was used: " + dcz.length);
  }

  @Test
  void dczHasNoDictionaryIdAndNoChecksumAndDeclaresItsContentSize() {
    byte[] frame = zstdFrameOf(Deltas.dcz(VITE_NEW, VITE_OLD, 19));

    int descriptor = frame[4] & 0xff;
    assertEquals(0, descriptor & 0x03, "Dictionary_ID_flag");
    assertEquals(0, descriptor & 0x04, "Content_Checksum_flag");
    assertEquals(0, Zstd.getDictIdFromFrame(frame));
    assertEquals(VITE_NEW.length, Zstd.getFrameContentSize(frame));
  }

  @Test
  void dcbWindowIsTheSmallestThatHoldsTheFile() {
    assertEquals(10, brotliWindowBits(Deltas.dcb(new byte[0], CSS_OLD, 11)));
    assertEquals(10, brotliWindowBits(Deltas.dcb(Arrays.copyOf(CSS_NEW, 1008), CSS_OLD, 11)), "2^10 - 16 bytes");
    assertEquals(11, brotliWindowBits(Deltas.dcb(Arrays.copyOf(CSS_NEW, 1009), CSS_OLD, 11)));
    assertEquals(18, brotliWindowBits(Deltas.dcb(VITE_NEW, VITE_OLD, 5)), VITE_NEW.length + " bytes");
    assertEquals(24, Deltas.dcbWindowBits(16 << 20), "never beyond brotli's largest standard window");
    assertEquals(24, Deltas.dcbWindowBits(Integer.MAX_VALUE));
    assertEquals(23, Deltas.dcbWindowBits((8 << 20) - 16));
  }

  @Test
  void dcbOfAFileLargerThanSixteenMegabytesUsesTheLargestStandardWindowAndStillDecodes() throws IOException {
    byte[] dictionary = Site.random(1 << 20, 3);
    byte[] data = new byte[(16 << 20) + 4096];
    for (int i = 0; i < data.length; i += dictionary.length) {
      System.arraycopy(dictionary, 0, data, i, Math.min(dictionary.length, data.length - i));
    }

    byte[] dcb = Deltas.dcb(data, dictionary, 2);

    assertEquals(24, brotliWindowBits(dcb));
    assertArrayEquals(data, unDcb(dcb, dictionary));
  }

  @Test
  void dczWindowLogIsTheRfcLimitRoundedDown() {
    assertEquals(23, Deltas.dczWindowLog(0), "8 MB at least");
    assertEquals(23, Deltas.dczWindowLog(VITE_OLD.length));
    assertEquals(23, Deltas.dczWindowLog(12 << 20), "1.25 × 12 MiB is 15 MiB: 8 MiB, not 16");
    assertEquals(24, Deltas.dczWindowLog((13 << 20) + 1), "1.25 × 13 MiB is over 16 MiB");
    assertEquals(26, Deltas.dczWindowLog(100 << 20), "125 MiB");
    assertEquals(27, Deltas.dczWindowLog(120 << 20), "128 MB at most");
    assertEquals(27, Deltas.dczWindowLog(Integer.MAX_VALUE));
  }

  @Test
  void dczWindowOfALargeFileStaysWithinTheRfcLimitAndChromiums() {
    byte[] dictionary = Site.random(12 << 20, 5);
    byte[] data = Arrays.copyOf(dictionary, 16 << 20);
    System.arraycopy(Site.random(4 << 20, 6), 0, data, 12 << 20, 4 << 20);

    byte[] frame = zstdFrameOf(Deltas.dcz(data, dictionary, 1));

    assertEquals(1L << 23, zstdWindowSize(frame), "below 1.25 × 12 MiB");
    assertArrayEquals(data, unDcz(frame, dictionary, chromiumWindowLogMax(dictionary.length)));
    assertArrayEquals(data, unDcz(frame, dictionary, 23));
  }

  @Test
  void dczWindowOfASmallFileIsItsContentSize() {
    byte[] frame = zstdFrameOf(Deltas.dcz(VITE_NEW, VITE_OLD, 22));

    assertEquals(0x20, frame[4] & 0x20, "Single_Segment_flag: the window is the content size");
    assertEquals(VITE_NEW.length, zstdWindowSize(frame));
    assertArrayEquals(VITE_NEW, unDcz(frame, VITE_OLD, 23));
  }

  @Test
  void levelsOutOfRangeAreRefusedNamingTheRange() {
    assertEquals("brotli quality must be from 0 to 11: 12",
        assertThrows(IllegalArgumentException.class, () -> Deltas.dcb(CSS_NEW, CSS_OLD, 12)).getMessage());
    assertEquals("zstd level must be from 1 to 22: 0",
        assertThrows(IllegalArgumentException.class, () -> Deltas.dcz(CSS_NEW, CSS_OLD, 0)).getMessage());
  }

  @Test
  void theHeaderReaderGivesTheCodingAndTheDictionaryHash() {
    String sha256 = ContentHash.sha256Hex(CSS_OLD);
    byte[] dcb = Deltas.dcb(CSS_NEW, CSS_OLD, 5);
    byte[] dcz = Deltas.dcz(CSS_NEW, CSS_OLD, 3);

    assertEquals(new Deltas.Header(Encoding.DCB, sha256), Deltas.readHeader(dcb));
    assertEquals(new Deltas.Header(Encoding.DCZ, sha256), Deltas.readHeader(dcz));
    assertEquals(new Deltas.Header(Encoding.DCB, sha256), Deltas.readHeader(Arrays.copyOf(dcb, 36)), "the header alone");
    assertEquals(new Deltas.Header(Encoding.DCZ, sha256), Deltas.readHeader(Arrays.copyOf(dcz, 40)));
  }

  @Test
  void theHeaderReaderRefusesAnythingElse() {
    byte[] dcb = Deltas.dcb(CSS_NEW, CSS_OLD, 5);
    byte[] dcz = Deltas.dcz(CSS_NEW, CSS_OLD, 3);
    byte[] otherSkippableFrame = dcz.clone();
    otherSkippableFrame[0] = 0x5f;
    byte[] otherLength = dcz.clone();
    otherLength[4] = 0x10;

    assertEquals("a dcb header is 36 bytes: 35 given",
        assertThrows(IllegalArgumentException.class, () -> Deltas.readHeader(Arrays.copyOf(dcb, 35))).getMessage());
    assertEquals("a dcz header is 40 bytes: 39 given",
        assertThrows(IllegalArgumentException.class, () -> Deltas.readHeader(Arrays.copyOf(dcz, 39))).getMessage());
    byte[] zstd = Codecs.zstd(CSS_NEW, 3);
    assertEquals("not a dcb or dcz header: it starts with " + HexFormat.of().formatHex(zstd, 0, 8) + "… ("
        + zstd.length + " bytes)", refused(zstd));
    assertEquals("not a dcb or dcz header: it starts with 5f2a4d1820000000… (" + dcz.length + " bytes)",
        refused(otherSkippableFrame));
    assertEquals("not a dcb or dcz header: it starts with 5e2a4d1810000000… (" + dcz.length + " bytes)", refused(otherLength));
    assertEquals("not a dcb or dcz header: it starts with ff4443 (3 bytes)", refused(Arrays.copyOf(dcb, 3)));
    assertEquals("not a dcb or dcz header: it starts with  (0 bytes)", refused(new byte[0]));
  }

  @Test
  void aDcbHeaderIs36BytesAndADczHeader40() {
    assertEquals(36, Deltas.headerLength(Encoding.DCB));
    assertEquals(40, Deltas.headerLength(Encoding.DCZ));
    assertEquals(40, Deltas.MAX_HEADER_LENGTH);
    assertEquals("not a dictionary encoding: br",
        assertThrows(IllegalArgumentException.class, () -> Deltas.headerLength(Encoding.BROTLI)).getMessage());
  }

  @Test
  void onlyTheDictionaryEncodingsHaveAHeader() {
    assertThrows(IllegalArgumentException.class, () -> new Deltas.Header(Encoding.ZSTD, ContentHash.sha256Hex(CSS_OLD)));
  }

  @Test
  void theDictionaryHashOfAHeaderMustBeASha256() {
    assertThrows(IllegalArgumentException.class, () -> new Deltas.Header(Encoding.DCB, "abc"));
    assertThrows(IllegalArgumentException.class, () -> new Deltas.Header(Encoding.DCZ,
        ContentHash.sha256Hex(CSS_OLD).toUpperCase()));
    assertThrows(IllegalArgumentException.class, () -> new Deltas.Header(null, ContentHash.sha256Hex(CSS_OLD)));
  }

  private static String refused(byte[] head) {
    return assertThrows(IllegalArgumentException.class, () -> Deltas.readHeader(head)).getMessage();
  }

  // -------------------------------------------------------------------------------------------
  // Decoders, independent of the writer: brotli4j's decoder, zstd-jni's decompressor, zstd(1).
  // -------------------------------------------------------------------------------------------

  /** Returns what `zstd -d -D dictionary` writes for the frame of a dcz delta (its 40-byte header stripped). */
  private static byte[] zstdCommandLine(Path dir, byte[] dcz, byte[] dictionary) throws Exception {
    Path frame = Files.write(dir.resolve("delta.zst"), zstdFrameOf(dcz));
    Path dict = Files.write(dir.resolve("old"), dictionary);
    Path out = dir.resolve("new");
    Process process = new ProcessBuilder(List.of("zstd", "-d", "-q", "-f", "-D", dict.toString(), frame.toString(),
        "-o", out.toString())).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "zstd ends");
    assertEquals(0, process.exitValue(), output);
    return Files.readAllBytes(out);
  }

  private interface Decoding {
    byte[] decode() throws Exception;
  }

  private static byte[] decodesOrNull(Decoding decoding) {
    try {
      return decoding.decode();
    } catch (Exception | AssertionError e) {
      return null;
    }
  }

  /** Chromium's limit for a dcz window (net/filter/zstd_source_stream.cc): clamp(log2 ceil(1.25 × size), 23, 27). */
  private static int chromiumWindowLogMax(int dictionarySize) {
    long limit = dictionarySize * 5L / 4;
    int log = 64 - Long.numberOfLeadingZeros(limit - 1);
    return Math.max(23, Math.min(27, log));
  }

  /** Returns the window a zstd frame declares (RFC 8878 §3.1.1.1.2): its content size when single-segment. */
  private static long zstdWindowSize(byte[] frame) {
    int descriptor = frame[4] & 0xff;
    if ((descriptor & 0x20) != 0) {
      return Zstd.getFrameContentSize(frame);
    }
    int windowDescriptor = frame[5] & 0xff;
    long base = 1L << (10 + (windowDescriptor >>> 3));
    return base + base / 8 * (windowDescriptor & 7);
  }

  /** Returns WBITS of the brotli stream after a dcb header (RFC 7932 §9.1); fails on a large-window stream. */
  private static int brotliWindowBits(byte[] dcb) {
    int bits = (dcb[36] & 0xff) | (dcb[37] & 0xff) << 8;
    if ((bits & 1) == 0) {
      return 16;
    }
    int n = (bits >>> 1) & 7;
    if (n != 0) {
      return 17 + n;
    }
    int m = (bits >>> 4) & 7;
    assertNotEquals(1, m, "a large-window stream (RFC 9841), which Chromium does not decode");
    return m == 0 ? 17 : 8 + m;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
