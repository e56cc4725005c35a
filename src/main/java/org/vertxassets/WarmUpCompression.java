package org.vertxassets;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Encoding;

/**
 * Makes the br, zstd and gzip variants a root lacks while its index is built, for users who run
 * no build step, with {@link Compressor} at the settings of {@code compress}, so that warm-up
 * makes the bytes a build step would have made. Each variant is written to a cache directory
 * under the SHA-256 of the source's bytes and the settings, so that a restart, or another
 * instance on the machine, reuses it; a variant the compressor does not keep (larger than 95% of
 * its source) is not cached either, but a marker remembers that. Blocking; the files are
 * compressed in parallel on a pool of one thread per core, torn down after the build.
 */
final class WarmUpCompression {

  private static final System.Logger LOG = System.getLogger(WarmUpCompression.class.getName());
  private static final Compressor COMPRESSOR = new Compressor(Compressor.Settings.DEFAULTS);

  private final Path cache;
  private final AtomicInteger made = new AtomicInteger();
  private final AtomicInteger reused = new AtomicInteger();
  private final Map<Encoding, String> unavailable = new ConcurrentHashMap<>();

  WarmUpCompression(Path cache) {
    this.cache = cache;
  }

  /** Files larger than this are not compressed at warm-up: they would hold the start-up for minutes. */
  static final long MAX_SOURCE_SIZE = 32L * 1024 * 1024;

  /**
   * Returns the default cache, {@code vertx-assets-variants-<user>} in the JVM's temporary
   * directory, created private (0700) if absent. Its bytes are sent as the site's own, so it must
   * be this user's and writable by nobody else: a directory that another local user made first,
   * in a temporary directory anyone may write, is refused.
   *
   * @throws IllegalArgumentException naming compressionCacheDir when it is not private
   */
  static Path defaultCache() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vertx-assets-variants-" + user);
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createDirectory(dir);
        }
      }
      PosixFileAttributes attrs = Files.readAttributes(dir,
          PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String owner = attrs.owner().getName();
      boolean shared = attrs.permissions().contains(PosixFilePermission.GROUP_WRITE)
          || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE);
      if (!owner.equals(System.getProperty("user.name")) || shared || !attrs.isDirectory()) {
        throw new IllegalArgumentException("compressionCacheDir: " + dir + " is owned by " + owner
            + (shared ? " and writable by others" : "") + ", so its files could be another user's; remove it,"
            + " or set compressionCacheDir to a private directory");
      }
    } catch (UnsupportedOperationException notPosix) {
      // No POSIX permissions here (Windows): the per-user temporary directory is private already.
    } catch (IOException e) {
      throw new IllegalArgumentException("compressionCacheDir: cannot create " + dir + ": " + e
          + "; set compressionCacheDir to a writable directory", e);
    }
    return dir;
  }

  /** Returns whether a root's files hold no precompressed variant at all (so {@code auto} compresses it). */
  static boolean hasNoVariants(Map<String, Found> files) {
    for (String rel : files.keySet()) {
      if (Encoding.hasVariantSuffix(rel)) {
        return false;
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
      long size = f.getValue().size();
      if (Codecs.isCompressible(name) && size > 0 && size <= MAX_SOURCE_SIZE) {
        sources.add(f);
      } else if (size > MAX_SOURCE_SIZE && Codecs.isCompressible(name)) {
        LOG.log(Level.INFO, "vertx-assets: warm-up compression skips {0}: larger than {1} bytes; compress it"
            + " at build time (java -jar vertx-assets.jar compress)", f.getValue().file(), MAX_SOURCE_SIZE);
      }
    }
    Map<String, Found> result = new HashMap<>(files);
    ExecutorService pool = Compressor.newPool(Runtime.getRuntime().availableProcessors());
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
      throw new IllegalArgumentException("compressionCacheDir: warm-up compression into " + cache + " failed: "
          + e.getCause() + "; give a writable directory, or set warmUpCompression to off", e.getCause());
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
    for (Encoding encoding : Encoding.STORED) {
      if (files.containsKey(rel + encoding.suffix) || unavailable.containsKey(encoding)) {
        continue;
      }
      if (bytes == null) {
        bytes = Files.readAllBytes(source.file());
        if (bytes.length != source.size()) {
          return variants; // Being rewritten: the index reads it again and a later build compresses it.
        }
        sha = ContentHash.sha256Hex(bytes);
      }
      String key = key(encoding);
      Path none = cache.resolve(sha + "." + key + ".none");
      if (Files.exists(none)) {
        reused.incrementAndGet();
        continue;
      }
      Path file = cached(sha, key);
      if (file == null) {
        byte[] compressed;
        try {
          compressed = COMPRESSOR.variant(encoding, bytes);
        } catch (RuntimeException | LinkageError e) {
          if (unavailable.putIfAbsent(encoding, e.toString()) == null) {
            LOG.log(Level.WARNING, "vertx-assets: warm-up compression: {0} is not available here, so no {1}"
                + " variants are made: {2}", key, encoding.token, e.toString());
          }
          continue;
        }
        if (compressed == null) {
          write(none, new byte[0]);
          made.incrementAndGet();
          continue;
        }
        // Named by the variant's own hash too, so that a reuse can check the bytes it sends.
        file = cache.resolve(sha + "." + key + "." + ContentHash.sha256Hex(compressed).substring(0, 32));
        write(file, compressed);
        made.incrementAndGet();
      } else {
        reused.incrementAndGet();
      }
      variants.put(rel + encoding.suffix, new Found(file, Files.size(file), source.lastModified()));
    }
    return variants;
  }

  /** Returns the key of an encoding and its level in cache names: {@code br11}, {@code zstd18}, {@code gzip9}. */
  private static String key(Encoding encoding) {
    return encoding.token + COMPRESSOR.settings().level(encoding);
  }

  /**
   * Returns the cached variant of a source and encoding whose bytes still have the hash its name
   * gives, or null; a file that does not (cut short by a crash, changed by hand) is deleted.
   */
  private Path cached(String sha, String key) throws IOException {
    String prefix = sha + "." + key + ".";
    try (DirectoryStream<Path> found = Files.newDirectoryStream(cache, prefix + "*")) {
      for (Path file : found) {
        String hash = file.getFileName().toString().substring(prefix.length());
        if (hash.length() == 32 && ContentHash.sha256Hex(Files.readAllBytes(file)).startsWith(hash)) {
          return file;
        }
        LOG.log(Level.WARNING, "vertx-assets: warm-up compression: {0} does not hold what its name says; it is"
            + " made again", file);
        Files.deleteIfExists(file);
      }
    }
    return null;
  }

  /** Writes a cache file whole or not at all, on disk before it is named: another instance may be reading. */
  private static void write(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp,
          StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
