package org.vertxassets;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Resolves the source name of an asset to the URL of its content-hashed copy, for templates:
 * {@code url("css/app.css")} returns {@code "/static/css/app.3f2a9c1b7e4d.css"}. The names come
 * from the manifests of the roots ({@code manifest.json} written by {@code build}, or Vite's
 * {@code .vite/manifest.json}) as the index read them; for a Vite entry, {@link #css} and
 * {@link #imports} give what a page rendered by the server links beside it. Thread-safe; no I/O.
 *
 * <p>Strict (the default, as Django's {@code manifest_strict}): a name no manifest lists is an
 * error, so that a typo or a file left out of the build fails the page instead of linking a URL
 * that is not cached forever. Lenient: such a name is returned as it is, under the mount path.
 */
public final class AssetUrls {

  private final Supplier<AssetIndex> index;
  private final String mountPath;
  private final boolean strict;

  private AssetUrls(Supplier<AssetIndex> index, String mountPath, boolean strict) {
    this.index = index;
    this.mountPath = mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath;
    this.strict = strict;
  }

  /**
   * Returns strict URLs of the assets a handler serves under {@code mountPath} (where its route
   * is mounted, such as {@code /static/}); they follow the handler's {@link AssetsHandler#update}.
   */
  public static AssetUrls create(AssetsHandler handler, String mountPath) {
    Objects.requireNonNull(handler, "handler");
    return new AssetUrls(handler::index, checked(mountPath), true);
  }

  /** Returns strict URLs of the assets of {@code index} served under {@code mountPath}. */
  public static AssetUrls create(AssetIndex index, String mountPath) {
    Objects.requireNonNull(index, "index");
    return new AssetUrls(() -> index, checked(mountPath), true);
  }

  /** Returns these URLs, strict or lenient about names no manifest lists. */
  public AssetUrls strict(boolean strict) {
    return new AssetUrls(index, mountPath, strict);
  }

  /**
   * Returns the URL of the hashed copy of {@code name} (a path relative to the mount point, with
   * or without a leading {@code /}), percent-encoded.
   *
   * @throws IllegalArgumentException in strict mode, when no manifest lists {@code name}
   */
  public String url(String name) {
    String path = path(name);
    String hashed = index.get().hashedPath(path);
    if (hashed == null) {
      if (strict) {
        throw new IllegalArgumentException("no asset '" + name + "' in the manifests of the roots: build the"
            + " assets (java -jar vertx-assets.jar build SRC OUT) or correct the name");
      }
      hashed = path;
    }
    return mountPath + RequestPaths.encodePath(hashed);
  }

  /**
   * Returns the Subresource Integrity of the hashed copy of {@code name}, for a
   * {@code <script integrity>} or {@code <link integrity>} beside {@link #url}: {@code sha384-}
   * and base64, as {@code build} recorded it in {@code manifest.json} for the bytes served.
   *
   * @throws IllegalArgumentException in strict mode, when {@code build}'s manifest does not list
   *     {@code name} with an integrity that holds for the file served (a file changed since the
   *     build, or a manifest of another tool); lenient, null then
   */
  public String integrity(String name) {
    AssetIndex current = index.get();
    String hashed = current.hashedPath(path(name));
    String integrity = hashed == null ? null : current.integrity(hashed);
    if (integrity == null && strict) {
      throw new IllegalArgumentException("no integrity for '" + name + "': only files of a build's manifest.json"
          + " have one, as long as they are served as built; build the assets"
          + " (java -jar vertx-assets.jar build SRC OUT) or correct the name");
    }
    return integrity;
  }

  /**
   * Returns the URLs of the stylesheets that the Vite entry {@code name} needs, its own and those
   * of the chunks it imports, for the {@code <link rel="stylesheet">}s of a page the server
   * renders (Vite's backend integration), in order.
   *
   * @throws IllegalArgumentException in strict mode, when no Vite manifest has {@code name} as
   *     an entry; lenient, an empty list then
   */
  public List<String> css(String name) {
    RootManifests.ViteEntry entry = viteEntry(name);
    return entry == null ? List.of() : urls(entry.css());
  }

  /**
   * Returns the URLs of the chunks that the Vite entry {@code name} imports (followed through
   * their own imports, each once; not its dynamic imports), for the
   * {@code <link rel="modulepreload">}s of a page the server renders, beside the
   * {@code <script type="module">} of {@link #url}.
   *
   * @throws IllegalArgumentException in strict mode, when no Vite manifest has {@code name} as
   *     an entry; lenient, an empty list then
   */
  public List<String> imports(String name) {
    RootManifests.ViteEntry entry = viteEntry(name);
    return entry == null ? List.of() : urls(entry.imports());
  }

  private RootManifests.ViteEntry viteEntry(String name) {
    RootManifests.ViteEntry entry = index.get().viteEntry(path(name));
    if (entry == null && strict) {
      throw new IllegalArgumentException("no Vite entry '" + name + "' in the manifests of the roots: build with"
          + " build.manifest set (.vite/manifest.json) and name an entry of it, such as src/main.tsx");
    }
    return entry;
  }

  private List<String> urls(List<String> paths) {
    return paths.stream().map(p -> mountPath + RequestPaths.encodePath(p)).toList();
  }

  /** Returns a name relative to the mount point as the index's paths are written: with a leading {@code /}. */
  private static String path(String name) {
    Objects.requireNonNull(name, "name");
    return name.startsWith("/") ? name : "/" + name;
  }

  private static String checked(String mountPath) {
    Objects.requireNonNull(mountPath, "mountPath");
    if (!mountPath.startsWith("/")) {
      throw new IllegalArgumentException("mountPath must start with '/', such as \"/static/\", got '" + mountPath + "'");
    }
    return mountPath;
  }
}
