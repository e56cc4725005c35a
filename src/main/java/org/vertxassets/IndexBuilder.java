package org.vertxassets;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vertxassets.ContentReader.Content;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.impl.http.MimeTypes;
import org.vertxassets.impl.http.VaryHeader;

/** Builds an {@link AssetIndex}: walks the roots, hashes the files, renders the headers. Blocking. */
final class IndexBuilder {

  private static final System.Logger LOG = System.getLogger(IndexBuilder.class.getName());

  private static final CharSequence LINK = HttpHeaders.createOptimized("link");
  private static final CharSequence USE_AS_DICTIONARY = HttpHeaders.createOptimized("use-as-dictionary");
  private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("x-content-type-options");
  private static final String NO_CACHE = "no-cache";

  /** What an asset is built for: a path of its own, the single-page-app fallback, or the 404 page. */
  private enum Role {
    ASSET, SPA_FALLBACK, NOT_FOUND_PAGE
  }

  /** The files of one root, variants made at warm-up included, and what changes their headers. */
  private record Scan(AssetsOptions.Root root, Map<String, Found> files, DictionaryDeltas deltas, RootHeaders headers) {
  }

  private final AssetsOptions options;
  private final ImmutableRules immutable;
  private final ContentReader reader;
  private final OpenFiles openFiles;
  /** One copy of each header name and value, shared by every block of the index. */
  private final Map<String, CharSequence> interned = new HashMap<>();
  /** What the manifests of the root being indexed say. */
  private RootManifests manifests = RootManifests.NONE;
  /** The prefix of the root being indexed, whose manifests {@link #manifests} are. */
  private String rootPrefix = "/";
  /** The dictionary-compressed variants of the root being indexed. */
  private DictionaryDeltas deltas;
  /** The header rules and hook of the root being indexed. */
  private RootHeaders headers;
  /** The name rule that names the versions of a file, for its {@code Use-As-Dictionary}. */
  private final Pattern versions;
  /** The request paths of the files served immutable so far, which a page may announce. */
  private final Set<String> immutableKeys = new HashSet<>();
  /** Hashed request path to its Subresource Integrity, for the files whose bytes are the manifest's. */
  private final Map<String, String> integrities = new HashMap<>();
  /** Source name to hashed request path, from every root's manifests; the first root wins. */
  private final Map<String, String> urls = new HashMap<>();
  /** What each entry of the roots' Vite manifests loads first, by its name; the first root wins. */
  private final Map<String, RootManifests.ViteEntry> viteEntries = new HashMap<>();

  IndexBuilder(AssetsOptions options) {
    this.options = options;
    this.immutable = new ImmutableRules(options.getImmutablePattern());
    this.versions = ImmutableRules.versions(options.getImmutablePattern());
    this.reader = new ContentReader(options.getMemoryMaxFileSize(), options.getMemoryBudget());
    this.openFiles = new OpenFiles(options.getOpenFileLimit());
  }

  AssetIndex build() {
    long start = System.nanoTime();
    long now = System.currentTimeMillis() / 1000;
    if (options.getRoots().isEmpty()) {
      throw new IllegalArgumentException("roots: no root is configured; add a directory with addRoot(\"site\")"
          + " or \"roots\": [\"site\"]");
    }
    String names = System.getProperty("sun.jnu.encoding", "UTF-8");
    if (!names.equalsIgnoreCase("UTF-8")) {
      LOG.log(Level.WARNING, "vertx-assets: the JVM maps file names with {0}, so files whose names are not ASCII"
          + " cannot be served; start it in a UTF-8 locale (LC_ALL=C.UTF-8)", names);
    }
    Map<String, IndexEntry> entries = new HashMap<>();
    // File path to the path it is served at, for the files served elsewhere: those redirect.
    Map<String, String> moved = new LinkedHashMap<>();
    Asset spaFallback = null;
    Asset notFoundPage = null;
    List<Scan> scans = new ArrayList<>();
    List<Found> servable = new ArrayList<>();
    for (AssetsOptions.Root root : ClasspathRoots.directories(options.getRoots())) {
      Map<String, Found> files = RootScanner.scan(root, options.isIndexDotfiles());
      RootHeaders rootHeaders = RootHeaders.take(files, options);
      AssetsOptions.WarmUpCompression warmUp = options.getWarmUpCompression();
      if (warmUp == AssetsOptions.WarmUpCompression.ON
          || warmUp == AssetsOptions.WarmUpCompression.AUTO && WarmUpCompression.hasNoVariants(files)) {
        String dir = options.getCompressionCacheDir();
        files = new WarmUpCompression(dir == null ? WarmUpCompression.defaultCache() : Path.of(dir)).addVariants(files);
      }
      DictionaryDeltas found = new DictionaryDeltas(files.keySet());
      scans.add(new Scan(root, files, found, rootHeaders));
      for (String rel : files.keySet()) {
        if (!Encoding.isVariant(rel, files::containsKey) && !found.isDelta(rel)) {
          servable.addAll(forms(rel, files).values());
          for (String d : found.of(rel)) {
            servable.add(files.get(d));
          }
        }
      }
    }
    reader.chooseHeld(servable);
    for (Scan scan : scans) {
      AssetsOptions.Root root = scan.root();
      Map<String, Found> files = scan.files();
      manifests = RootManifests.read(Path.of(root.directory()));
      rootPrefix = root.prefix();
      deltas = scan.deltas();
      headers = scan.headers();
      for (Map.Entry<String, String> u : manifests.urls().entrySet()) {
        urls.putIfAbsent(root.prefix() + u.getKey(), root.prefix() + u.getValue());
      }
      manifests.viteEntries().forEach((name, entry) ->
          viteEntries.putIfAbsent(root.prefix() + name, entry.under(root.prefix())));
      int immutableBefore = immutable.total();
      // Pages last: a page announces the immutable files it links, which are known by then.
      for (boolean pages : new boolean[] {false, true}) {
        for (Map.Entry<String, Found> f : files.entrySet()) {
          String rel = f.getKey();
          if (Encoding.isVariant(rel, files::containsKey) || deltas.isDelta(rel) || MimeTypes.isPage(rel) != pages) {
            continue;
          }
          if (manifests.ours() && rel.equals(Manifest.NAME)) {
            continue; // the build's bookkeeping: it lists the site's files, it is not one of them
          }
          String file = root.prefix() + rel;
          if (spaFallback == null && file.equals(options.getSpaFallback())) {
            spaFallback = asset(file, rel, files, now, Role.SPA_FALLBACK);
          }
          if (notFoundPage == null && file.equals(options.getNotFoundPage())) {
            notFoundPage = asset(file, rel, files, now, Role.NOT_FOUND_PAGE);
          }
          String key = Redirect.servedAt(file, options.getIndexFile(), options.isCleanUrls());
          if (entries.containsKey(key)) {
            LOG.log(Level.WARNING, "vertx-assets: {0} in {1} is not served: {2} is already served from another"
                + " file (the first root that has a path wins, and a file wins over a page''s clean URL)",
                rel, root.directory(), key);
            continue;
          }
          Asset asset = asset(key, rel, files, now, Role.ASSET);
          if (asset != null) {
            entries.put(key, asset);
            if (!key.equals(file)) {
              moved.put(file, key);
            }
          }
        }
      }
      if (!options.isDevelopment() && immutable.total() == immutableBefore && ImmutableRules.looksBundled(files.keySet())) {
        LOG.log(Level.WARNING, "vertx-assets: {0} looks like a bundler''s output, but no file of it is content-hashed by"
            + " name, folder or manifest, so every file is cached for {1} s only; set immutablePattern"
            + " (--immutable-pattern) to the names your bundler writes, or have it write its manifest", root.directory(),
            Long.toString(options.getMaxAgeSeconds()));
      }
    }
    Redirect.addFor(entries, moved);
    required(spaFallback, "spaFallback", options.getSpaFallback());
    required(notFoundPage, "notFoundPage", options.getNotFoundPage());
    return new AssetIndex(entries, Duration.ofNanos(System.nanoTime() - start), openFiles,
        options.getMemoryBudget() - reader.budgetLeft(),
        new AssetIndex.Pages(spaFallback, options.getSpaPrefix(), notFoundPage, options.getMimeTypes()),
        new AssetIndex.Names(urls, integrities, viteEntries), immutable.counts());
  }

  /** Fails the build when a page the options name is not among the files. */
  private void required(Asset built, String key, String path) {
    if (path != null && built == null) {
      throw new IllegalArgumentException(key + ": " + path + " is not a readable file of the roots "
          + options.getRoots().stream().map(AssetsOptions.Root::directory).toList()
          + "; give the path of a file there, relative to the mount point, or remove '" + key + "'");
    }
  }

  /**
   * Returns the stored forms of the file {@code rel}: the file itself, then each sibling variant
   * ({@code rel.br}, ...) that is smaller than it, in {@link Encoding#STORED} order.
   */
  private static Map<Encoding, Found> forms(String rel, Map<String, Found> files) {
    Found original = files.get(rel);
    Map<Encoding, Found> forms = new LinkedHashMap<>();
    forms.put(Encoding.IDENTITY, original);
    for (Encoding e : Encoding.STORED) {
      Found sibling = files.get(rel + e.suffix);
      if (sibling != null && sibling.size() < original.size()) {
        forms.put(e, sibling);
      }
    }
    return forms;
  }

  /** Returns the asset served at {@code key}, or null (with a warning) when its file cannot be read. */
  private Asset asset(String key, String rel, Map<String, Found> files, long now, Role role) {
    Map<Encoding, Found> forms = forms(rel, files);
    List<Found> found = new ArrayList<>(forms.values());
    List<Encoding> encodings = new ArrayList<>(forms.keySet());
    List<Content> contents = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      Content content = readSettled(found, i, i == 0 ? rel : rel + encodings.get(i).suffix);
      if (content == null && i == 0) {
        return null;
      }
      contents.add(content);
    }
    RootManifests.Known known = manifests.hashes().get(rel);
    if (role == Role.ASSET && known != null && known.integrity() != null
        && ContentHash.etag(known.sha256()).equals(contents.get(0).etag())) {
      // The integrity the manifest gives holds for the bytes served: they hash as it says.
      integrities.put(key, known.integrity());
    }
    // RFC 9110 §8.8.2.1: a Last-Modified later than the server's clock is replaced by the clock.
    long lastModified = Math.min(found.get(0).lastModified(), now);

    String name = rel.substring(rel.lastIndexOf('/') + 1);
    String contentType = MimeTypes.contentType(name, options.getMimeTypes());
    MultiMap common = HttpHeaders.headers().add(HttpHeaders.CONTENT_TYPE, contentType);
    if (role != Role.NOT_FOUND_PAGE) {
      // A 404 page is no representation of the URL it answers: no validators, no ranges.
      common.add(HttpHeaders.LAST_MODIFIED, HttpDates.format(lastModified));
    }
    common.add(HttpHeaders.CACHE_CONTROL, role == Role.ASSET ? cacheControl(key, rel, contentType) : NO_CACHE);
    boolean announces = role != Role.NOT_FOUND_PAGE && contentType.startsWith("text/html") && options.isEarlyHints();
    String links = announces ? links(key, rel, found.get(0), contents.get(0)) : null;
    if (links != null) {
      common.add(LINK, links);
    }
    if (role != Role.NOT_FOUND_PAGE) {
      common.add(HttpHeaders.ACCEPT_RANGES, "bytes");
    }
    common.add(X_CONTENT_TYPE_OPTIONS, "nosniff");
    if (options.isAllowAllOrigins()) {
      common.add(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }
    long usable = contents.stream().filter(c -> c != null).count();
    Map<String, List<DictionaryDeltas.Delta>> deltaFiles = role == Role.ASSET && options.isDictionaries()
        ? deltas.read(rel, files, (f, r) -> readSettled(new ArrayList<>(List.of(f)), 0, r)) : Map.of();
    // The fallback answers depend on Accept too: a cache must not give it to an API client.
    if (role == Role.SPA_FALLBACK) {
      common.add(HttpHeaders.VARY, usable > 1 ? "Accept, Accept-Encoding" : "Accept");
    } else if (!deltaFiles.isEmpty()) {
      common.add(HttpHeaders.VARY, VaryHeader.ACCEPT_ENCODING_AND_DICTIONARY);
    } else if (usable > 1) {
      common.add(HttpHeaders.VARY, VaryHeader.ACCEPT_ENCODING);
    }
    String dictionary = role == Role.ASSET && options.isDictionaries() && immutableKeys.contains(key)
        ? DictionaryDeltas.useAsDictionary(versions, rel) : null;
    if (dictionary != null) {
      common.add(USE_AS_DICTIONARY, dictionary);
    }
    headers.apply(key, rootPrefix + rel, common);

    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (contents.get(i) != null) {
        variants.add(variant(encodings.get(i), found.get(i), contents.get(i), common, role));
      }
    }
    variants.sort(Comparator.comparingLong(Variant::length));
    Map<String, List<Variant>> deltaVariants = new HashMap<>();
    deltaFiles.forEach((dictionaryKey, list) -> {
      List<Variant> made = new ArrayList<>();
      for (DictionaryDeltas.Delta d : list) {
        made.add(variant(d.encoding(), d.file(), d.content(), common, role));
      }
      made.sort(Comparator.comparingLong(Variant::length));
      deltaVariants.put(dictionaryKey, made);
    });
    return new Asset(key, lastModified, variants, variants.stream()
        .filter(v -> v.encoding() == Encoding.IDENTITY).findFirst().orElseThrow(),
        // The 103 says what the 200 says: the page's links, and those the rules or the hook added.
        announces && common.contains(LINK)
            ? HttpHeaders.headers().add(LINK, String.join(", ", common.getAll(LINK))).copy(false) : null,
        deltaVariants);
  }

  /**
   * Returns the {@code Link} value that announces the immutable files a page loads first, or null
   * when it loads none (or cannot be read now: it is then served without). They are those Vite's
   * manifest gives for the page when it has it as an entry, then those the page's HTML links.
   */
  private String links(String pagePath, String rel, Found page, Content content) {
    String html;
    try {
      html = content.body() != null ? content.body().toString(StandardCharsets.UTF_8)
          : Files.readString(page.file(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
    return PageLinks.header(html, pagePath, manifests.viteEntries().get(rel), rootPrefix, immutableKeys);
  }

  /**
   * Returns the content of {@code found.get(i)}, listing the file again when it changed size
   * while it was read (an editor or a build writing it): a rebuild in development mode then sees
   * the file before or after, never skips it. Null when it cannot be read or never settles.
   */
  private Content readSettled(List<Found> found, int i, String rel) {
    Found f = found.get(i);
    for (int attempt = 1; ; attempt++) {
      Content content = reader.read(f, manifests.sha256(rel, f.size(), f.lastModified()));
      if (content != ContentReader.CHANGED) {
        return content;
      }
      if (attempt == 3) {
        LOG.log(Level.WARNING, "vertx-assets: skipped {0}: it kept changing size while being indexed", f.file());
        return null;
      }
      f = RootScanner.listAgain(f);
      if (f == null) {
        return null;
      }
      found.set(i, f);
    }
  }

  /** Returns the Cache-Control of the asset at {@code key}, noting it among the immutable ones when it is. */
  private String cacheControl(String key, String rel, String contentType) {
    if (options.isDevelopment()) {
      return NO_CACHE;
    }
    if (immutable.match(rel, manifests) != null) {
      immutableKeys.add(key);
      return options.getImmutableCacheControl();
    }
    if (contentType.startsWith("text/html")) {
      return options.getHtmlCacheControl();
    }
    return "public, max-age=" + options.getMaxAgeSeconds();
  }

  private Variant variant(Encoding encoding, Found file, Content content, MultiMap common, Role role) {
    String etag = content.etag();
    MultiMap ok = HttpHeaders.headers().addAll(common);
    if (role != Role.NOT_FOUND_PAGE) {
      ok.add(HttpHeaders.ETAG, etag);
    }
    ok.add(HttpHeaders.CONTENT_LENGTH, Long.toString(file.size()));
    if (encoding != Encoding.IDENTITY) {
      ok.add(HttpHeaders.CONTENT_ENCODING, encoding.token);
    }
    // RFC 9110 §15.4.5: a 304 carries the headers a 200 would have that describe caching.
    MultiMap notModified = HttpHeaders.headers().add(HttpHeaders.ETAG, etag);
    for (CharSequence name : List.of(HttpHeaders.CACHE_CONTROL, HttpHeaders.VARY, HttpHeaders.LAST_MODIFIED,
        HttpHeaders.EXPIRES, HttpHeaders.CONTENT_LOCATION)) {
      for (String value : common.getAll(name)) {
        notModified.add(name, value);
      }
    }
    String path = file.file().toString();
    // Cleartext HTTP/1.x sends a large file with sendfile(2) from a kept-open descriptor even when
    // its bytes are in memory for HTTP/2 and TLS; a file not in memory is always sent from one.
    boolean zeroCopy = content.body() == null || file.size() >= options.getZeroCopyMinFileSize();
    OpenFiles.Slot slot = zeroCopy ? openFiles.slot(path) : null;
    if (slot != null && options.isDevelopment()) {
      // Files change all the time in development: hold the one that was hashed from now on.
      slot.openNow();
    }
    return new Variant(encoding, path, file.size(), etag,
        HeaderBlock.of(ok, interned), HeaderBlock.of(notModified, interned), content.body(), slot);
  }
}
