package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vertxassets.impl.http.MimeTypes;

/**
 * An immutable snapshot of every servable path and what to answer for it, decided once when it
 * is built: sizes, media types, entity tags, precompressed variants and response headers. A
 * request then costs a map lookup. Safe to share between event loops.
 *
 * <p>A file added to a root after the build is not served until a new index is built and given
 * to {@link AssetsHandler#update}.
 */
public final class AssetIndex {

  private final Map<String, IndexEntry> entries;
  private final int assetCount;
  private final int variantCount;
  private final long totalBytes;
  private final Duration buildTime;
  private final OpenFiles openFiles;
  private final long memoryBytes;
  private final Pages pages;
  private final Names names;
  private final Map<String, Integer> immutableFiles;

  /**
   * The pages that answer paths the index does not have.
   *
   * @param spaFallback the single-page app's HTML, built with its own headers, or null
   * @param spaPrefix the prefix of the paths the fallback answers
   * @param notFoundPage the page sent with a 404, without validators, or null
   * @param mimeTypes the media types the options add, by extension: a file type the fallback
   *     does not answer for
   */
  record Pages(Asset spaFallback, String spaPrefix, Asset notFoundPage, Map<String, String> mimeTypes) {

    Pages {
      mimeTypes = Map.copyOf(mimeTypes);
    }

    /**
     * Returns whether the fallback answers {@code path} (not in the index) for a client that
     * accepts HTML: a path under the prefix whose last segment names no file type, having no
     * extension or one no media type is known for. A route such as {@code /users/john.doe} gets
     * the app; a missing {@code /assets/app.js} or {@code /report.pdf} stays a 404.
     */
    boolean answers(String path) {
      if (spaFallback == null || path == null || !path.startsWith(spaPrefix)) {
        return false;
      }
      String name = path.substring(path.lastIndexOf('/') + 1);
      return name.indexOf('.') < 0 || MimeTypes.contentType(name, mimeTypes).startsWith(MimeTypes.OCTET_STREAM);
    }
  }

  /**
   * What the roots' manifests say of names, for {@link AssetUrls}; paths relative to the mount point.
   *
   * @param hashed the hashed path of each source path
   * @param integrities the Subresource Integrity of each hashed path whose bytes served match it
   * @param viteEntries what each entry of a Vite manifest loads first, by its name there
   */
  record Names(Map<String, String> hashed, Map<String, String> integrities,
      Map<String, RootManifests.ViteEntry> viteEntries) {

    Names {
      hashed = Map.copyOf(hashed);
      integrities = Map.copyOf(integrities);
      viteEntries = Map.copyOf(viteEntries);
    }
  }

  AssetIndex(Map<String, IndexEntry> entries, Duration buildTime, OpenFiles openFiles, long memoryBytes,
      Pages pages, Names names, Map<String, Integer> immutableFiles) {
    this.entries = Map.copyOf(entries);
    this.pages = pages;
    this.names = names;
    this.immutableFiles = Collections.unmodifiableMap(new LinkedHashMap<>(immutableFiles));
    this.buildTime = buildTime;
    this.openFiles = openFiles;
    this.memoryBytes = memoryBytes;
    int assets = 0;
    int variants = 0;
    long bytes = 0;
    for (IndexEntry e : this.entries.values()) {
      if (e instanceof Asset a) {
        assets++;
        variants += a.variants().size() - 1;
        bytes += a.identity().length();
      }
    }
    this.assetCount = assets;
    this.variantCount = variants;
    this.totalBytes = bytes;
  }

  /**
   * Returns a future of the index of {@code options}' roots, built on a worker thread: every
   * file-system call, hash and header rendering happens there, never on an event loop. The
   * future fails when the options are unusable (no root, a root that is not a directory); a file
   * that cannot be read is skipped with a warning.
   */
  public static Future<AssetIndex> build(Vertx vertx, AssetsOptions options) {
    AssetsOptions copy = new AssetsOptions(options);
    return vertx.executeBlocking(() -> buildBlocking(copy), false);
  }

  /**
   * Returns the index of {@code options}' roots. Blocks on file I/O and hashing; call from a
   * worker thread or before Vert.x starts, never from an event loop.
   *
   * @throws IllegalArgumentException when there is no root, or a root is not a readable directory
   */
  public static AssetIndex buildBlocking(AssetsOptions options) {
    return new IndexBuilder(new AssetsOptions(options)).build();
  }

  /** Returns what the index holds for a decoded request path relative to the mount point, or null. */
  IndexEntry lookup(String path) {
    return entries.get(path);
  }

  /** Returns every request path the index answers (files, index-file aliases and redirects), sorted. */
  public Set<String> paths() {
    return new TreeSet<>(entries.keySet());
  }

  /** Returns the number of servable files (an index file served at {@code /dir/} counts once). */
  public int assetCount() {
    return assetCount;
  }

  /** Returns the number of precompressed variants (.br, .zst, .gz) besides the files themselves. */
  public int variantCount() {
    return variantCount;
  }

  /** Returns the total size of the servable files, variants not counted. */
  public long totalBytes() {
    return totalBytes;
  }

  /**
   * Returns how many files are served as immutable ({@code Cache-Control} of
   * {@link AssetsOptions#setImmutableCacheControl}), by the rule that found them content-hashed:
   * {@code manifest.json}, {@code Vite's manifest}, {@code bundler folder}, {@code name}, in that
   * order, each present.
   */
  public Map<String, Integer> immutableFiles() {
    return immutableFiles;
  }

  /** Returns how many bytes of files and variants are held in memory, served without touching the disk. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Returns how many file descriptors the index holds open now. */
  int openFileCount() {
    return openFiles.size();
  }

  /**
   * Releases the files this index keeps open; each closes as soon as the responses still sending
   * from it end. The index keeps answering, opening a file per request. {@link AssetsHandler#update}
   * calls this on the index it replaces. Thread-safe.
   */
  public void close() {
    openFiles.close();
  }

  /**
   * Returns the hashed path of a source path, both relative to the mount point
   * ({@code /css/app.css} to {@code /css/app.3f2a9c1b7e4d.css}), as the roots' manifests give
   * it, or null.
   */
  String hashedPath(String path) {
    return names.hashed().get(path);
  }

  /**
   * Returns the Subresource Integrity of the file at a hashed path relative to the mount point,
   * as {@code build}'s manifest records it and the bytes served match, or null.
   */
  String integrity(String hashedPath) {
    return names.integrities().get(hashedPath);
  }

  /** Returns what the Vite entry {@code name} (a path relative to the mount point) loads first, or null. */
  RootManifests.ViteEntry viteEntry(String name) {
    return names.viteEntries().get(name);
  }

  /** Returns the pages that answer paths the index does not have. */
  Pages pages() {
    return pages;
  }

  /** Returns how long the build took. */
  public Duration buildTime() {
    return buildTime;
  }

  @Override
  public String toString() {
    return "AssetIndex[" + assetCount + " files, " + variantCount + " variants, " + totalBytes
        + " bytes, built in " + buildTime.toMillis() + " ms]";
  }
}
