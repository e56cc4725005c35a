package org.vertxassets;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.build.Codecs;
import org.vertxassets.build.Compressor;

/**
 * Makes the br, zstd and gzip variants a root lacks while its index is built, for users who run
 * no build step. Each variant is written to a cache directory under the SHA-256 of the source's
 * bytes and the settings, so that a restart, or another instance on the machine, reuses it; a
 * variant larger than 95% of its source is not kept (a marker remembers that). Blocking; the
 * files are compressed in parallel on a pool of one thread per core, torn down after the build.
 */
final class WarmUpCompression {

  private static final System.Logger LOG = IndexBuilder.LOG;
  // The settings of compress, so that warm-up makes the bytes a build step would have made.
  static final int BROTLI_QUALITY = Compressor.Settings.DEFAULTS.brotliQuality();
  static final int ZSTD_LEVEL = Compressor.Settings.DEFAULTS.zstdLevel();
  static final int GZIP_LEVEL = Compressor.Settings.DEFAULTS.gzipLevel();
  static final double MAX_RATIO = Compressor.Settings.DEFAULTS.maxRatio();

  /** One encoding: its sibling suffix, the key of its settings in cache names, its codec. */
  private record Codec(Encoding encoding, String key, UnaryOperator<byte[]> compress) {
  }

  private static final List<Codec> CODECS = List.of(
      new Codec(Encoding.BROTLI, "br" + BROTLI_QUALITY, in -> Codecs.brotli(in, BROTLI_QUALITY)),
      new Codec(Encoding.ZSTD, "zstd" + ZSTD_LEVEL, in -> Codecs.zstd(in, ZSTD_LEVEL)),
      new Codec(Encoding.GZIP, "gzip" + GZIP_LEVEL, in -> Codecs.gzip(in, GZIP_LEVEL)));

  private final Path cache;
  private final AtomicInteger made = new AtomicInteger();
  private final AtomicInteger reused = new AtomicInteger();
  private final Map<Encoding, String> unavailable = new java.util.concurrent.ConcurrentHashMap<>();

  WarmUpCompression(Path cache) {
    this.cache = cache;
  }

  /** Returns the default cache: {@code vertx-assets-variants} in the JVM's temporary directory. */
  static Path defaultCache() {
    return Path.of(System.getProperty("java.io.tmpdir"), "vertx-assets-variants");
  }

  /** Returns whether a root's files hold no precompressed variant at all (so {@code auto} compresses it). */
  static boolean hasNoVariants(Map<String, Found> files) {
    for (String rel : files.keySet()) {
      for (Encoding e : Encoding.STORED) {
        if (rel.endsWith(e.suffix)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Returns {@code files} with the variants each compressible file lacks added as siblings
   * ({@code app.css.br} pointing to a file of the cache). Blocking.
   *
   * @throws IllegalArgumentException when the cache directory cannot be created
   */
  Map<String, Found> addVariants(Map<String, Found> files) {
    long start = System.nanoTime();
    try {
      Files.createDirectories(cache);
    } catch (IOException e) {
      throw new IllegalArgumentException("compressionCacheDir: cannot create " + cache + ": " + e
          + "; give a writable directory", e);
    }
    List<Map.Entry<String, Found>> sources = new ArrayList<>();
    for (Map.Entry<String, Found> f : files.entrySet()) {
      String name = f.getKey().substring(f.getKey().lastIndexOf('/') + 1);
      if (Codecs.isCompressible(name) && f.getValue().size() > 0) {
        sources.add(f);
      }
    }
    Map<String, Found> result = new HashMap<>(files);
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "vertx-assets-compress");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Map<String, Found>>> work = new ArrayList<>();
      for (Map.Entry<String, Found> source : sources) {
        work.add(pool.submit(() -> variantsOf(source.getKey(), source.getValue(), files)));
      }
      for (Future<Map<String, Found>> w : work) {
        result.putAll(w.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compressing at warm-up", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("warm-up compression failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    LOG.log(Level.INFO, String.format("vertx-assets: warm-up compression of %d files took %d ms: %d variants made,"
            + " %d reused from %s", sources.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        made.get(), reused.get(), cache));
    return result;
  }

  /** Returns the variants of one source that it lacks, compressed or found in the cache. */
  private Map<String, Found> variantsOf(String rel, Found source, Map<String, Found> files) throws IOException {
    Map<String, Found> variants = new HashMap<>();
    byte[] bytes = null;
    String sha = null;
    for (Codec codec : CODECS) {
      if (files.containsKey(rel + codec.encoding().suffix) || unavailable.containsKey(codec.encoding())) {
        continue;
      }
      if (bytes == null) {
        bytes = Files.readAllBytes(source.file());
        if (bytes.length != source.size()) {
          return variants; // Being rewritten: the index reads it again and a later build compresses it.
        }
        sha = sha256(bytes);
      }
      Path file = cache.resolve(sha + "." + codec.key());
      Path none = cache.resolve(sha + "." + codec.key() + ".none");
      if (Files.exists(none)) {
        reused.incrementAndGet();
        continue;
      }
      if (!Files.isRegularFile(file)) {
        byte[] compressed;
        try {
          compressed = codec.compress().apply(bytes);
        } catch (RuntimeException | LinkageError e) {
          if (unavailable.putIfAbsent(codec.encoding(), e.toString()) == null) {
            LOG.log(Level.WARNING, "vertx-assets: warm-up compression: {0} is not available here, so no {1}"
                + " variants are made: {2}", codec.key(), codec.encoding().token, e.toString());
          }
          continue;
        }
        if (compressed.length > MAX_RATIO * bytes.length) {
          write(none, new byte[0]);
          made.incrementAndGet();
          continue;
        }
        write(file, compressed);
        made.incrementAndGet();
      } else {
        reused.incrementAndGet();
      }
      variants.put(rel + codec.encoding().suffix, new Found(file, Files.size(file), source.lastModified()));
    }
    return variants;
  }

  /** Writes a cache file whole or not at all: another instance may be reading the cache. */
  private static void write(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
