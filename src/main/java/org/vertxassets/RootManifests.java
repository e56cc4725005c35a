package org.vertxassets;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vertxassets.impl.codec.Manifest;

/**
 * What the manifests at a root's top say, read while the index is built: the {@code manifest.json}
 * that {@code build} writes (parsed by {@link Manifest}), and a Vite manifest
 * ({@code .vite/manifest.json}). Files they list are content-hashed, hence immutable whatever
 * their names; ours also gives each file's SHA-256, which becomes its ETag without hashing the
 * file again; both map source names to hashed names for {@link AssetUrls}. Blocking.
 *
 * @param ours whether the root's {@code manifest.json} is one that {@code build} wrote (not served)
 * @param immutable paths, relative to the root, of content-hashed files, by either manifest
 * @param vite the paths of {@code immutable} that Vite's manifest lists
 * @param hashes SHA-256 (hex) and size of files, by path relative to the root, and the time the
 *     manifest was written: a file changed since then is hashed again
 * @param urls source name to hashed path, both relative to the root
 * @param viteEntries what each entry of Vite's manifest loads first, by its name there
 *     ({@code index.html}, {@code src/main.tsx}), paths relative to the root
 */
record RootManifests(boolean ours, Set<String> immutable, Set<String> vite, Map<String, Known> hashes,
    Map<String, String> urls, Map<String, ViteEntry> viteEntries) {

  private static final System.Logger LOG = System.getLogger(RootManifests.class.getName());

  static final String VITE = ".vite/manifest.json";

  /**
   * A file's content hash as a manifest gives it, valid for a file of that size not modified
   * since, and its Subresource Integrity, or null.
   */
  record Known(String sha256, long size, long writtenMillis, String integrity) {
  }

  /**
   * What a Vite entry loads first, as Vite's backend-integration guide renders it.
   *
   * @param css its stylesheets and those of the chunks it imports, for {@code <link rel="stylesheet">}
   * @param module its own module, for {@code <script type="module">}
   * @param imports the chunks it imports, followed depth-first, each once, for
   *     {@code <link rel="modulepreload">}; not its dynamic imports, loaded when needed
   */
  record ViteEntry(List<String> css, String module, List<String> imports) {

    /** Returns this entry with every path under {@code prefix}. */
    ViteEntry under(String prefix) {
      return new ViteEntry(css.stream().map(prefix::concat).toList(), module == null ? null : prefix + module,
          imports.stream().map(prefix::concat).toList());
    }

    /** Returns the {@code Link}s that announce it: the stylesheets first, then the modules. */
    List<PageLinks.Link> links() {
      List<PageLinks.Link> links = new ArrayList<>();
      css.forEach(path -> links.add(new PageLinks.Link(path, "rel=preload; as=style; crossorigin")));
      if (module != null) {
        links.add(new PageLinks.Link(module, "rel=modulepreload; crossorigin"));
      }
      imports.forEach(path -> links.add(new PageLinks.Link(path, "rel=modulepreload; crossorigin")));
      return links;
    }
  }

  static final RootManifests NONE = new RootManifests(false, Set.of(), Set.of(), Map.of(), Map.of(), Map.of());

  /** Returns what the manifests of {@code root} say, or {@link #NONE}; a broken one is reported and ignored. */
  static RootManifests read(Path root) {
    Set<String> immutable = new HashSet<>();
    Map<String, Known> hashes = new HashMap<>();
    Map<String, String> urls = new HashMap<>();
    boolean ours = readOurs(root.resolve(Manifest.NAME), immutable, hashes, urls);
    Set<String> vite = new HashSet<>();
    Map<String, ViteEntry> viteEntries = new HashMap<>();
    readVite(root.resolve(VITE), vite, urls, viteEntries);
    immutable.addAll(vite);
    if (!ours && immutable.isEmpty() && urls.isEmpty()) {
      return NONE;
    }
    return new RootManifests(ours, Set.copyOf(immutable), Set.copyOf(vite), Map.copyOf(hashes), Map.copyOf(urls),
        Map.copyOf(viteEntries));
  }

  /**
   * Reads our own manifest and returns whether it was ours. A {@code manifest.json} of another
   * shape (a web app manifest) is a file like any other; one that is not JSON is reported.
   */
  private static boolean readOurs(Path file, Set<String> immutable, Map<String, Known> hashes, Map<String, String> urls) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    Manifest manifest;
    try {
      manifest = Manifest.read(file);
    } catch (IOException e) {
      warnUnreadable(file, e);
      return false;
    } catch (Manifest.FormatException e) {
      if (!e.isJson()) {
        warnUnreadable(file, e.getCause());
      }
      return false;
    }
    long written;
    try {
      written = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return true;
    }
    for (String source : manifest.invalid()) {
      LOG.log(Level.WARNING, "vertx-assets: {0}: the entry of {1} has no \"path\"; it is ignored", file, source);
    }
    for (Map.Entry<String, Manifest.Entry> e : manifest.files().entrySet()) {
      String source = e.getKey();
      Manifest.Entry entry = e.getValue();
      immutable.add(entry.path());
      urls.put(source, entry.path());
      if (entry.sha256() != null) {
        Known known = new Known(entry.sha256(), entry.size(), written, entry.integrity());
        hashes.put(entry.path(), known);
        hashes.put(source, known);
      }
    }
    // The hashed files of the earlier releases kept: immutable too, and their hashes known.
    for (Map<String, Manifest.Entry> release : manifest.earlier()) {
      for (Manifest.Entry entry : release.values()) {
        immutable.add(entry.path());
        if (entry.sha256() != null) {
          hashes.putIfAbsent(entry.path(), new Known(entry.sha256(), entry.size(), written, entry.integrity()));
        }
      }
    }
    return true;
  }

  /**
   * Reads Vite's manifest: every entry's {@code file}, {@code css} and {@code assets} are hashed,
   * and each entry's chunks are what it loads first.
   */
  private static void readVite(Path file, Set<String> immutable, Map<String, String> urls,
      Map<String, ViteEntry> entries) {
    JsonObject json = parseVite(file);
    if (json == null) {
      return;
    }
    for (String source : json.fieldNames()) {
      if (json.getValue(source) instanceof JsonObject chunk && Boolean.TRUE.equals(chunk.getValue("isEntry"))) {
        entries.put(source, viteEntry(json, source));
      }
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

  /** Returns what the Vite entry {@code key} loads first: the chunks it imports, followed depth-first, each once. */
  private static ViteEntry viteEntry(JsonObject manifest, String key) {
    Set<String> chunks = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(key));
    while (!todo.isEmpty()) {
      String k = todo.pop();
      if (chunks.add(k) && manifest.getValue(k) instanceof JsonObject chunk
          && chunk.getValue("imports") instanceof JsonArray imports) {
        for (int i = imports.size() - 1; i >= 0; i--) {
          if (imports.getValue(i) instanceof String imported) {
            todo.push(imported);
          }
        }
      }
    }
    Set<String> css = new LinkedHashSet<>();
    String module = null;
    Set<String> imports = new LinkedHashSet<>();
    for (String k : chunks) {
      if (!(manifest.getValue(k) instanceof JsonObject chunk)) {
        continue;
      }
      if (chunk.getValue("file") instanceof String built) {
        if (built.endsWith(".css")) {
          css.add(built);
        } else if (k.equals(key)) {
          module = built;
        } else {
          imports.add(built);
        }
      }
      if (chunk.getValue("css") instanceof JsonArray list) {
        list.forEach(c -> {
          if (c instanceof String path) {
            css.add(path);
          }
        });
      }
    }
    return new ViteEntry(List.copyOf(css), module, List.copyOf(imports));
  }

  private static JsonObject parseVite(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException | ClassCastException e) {
      warnUnreadable(file, e);
      return null;
    }
  }

  private static void warnUnreadable(Path file, Throwable e) {
    LOG.log(Level.WARNING, "vertx-assets: {0} cannot be read as a manifest, so its files are not known to be"
        + " content-hashed: {1}", file, e.toString());
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
