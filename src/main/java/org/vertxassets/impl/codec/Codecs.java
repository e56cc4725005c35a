package org.vertxassets.impl.codec;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.util.Native;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The three content codings a file is precompressed into, as pure functions from bytes to bytes:
 * the same input and level give the same output on every machine and in every run. Used by the
 * {@code compress} command and, at warm-up, by the server. Every method is thread-safe and keeps
 * no state between calls. The compressors block the calling thread for the whole compression
 * (brotli 11 does about 1 MB/s): call them from a worker, never from an event loop.
 */
public final class Codecs {

  /** The highest brotli quality. */
  public static final int MAX_BROTLI_QUALITY = 11;
  /** The highest zstd level of the regular range; 20 to 22 are the "ultra" levels. */
  public static final int MAX_ZSTD_LEVEL = 22;
  /** The highest gzip (deflate) level. */
  public static final int MAX_GZIP_LEVEL = 9;

  /**
   * RFC 9659 §3: a zstd encoder for HTTP must not need a window larger than 8 MB (2^23). Levels
   * up to 19 stay within it; the ultra levels (20-22) would use 32-128 MB, so they are capped.
   */
  private static final int ZSTD_MAX_WINDOW_LOG = 23;

  /**
   * Extensions of formats that are compressed already: a second compression saves nothing and
   * costs a brotli pass. ICO is not here: its images are mostly uncompressed bitmaps, which
   * shrink by half or more; an ICO that holds PNGs fails the size ratio and gets no variant.
   * SVG, TTF and OTF are not here either: they are text or uncompressed tables.
   */
  private static final Set<String> COMPRESSED_EXTENSIONS = Set.of(
      // images
      "png", "apng", "jpg", "jpeg", "jfif", "pjpeg", "gif", "webp", "avif", "heic", "heif", "jxl",
      // fonts with their own compression
      "woff", "woff2",
      // archives, and the variants this class writes
      "zip", "gz", "tgz", "br", "zst", "dcb", "dcz", "xz", "txz", "bz2", "tbz", "tbz2", "lz", "lz4", "lzma", "7z", "rar",
      "jar", "war", "apk", "cab", "dmg", "deb", "rpm",
      // documents that are zip containers or compressed streams
      "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub",
      // video and audio (".ts" is left out: in a web tree it is TypeScript, not MPEG-TS; WAV is
      // uncompressed, but sampled sound shrinks little under LZ77 and is streamed by ranges)
      "mp4", "m4v", "mov", "webm", "mkv", "avi", "ogv", "mpg", "mpeg", "flv", "swf", "wmv", "m2ts",
      "mp3", "m4a", "aac", "ogg", "oga", "opus", "flac", "wav", "weba", "wma");

  private Codecs() {
  }

  /**
   * Returns {@code input} compressed with brotli at {@code quality} (0 to 11), in the generic
   * mode and the default 4 MiB window that every browser decodes.
   *
   * @throws IllegalArgumentException when {@code quality} is out of range
   * @throws IllegalStateException when the native brotli library cannot be loaded on this platform
   */
  public static byte[] brotli(byte[] input, int quality) {
    checkRange("brotli quality", quality, 0, MAX_BROTLI_QUALITY);
    BrotliLibrary.ensureLoaded();
    try {
      return Encoder.compress(input, new Encoder.Parameters().setQuality(quality));
    } catch (IOException e) {
      // brotli4j reports a failed native call (out of memory) this way; no file is involved.
      throw new IllegalStateException("brotli encoder failed: " + e.getMessage(), e);
    }
  }

  /**
   * Returns {@code input} compressed as one zstd frame at {@code level} (1 to 22), with the
   * content size in the frame header, no checksum, no dictionary, and a window of at most 8 MB.
   *
   * @throws IllegalArgumentException when {@code level} is out of range
   */
  public static byte[] zstd(byte[] input, int level) {
    checkRange("zstd level", level, 1, MAX_ZSTD_LEVEL);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(level).setContentSize(true).setChecksum(false).setDictID(false);
      if (level > 19) {
        // Setting the log only lowers the window of these levels; zstd still shrinks it to the input.
        ctx.setWindowLog(ZSTD_MAX_WINDOW_LOG);
      }
      return ctx.compress(input);
    }
  }

  /**
   * Returns {@code input} as a gzip member (RFC 1952) whose deflate stream is made at
   * {@code level} (1 to 9). The header carries no name and no time (MTIME 0, §2.3.1), and the
   * operating system "unknown" (255), so that the bytes depend on nothing but the input.
   *
   * @throws IllegalArgumentException when {@code level} is out of range
   */
  public static byte[] gzip(byte[] input, int level) {
    checkRange("gzip level", level, 1, MAX_GZIP_LEVEL);
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3 + 64);
    // RFC 1952 §2.3.1: XFL 2 = "maximum compression, slowest algorithm", 4 = "fastest algorithm".
    int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 255}, 0, 10);
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(input);
      deflater.finish();
      byte[] buffer = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(input);
    writeIntLittleEndian(out, (int) crc.getValue());
    writeIntLittleEndian(out, input.length); // ISIZE: the length modulo 2^32
    return out.toByteArray();
  }

  /**
   * Loads brotli's native library now rather than at the first compression: it is copied out of
   * its jar and linked, tens of milliseconds that a caller can spend on another thread while it
   * lists its files. Returns quietly when it cannot be loaded: the first compression says why.
   */
  public static void loadBrotli() {
    try {
      BrotliLibrary.ensureLoaded();
    } catch (IllegalStateException e) {
      // Reported by the first compression.
    }
  }

  /** As {@link #loadBrotli()}, for zstd's native library. */
  public static void loadZstd() {
    try {
      Native.load();
    } catch (LinkageError | RuntimeException e) {
      // Reported by the first compression, which loads it again and fails the same way.
    }
  }

  /**
   * Returns whether a file of this name is worth compressing: false for the formats that are
   * compressed already (raster images other than ICO and BMP, WOFF fonts, archives, video,
   * audio, PDF and office documents) and for {@code .br}, {@code .zst} and {@code .gz} variants;
   * true for everything else (CSS, JS, JSON, source maps, SVG, HTML, text, XML, WebAssembly, TTF,
   * OTF, files without an extension). Case is ignored.
   */
  public static boolean isCompressible(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return true;
    }
    return !COMPRESSED_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  static void checkRange(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ": " + value);
    }
  }

  private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  /** Loads brotli4j's native library once, on first use, in a thread-safe way (class initialisation). */
  static final class BrotliLibrary {
    private static final Throwable FAILURE = load();

    private static Throwable load() {
      try {
        Brotli4jLoader.ensureAvailability();
        return null;
      } catch (LinkageError | RuntimeException e) {
        return e;
      }
    }

    static void ensureLoaded() {
      if (FAILURE != null) {
        throw new IllegalStateException("brotli is not available on this platform ("
            + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + FAILURE, FAILURE);
      }
    }
  }
}
