package org.vertxassets;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the manifests at a root's top say, read while the index is built: the {@code manifest.json}
 * that {@code build} writes, and a Vite manifest ({@code .vite/manifest.json}). Files they list
 * are content-hashed, hence immutable whatever their names; ours also gives each file's SHA-256,
 * which becomes its ETag without hashing the file again; both map source names to hashed names
 * for {@link AssetUrls}. Blocking.
 *
 * @param immutable paths, relative to the root, of content-hashed files
 * @param hashes SHA-256 (hex) and size of files, by path relative to the root, and the time the
 *     manifest was written: a file changed since then is hashed again
 * @param urls source name to hashed path, both relative to the root
 */
record Manifests(Set<String> immutable, Map<String, Known> hashes, Map<String, String> urls) {

  private static final System.Logger LOG = System.getLogger(Manifests.class.getName());

  static final String OURS = "manifest.json";
  static final String VITE = ".vite/manifest.json";

  /** A file's content hash as a manifest gives it, valid for a file of that size not modified since. */
  record Known(String sha256, long size, long writtenMillis) {
  }

  static final Manifests NONE = new Manifests(Set.of(), Map.of(), Map.of());

  /** Returns what the manifests of {@code root} say, or {@link #NONE}; a broken one is reported and ignored. */
  static Manifests read(Path root) {
    Set<String> immutable = new HashSet<>();
    Map<String, Known> hashes = new HashMap<>();
    Map<String, String> urls = new HashMap<>();
    readOurs(root.resolve(OURS), immutable, hashes, urls);
    readVite(root.resolve(VITE), immutable, urls);
    if (immutable.isEmpty() && urls.isEmpty()) {
      return NONE;
    }
    return new Manifests(Set.copyOf(immutable), Map.copyOf(hashes), Map.copyOf(urls));
  }

  /**
   * Reads {@code {"version": 1, "files": {"css/app.css": {"path", "sha256", "size"}}}}. A
   * {@code manifest.json} of another shape (a web app manifest) is a file like any other.
   */
  private static void readOurs(Path file, Set<String> immutable, Map<String, Known> hashes, Map<String, String> urls) {
    JsonObject json = parse(file);
    if (json == null || !Integer.valueOf(1).equals(json.getValue("version"))
        || !(json.getValue("files") instanceof JsonObject files)) {
      return;
    }
    long written;
    try {
      written = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return;
    }
    for (String source : files.fieldNames()) {
      if (!(files.getValue(source) instanceof JsonObject entry) || !(entry.getValue("path") instanceof String path)) {
        LOG.log(Level.WARNING, "vertx-assets: {0}: the entry of {1} has no \"path\"; it is ignored", file, source);
        continue;
      }
      immutable.add(path);
      urls.put(source, path);
      if (entry.getValue("sha256") instanceof String sha && sha.matches("[0-9a-f]{64}")
          && entry.getValue("size") instanceof Number size) {
        Known known = new Known(sha, size.longValue(), written);
        hashes.put(path, known);
        hashes.put(source, known);
      }
    }
  }

  /** Reads Vite's manifest: every entry's {@code file}, {@code css} and {@code assets} are hashed. */
  private static void readVite(Path file, Set<String> immutable, Map<String, String> urls) {
    JsonObject json = parse(file);
    if (json == null) {
      return;
    }
    for (String source : json.fieldNames()) {
      if (!(json.getValue(source) instanceof JsonObject chunk)) {
        continue;
      }
      if (chunk.getValue("file") instanceof String built) {
        immutable.add(built);
        urls.put(source, built);
      }
      for (String key : new String[] {"css", "assets"}) {
        if (chunk.getValue(key) instanceof JsonArray list) {
          list.forEach(p -> {
            if (p instanceof String path) {
              immutable.add(path);
            }
          });
        }
      }
    }
  }

  private static JsonObject parse(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException | ClassCastException e) {
      LOG.log(Level.WARNING, "vertx-assets: {0} cannot be read as a manifest, so its files are not known to be"
          + " content-hashed: {1}", file, e.toString());
      return null;
    }
  }

  /** Returns the known SHA-256 of a file, or null when the manifest does not vouch for it as it is now. */
  String sha256(String rel, long size, long lastModifiedSeconds) {
    Known known = hashes.get(rel);
    // Times of files are known to the second: one of the manifest's second may be newer than it.
    if (known == null || known.size() != size || lastModifiedSeconds >= known.writtenMillis() / 1000) {
      return null;
    }
    return known.sha256();
  }
}
