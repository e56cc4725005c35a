package org.vertxassets.impl.codec;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one compressor of vertx-assets: makes the variant of a file's bytes in each
 * {@linkplain Encoding#STORED stored encoding} at the levels of its {@link Settings}, and keeps
 * it only when it saves enough; at the same levels, its {@linkplain #delta deltas} against its
 * previous version (RFC 9842). The {@code compress} and {@code build} tools call it for each
 * file and encoding, and the server for the variants it makes at warm-up, so that both make the
 * same bytes from the same file. Immutable and thread-safe; compressing blocks the calling thread
 * (brotli 11 does about 1 MB/s): call it from a worker, never from an event loop.
 */
public final class Compressor {

  /**
   * How variants are made: the brotli quality (0-11), the zstd level (1-22), the gzip level
   * (1-9), and the largest size a variant may have, as a fraction of its original's (a variant
   * that saves less is not worth a second copy and a {@code Vary}).
   */
  public record Settings(int brotliQuality, int zstdLevel, int gzipLevel, double maxRatio) {

    /**
     * Brotli 11 and gzip 9, the highest levels, as WhiteNoise and {@code brotli}/{@code gzip -9}
     * use; zstd 18 rather than 19, which costs 40% more zstd time for 0.2% fewer bytes (see
     * bench/compress.sh) on the variant served least, since browsers that accept zstd also accept
     * br, whose variant is smaller; a ratio of 0.95, as WhiteNoise.
     */
    public static final Settings DEFAULTS = new Settings(11, 18, 9, 0.95);

    /** Checks every value; {@code maxRatio} must be greater than 0 and at most 1. */
    public Settings {
      if (brotliQuality < 0 || brotliQuality > Codecs.MAX_BROTLI_QUALITY) {
        throw new IllegalArgumentException("brotliQuality must be from 0 to 11: " + brotliQuality);
      }
      if (zstdLevel < 1 || zstdLevel > Codecs.MAX_ZSTD_LEVEL) {
        throw new IllegalArgumentException("zstdLevel must be from 1 to 22: " + zstdLevel);
      }
      if (gzipLevel < 1 || gzipLevel > Codecs.MAX_GZIP_LEVEL) {
        throw new IllegalArgumentException("gzipLevel must be from 1 to 9: " + gzipLevel);
      }
      if (!(maxRatio > 0 && maxRatio <= 1)) {
        throw new IllegalArgumentException("maxRatio must be greater than 0 and at most 1: " + maxRatio);
      }
    }

    /**
     * Returns the level {@code encoding} is made at: the brotli quality, the zstd level or the
     * gzip level.
     *
     * @throws IllegalArgumentException for {@link Encoding#IDENTITY}, which is not made
     */
    public int level(Encoding encoding) {
      return switch (encoding) {
        case BROTLI, DCB -> brotliQuality;
        case ZSTD, DCZ -> zstdLevel;
        case GZIP -> gzipLevel;
        case IDENTITY -> throw new IllegalArgumentException("no variant is made in " + encoding.token);
      };
    }

    /** Returns the settings as one line of text, equal for equal settings, to record what a variant was made with. */
    public String fingerprint() {
      return "brotli " + brotliQuality + " zstd " + zstdLevel + " gzip " + gzipLevel + " max-ratio " + maxRatio;
    }
  }

  private final Settings settings;

  /** A compressor with {@code settings}. */
  public Compressor(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Returns its settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * Returns {@code source} compressed in {@code encoding} at its level of the settings: the same
   * bytes on every machine and in every run (see {@link Codecs}). Blocks (CPU).
   *
   * @throws IllegalArgumentException for {@link Encoding#IDENTITY}
   * @throws IllegalStateException when brotli's native library cannot be loaded on this platform
   * @throws LinkageError when zstd's cannot
   */
  public byte[] compress(Encoding encoding, byte[] source) {
    int level = settings.level(encoding);
    return switch (encoding) {
      case BROTLI -> Codecs.brotli(source, level);
      case ZSTD -> Codecs.zstd(source, level);
      case GZIP -> Codecs.gzip(source, level);
      default -> throw new IllegalArgumentException(encoding.token + " needs a dictionary: no variant of its own");
    };
  }

  /**
   * Returns the delta of {@code source} against {@code dictionary}, the previous version of the
   * same file, in {@code encoding}: dcb at the brotli quality of the settings, dcz at their zstd
   * level, the same bytes on every machine and in every run (see {@link Deltas}). Blocks (CPU).
   *
   * @throws IllegalArgumentException for an encoding that is not {@link Encoding#DICTIONARY}
   * @throws IllegalStateException when brotli's native library cannot be loaded on this platform
   * @throws LinkageError when zstd's cannot
   */
  public byte[] delta(Encoding encoding, byte[] source, byte[] dictionary) {
    return switch (encoding) {
      case DCB -> Deltas.dcb(source, dictionary, settings.level(encoding));
      case DCZ -> Deltas.dcz(source, dictionary, settings.level(encoding));
      default -> throw new IllegalArgumentException(encoding.token + " is made without a dictionary: no delta");
    };
  }

  /**
   * Returns whether a variant of {@code variantLength} bytes is worth keeping for a source of
   * {@code sourceLength}: the source is not empty and the variant is at most {@code maxRatio} of it.
   */
  public boolean keeps(long sourceLength, long variantLength) {
    return sourceLength > 0 && variantLength <= settings.maxRatio() * sourceLength;
  }

  /**
   * Returns the variant of {@code source} in {@code encoding} when it is worth keeping (see
   * {@link #keeps}), else null. Blocks (CPU); throws as {@link #compress}.
   */
  public byte[] variant(Encoding encoding, byte[] source) {
    byte[] variant = compress(encoding, source);
    return keeps(source.length, variant.length) ? variant : null;
  }

  /**
   * Loads the native library of {@code encoding}, if it has one, ahead of its first use: tens of
   * milliseconds that a caller can spend on another thread while it lists its files. Returns
   * quietly when it cannot be loaded: the first compression says why. Blocks.
   */
  public static void load(Encoding encoding) {
    if (encoding == Encoding.BROTLI) {
      Codecs.loadBrotli();
    } else if (encoding == Encoding.ZSTD) {
      Codecs.loadZstd();
    }
  }

  /**
   * Returns a pool of {@code threads} daemon threads named {@code vertx-assets-compress-N}, so
   * that they say what they do in a thread dump and never keep the JVM alive. The caller shuts
   * it down.
   */
  public static ExecutorService newPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "vertx-assets-compress-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
