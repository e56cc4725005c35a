package org.vertxassets;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vertxassets.impl.http.HashedNames;
import org.vertxassets.impl.http.HeaderRules;

/**
 * Every setting of the asset index, as a Vert.x data object: the JSON form (a verticle's config)
 * maps 1:1 onto the setters, and an unknown key or a value of the wrong type is rejected with a
 * message that names the key, so that a typo fails start-up instead of being ignored.
 *
 * <p>Not thread-safe; {@link AssetIndex#build} takes a copy, so later changes do not affect a
 * built index.
 */
@DataObject
public final class AssetsOptions {

  /** Default {@link #setIndexFile index file}: {@value}. */
  public static final String DEFAULT_INDEX_FILE = "index.html";
  /** Default of {@link #setCleanUrls}: {@value}. */
  public static final boolean DEFAULT_CLEAN_URLS = false;
  /** Default {@link #setMaxAgeSeconds max-age} of files that are neither hashed nor HTML: {@value}. */
  public static final long DEFAULT_MAX_AGE_SECONDS = 60;
  /**
   * Default {@link #setImmutablePattern immutable-file rule}: a file name whose last segment
   * before its extension (or its two or three, as in {@code .js.map}, Create React App's
   * {@code .chunk.js.map} and webpack's licence file {@code .js.LICENSE.txt}), after a {@code .}
   * or {@code -}, is a content hash as today's bundlers write it, or whose whole name before its
   * extension is 16 or more lowercase hex digits, one a letter at least: webpack's asset default
   * {@code [hash][ext]} ({@code 0b035c2711f36bad3336.png}; a shorter one, such as
   * {@code 3f2a9c1b.js}, is not taken for a hash):
   * <ul>
   *   <li>8 or more lowercase hex digits, one a letter at least: webpack's {@code [contenthash]}
   *       ({@code main.3b2f1e0c9a8d7e6f5a4b.js}), Parcel ({@code index.975ef6c8.js}), Create React
   *       App, Gatsby, Next.js chunks, and {@code build} ({@code app.3f2a9c1b7e4d.css});
   *   <li>exactly 8 base64url characters ({@code A-Z a-z 0-9 _ -}): Vite and Rollup
   *       ({@code index-DO7tlORW.js}), Astro ({@code index.CGp5rNF4.css}), SvelteKit; and
   *       esbuild's base32 ({@code main-HJ5KXKUX.js}), which Angular uses. Eight characters that
   *       read as a word are not a hash: all lowercase ({@code app-settings.js}), a capitalised
   *       or CamelCase word ({@code Montserrat-SemiBold.woff2}), a word and a number
   *       ({@code font-Inter400.woff2}), lowercase words joined by hyphens, all digits (a date),
   *       or a word in double underscores (the {@code __PAGE__} of Next.js's
   *       {@code __next.__PAGE__.txt}, rewritten by every build under that name).
   * </ul>
   * Names such as {@code bootstrap-reboot.css}, {@code jquery-3.7.1.min.js} and
   * {@code fontawesome.css} are not matched. Bundler folders ({@code _next/static/},
   * {@code _app/immutable/}, {@code _astro/}) and the files our manifest or Vite's lists are
   * immutable whatever this pattern.
   */
  public static final String DEFAULT_IMMUTABLE_PATTERN = HashedNames.DEFAULT_PATTERN;
  /** Default {@code Cache-Control} of a content-hashed file: {@value}. */
  public static final String DEFAULT_IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
  /** Default {@code Cache-Control} of an HTML file: {@value}. */
  public static final String DEFAULT_HTML_CACHE_CONTROL = "no-cache";
  /** Default of {@link #setDictionaries}: {@value}. */
  public static final boolean DEFAULT_DICTIONARIES = true;
  /** Default of {@link #setEarlyHints}: {@value}. */
  public static final boolean DEFAULT_EARLY_HINTS = true;
  /** Default of {@link #setAllowAllOrigins}: {@value}. */
  public static final boolean DEFAULT_ALLOW_ALL_ORIGINS = true;
  /** Default of {@link #setIndexDotfiles}: {@value}. */
  public static final boolean DEFAULT_INDEX_DOTFILES = false;
  /** Default {@link #setMemoryMaxFileSize largest file held in memory}, in bytes: {@value} (4 MiB). */
  public static final long DEFAULT_MEMORY_MAX_FILE_SIZE = 4L * 1024 * 1024;
  /** Default {@link #setMemoryBudget memory budget} for file contents, in bytes: {@value} (64 MiB). */
  public static final long DEFAULT_MEMORY_BUDGET = 64L * 1024 * 1024;
  /** Default {@link #setZeroCopyMinFileSize smallest file sent with sendfile(2)}, in bytes: {@value} (64 KiB). */
  public static final long DEFAULT_ZERO_COPY_MIN_FILE_SIZE = 64 * 1024;
  /** Default {@link #setOpenFileLimit limit of open files} an index keeps: {@value}. */
  public static final int DEFAULT_OPEN_FILE_LIMIT = 1024;
  /** When the index makes the br, zstd and gzip variants that a root lacks. */
  public enum WarmUpCompression {
    /** Never: only the variants found on disk are served. */
    OFF,
    /** For every compressible file that lacks a variant. */
    ON,
    /** For the roots that hold no variant at all (no build step ran), as {@code serve} does by default. */
    AUTO
  }

  /** Default of {@link #setWarmUpCompression}: {@code OFF} for the handler ({@code AUTO} for the bundled server). */
  public static final WarmUpCompression DEFAULT_WARM_UP_COMPRESSION = WarmUpCompression.OFF;
  /** Default {@link #setSpaPrefix prefix} under which the single-page-app fallback applies: {@value}. */
  public static final String DEFAULT_SPA_PREFIX = "/";
  /**
   * The prefix of a root that names a folder of the class path rather than of the file system:
   * {@code classpath:webroot} serves the {@code webroot/} resources of every jar and directory
   * of the class path, in class-path order.
   */
  public static final String CLASSPATH_SCHEME = "classpath:";

  /**
   * One directory served under a URL prefix (relative to where the handler is mounted).
   *
   * @param directory the directory on disk
   * @param prefix the URL prefix, starting and ending with {@code /}
   */
  public record Root(String directory, String prefix) {
    /** Validates both fields and normalises the prefix to start and end with {@code /}. */
    public Root {
      if (directory == null || directory.isBlank()) {
        throw new IllegalArgumentException("roots: a root needs a non-empty 'directory'");
      }
      prefix = normalisePrefix(prefix);
    }

    private static String normalisePrefix(String prefix) {
      if (prefix == null || prefix.isEmpty()) {
        return "/";
      }
      if (prefix.contains("\\") || prefix.contains("%") || prefix.contains("?")
          || prefix.contains("#") || prefix.contains("//")
          || ("/" + prefix + "/").contains("/../") || ("/" + prefix + "/").contains("/./")) {
        throw new IllegalArgumentException("roots: prefix '" + prefix
            + "' must be a plain URL path such as /vendor/ (no '..', '.', '//', '%', '?', '#' or '\\')");
      }
      String p = prefix.startsWith("/") ? prefix : "/" + prefix;
      return p.endsWith("/") ? p : p + "/";
    }
  }

  /**
   * Headers set on the files a path pattern matches, as a rule of a root's {@code _headers} file
   * sets them (README, "Headers by path"); in JSON {@code {"for": path, "set": {name: value},
   * "remove": [name]}}. Checked when made, as a file's rules are.
   *
   * @param path the pattern, relative to the mount point: {@code *} for any characters,
   *     {@code :name} for one segment ({@code /assets/*}, {@code /*.html})
   * @param set the headers to set, by name, in order
   * @param remove the headers to remove (ours, or those an earlier rule set)
   */
  public record HeaderRule(String path, Map<String, String> set, List<String> remove) {
    /**
     * Validates the rule and copies its map and list.
     *
     * @throws IllegalArgumentException naming the rule's path and what is wrong: the path, a name,
     *     a value, a header the server owns, or a rule that does nothing
     */
    public HeaderRule {
      Objects.requireNonNull(path, "headers: a rule needs a path ('for')");
      set = Collections.unmodifiableMap(new LinkedHashMap<>(set == null ? Map.of() : set));
      remove = remove == null ? List.of() : List.copyOf(remove);
      try {
        HeaderRules.of(path, set, remove);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("headers: " + e.getMessage(), e);
      }
    }

    /** A rule that sets {@code set} on the files {@code path} matches and removes nothing. */
    public HeaderRule(String path, Map<String, String> set) {
      this(path, set, List.of());
    }
  }

  private List<Root> roots = new ArrayList<>();
  private String indexFile = DEFAULT_INDEX_FILE;
  private boolean cleanUrls = DEFAULT_CLEAN_URLS;
  private long maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
  private String immutablePattern = DEFAULT_IMMUTABLE_PATTERN;
  private String immutableCacheControl = DEFAULT_IMMUTABLE_CACHE_CONTROL;
  private String htmlCacheControl = DEFAULT_HTML_CACHE_CONTROL;
  private boolean allowAllOrigins = DEFAULT_ALLOW_ALL_ORIGINS;
  private boolean earlyHints = DEFAULT_EARLY_HINTS;
  private boolean dictionaries = DEFAULT_DICTIONARIES;
  private Map<String, String> mimeTypes = new TreeMap<>();
  private boolean indexDotfiles = DEFAULT_INDEX_DOTFILES;
  private BiConsumer<String, MultiMap> headersHook;
  private List<HeaderRule> headers = new ArrayList<>();
  private long memoryMaxFileSize = DEFAULT_MEMORY_MAX_FILE_SIZE;
  private long memoryBudget = DEFAULT_MEMORY_BUDGET;
  private long zeroCopyMinFileSize = DEFAULT_ZERO_COPY_MIN_FILE_SIZE;
  private int openFileLimit = DEFAULT_OPEN_FILE_LIMIT;
  private String spaFallback;
  private String spaPrefix = DEFAULT_SPA_PREFIX;
  private String notFoundPage;
  private WarmUpCompression warmUpCompression = DEFAULT_WARM_UP_COMPRESSION;
  private String compressionCacheDir;
  /** Development mode: every response says {@code Cache-Control: no-cache}. Set by the verticle. */
  private boolean development;

  /** Creates options with every default and no root. */
  public AssetsOptions() {
  }

  /** Creates a copy of {@code other}, the headers hook included. */
  public AssetsOptions(AssetsOptions other) {
    roots = new ArrayList<>(other.roots);
    indexFile = other.indexFile;
    cleanUrls = other.cleanUrls;
    maxAgeSeconds = other.maxAgeSeconds;
    immutablePattern = other.immutablePattern;
    immutableCacheControl = other.immutableCacheControl;
    htmlCacheControl = other.htmlCacheControl;
    allowAllOrigins = other.allowAllOrigins;
    earlyHints = other.earlyHints;
    dictionaries = other.dictionaries;
    mimeTypes = new TreeMap<>(other.mimeTypes);
    indexDotfiles = other.indexDotfiles;
    headersHook = other.headersHook;
    headers = new ArrayList<>(other.headers);
    memoryMaxFileSize = other.memoryMaxFileSize;
    memoryBudget = other.memoryBudget;
    zeroCopyMinFileSize = other.zeroCopyMinFileSize;
    openFileLimit = other.openFileLimit;
    spaFallback = other.spaFallback;
    spaPrefix = other.spaPrefix;
    notFoundPage = other.notFoundPage;
    warmUpCompression = other.warmUpCompression;
    compressionCacheDir = other.compressionCacheDir;
    development = other.development;
  }

  /**
   * Creates options from their JSON form (the keys are the setters' names).
   *
   * @throws IllegalArgumentException naming the key, for an unknown key, a value of the wrong
   *     type, or a value a setter rejects
   */
  public AssetsOptions(JsonObject json) {
    OptionsJson.read(json, this);
  }

  /** Returns the keys of the JSON form, each named as in {@link #toJson()}. */
  public static List<String> jsonKeys() {
    return OptionsJson.KEYS;
  }

  /** Returns the JSON form of these options (the headers hook, being code, is not part of it). */
  public JsonObject toJson() {
    JsonArray rootsJson = new JsonArray();
    for (Root r : roots) {
      rootsJson.add(new JsonObject().put("directory", r.directory()).put("prefix", r.prefix()));
    }
    JsonArray headersJson = new JsonArray();
    for (HeaderRule r : headers) {
      JsonObject rule = new JsonObject().put("for", r.path()).put("set", new JsonObject(new LinkedHashMap<>(r.set())));
      if (!r.remove().isEmpty()) {
        rule.put("remove", new JsonArray(r.remove()));
      }
      headersJson.add(rule);
    }
    return new JsonObject()
        .put("roots", rootsJson)
        .put("indexFile", indexFile)
        .put("cleanUrls", cleanUrls)
        .put("maxAgeSeconds", maxAgeSeconds)
        .put("immutablePattern", immutablePattern)
        .put("immutableCacheControl", immutableCacheControl)
        .put("htmlCacheControl", htmlCacheControl)
        .put("allowAllOrigins", allowAllOrigins)
        .put("earlyHints", earlyHints)
        .put("dictionaries", dictionaries)
        .put("mimeTypes", new JsonObject(new TreeMap<>(mimeTypes)))
        .put("indexDotfiles", indexDotfiles)
        .put("headers", headersJson)
        .put("memoryMaxFileSize", memoryMaxFileSize)
        .put("memoryBudget", memoryBudget)
        .put("zeroCopyMinFileSize", zeroCopyMinFileSize)
        .put("openFileLimit", openFileLimit)
        .put("spaFallback", spaFallback)
        .put("spaPrefix", spaPrefix)
        .put("notFoundPage", notFoundPage)
        .put("warmUpCompression", warmUpCompression.name().toLowerCase(Locale.ROOT))
        .put("compressionCacheDir", compressionCacheDir);
  }

  /** Returns the roots, in the order they are searched (the first one that has a path wins). */
  public List<Root> getRoots() {
    return List.copyOf(roots);
  }

  /** Adds a directory served at the mount point itself. No root by default. */
  public AssetsOptions addRoot(String directory) {
    return addRoot(directory, "/");
  }

  /** Adds a directory served under {@code prefix}, relative to the mount point. */
  public AssetsOptions addRoot(String directory, String prefix) {
    roots.add(new Root(directory, prefix));
    return this;
  }

  /** Replaces the roots. */
  public AssetsOptions setRoots(List<Root> roots) {
    this.roots = new ArrayList<>(roots);
    return this;
  }

  /** Returns the file name served for a directory path, or null when that is off. */
  public String getIndexFile() {
    return indexFile;
  }

  /**
   * Sets the file that {@code /dir/} serves ({@code /dir} and {@code /dir/index.html} then redirect
   * to {@code /dir/}); null turns index files and their redirects off. Default {@value #DEFAULT_INDEX_FILE}.
   */
  public AssetsOptions setIndexFile(String indexFile) {
    if (indexFile != null && (indexFile.isEmpty() || indexFile.contains("/") || indexFile.contains("\\")
        || indexFile.equals(".") || indexFile.equals(".."))) {
      throw new IllegalArgumentException("indexFile must be a plain file name such as \"index.html\", or null to"
          + " turn index files off; got '" + indexFile + "'");
    }
    this.indexFile = indexFile;
    return this;
  }

  /** Returns whether pages are served without their {@code .html}; see {@link #setCleanUrls}. */
  public boolean isCleanUrls() {
    return cleanUrls;
  }

  /**
   * Sets whether a page is served at its name without {@code .html} ({@code /about} serves
   * {@code about.html}, and {@code /about.html} redirects there with a 302, query kept), decided
   * when the index is built, as index files are. An index file keeps its folder's URL
   * ({@code /docs/}); where a page and a folder share a name, {@code /about} is the page and
   * {@code /about/} the folder's index file; a file named {@code about} keeps {@code /about}, and
   * the page is then not served (a warning names it). {@code .htm} files keep their names.
   * Default {@value #DEFAULT_CLEAN_URLS}.
   */
  public AssetsOptions setCleanUrls(boolean cleanUrls) {
    this.cleanUrls = cleanUrls;
    return this;
  }

  /** Returns the max-age, in seconds, of files that are neither hashed nor HTML. */
  public long getMaxAgeSeconds() {
    return maxAgeSeconds;
  }

  /**
   * Sets the max-age of files that are neither content-hashed nor HTML ({@code Cache-Control:
   * public, max-age=N}). Default {@value #DEFAULT_MAX_AGE_SECONDS}.
   */
  public AssetsOptions setMaxAgeSeconds(long maxAgeSeconds) {
    if (maxAgeSeconds < 0) {
      throw new IllegalArgumentException("maxAgeSeconds must be 0 or more, got " + maxAgeSeconds);
    }
    this.maxAgeSeconds = maxAgeSeconds;
    return this;
  }

  /** Returns the regular expression that marks a file name as content-hashed, or null. */
  public String getImmutablePattern() {
    return immutablePattern;
  }

  /**
   * Sets the regular expression that, matching a whole file name, marks the file as content-hashed
   * and so cacheable forever; null marks no file by its name. Default
   * {@link #DEFAULT_IMMUTABLE_PATTERN}: the hashed names of webpack, Parcel, Vite, Rollup, esbuild,
   * Angular, Astro and SvelteKit. Files under a bundler's hashed folder, or listed by our manifest
   * or Vite's, are immutable whatever the pattern.
   */
  public AssetsOptions setImmutablePattern(String immutablePattern) {
    if (immutablePattern != null) {
      try {
        Pattern.compile(immutablePattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("immutablePattern is not a valid regular expression: "
            + e.getDescription() + " in '" + immutablePattern + "'");
      }
    }
    this.immutablePattern = immutablePattern;
    return this;
  }

  /** Returns the {@code Cache-Control} value of content-hashed files. */
  public String getImmutableCacheControl() {
    return immutableCacheControl;
  }

  /** Sets the {@code Cache-Control} value of content-hashed files. Default {@value #DEFAULT_IMMUTABLE_CACHE_CONTROL}. */
  public AssetsOptions setImmutableCacheControl(String value) {
    this.immutableCacheControl = headerValue("immutableCacheControl", value);
    return this;
  }

  /** Returns the {@code Cache-Control} value of HTML files. */
  public String getHtmlCacheControl() {
    return htmlCacheControl;
  }

  /** Sets the {@code Cache-Control} value of HTML files. Default {@value #DEFAULT_HTML_CACHE_CONTROL}. */
  public AssetsOptions setHtmlCacheControl(String value) {
    this.htmlCacheControl = headerValue("htmlCacheControl", value);
    return this;
  }

  /** Returns whether responses carry {@code Access-Control-Allow-Origin: *}. */
  public boolean isAllowAllOrigins() {
    return allowAllOrigins;
  }

  /** Sets whether responses carry {@code Access-Control-Allow-Origin: *}. Default {@value #DEFAULT_ALLOW_ALL_ORIGINS}. */
  public AssetsOptions setAllowAllOrigins(boolean allowAllOrigins) {
    this.allowAllOrigins = allowAllOrigins;
    return this;
  }

  /** Returns whether HTML pages announce their content-hashed sub-resources; see {@link #setEarlyHints}. */
  public boolean isEarlyHints() {
    return earlyHints;
  }

  /**
   * Sets whether an HTML page announces the content-hashed stylesheets, scripts and preloads it
   * links (read from the page when the index is built): as {@code Link} headers of its
   * {@code 200} (a CDN such as Cloudflare turns them into {@code 103 Early Hints}), and over
   * HTTP/2 in a {@code 103 Early Hints} sent before the {@code 200}. Only files of the index
   * served immutable are announced: they are the ones a browser may fetch early and keep.
   * Default {@value #DEFAULT_EARLY_HINTS}.
   */
  public AssetsOptions setEarlyHints(boolean earlyHints) {
    this.earlyHints = earlyHints;
    return this;
  }

  /** Returns whether the compression dictionary transport is on; see {@link #setDictionaries}. */
  public boolean isDictionaries() {
    return dictionaries;
  }

  /**
   * Sets whether the compression dictionary transport (RFC 9842) is on: a content-hashed script,
   * stylesheet, WebAssembly or JSON file says it is a dictionary for its next versions
   * ({@code Use-As-Dictionary}), and a client that holds an earlier version gets the file's
   * {@code dcb} or {@code dcz} delta against it, when one is beside it. Turn it off behind a
   * cache that does not key on {@code Available-Dictionary} (the responses say
   * {@code Vary: Accept-Encoding, Available-Dictionary}): such a cache could give a delta to a
   * client that cannot decode it. Default {@value #DEFAULT_DICTIONARIES}.
   */
  public AssetsOptions setDictionaries(boolean dictionaries) {
    this.dictionaries = dictionaries;
    return this;
  }

  /** Returns the extra media types, from lowercase extension (no dot) to media type. */
  public Map<String, String> getMimeTypes() {
    return Map.copyOf(mimeTypes);
  }

  /**
   * Maps a file extension (without the dot, case-insensitive) to a media type, over the built-in
   * table. {@code ; charset=utf-8} is added to textual types that do not name a charset.
   */
  public AssetsOptions addMimeType(String extension, String mediaType) {
    if (extension == null || extension.isEmpty() || extension.contains(".") || extension.contains("/")) {
      throw new IllegalArgumentException("mimeTypes: extension must be given without the dot, such as \"md\"; got '"
          + extension + "'");
    }
    String type = headerValue("mimeTypes." + extension, mediaType);
    int slash = type.indexOf('/');
    if (slash <= 0 || slash == type.length() - 1 || type.indexOf(' ') >= 0 && type.indexOf(' ') < slash) {
      throw new IllegalArgumentException("mimeTypes." + extension + " must be a media type such as \"text/markdown\"; got '"
          + mediaType + "'");
    }
    mimeTypes.put(extension.toLowerCase(Locale.ROOT), type);
    return this;
  }

  /** Returns whether files and folders whose names start with a dot are served. */
  public boolean isIndexDotfiles() {
    return indexDotfiles;
  }

  /**
   * Sets whether files and folders whose names start with a dot ({@code .env}, {@code .git/}) are
   * indexed and so served; {@code .well-known/} at the top of a root always is. Default {@value #DEFAULT_INDEX_DOTFILES}.
   */
  public AssetsOptions setIndexDotfiles(boolean indexDotfiles) {
    this.indexDotfiles = indexDotfiles;
    return this;
  }

  /** Returns the headers hook, or null. */
  public BiConsumer<String, MultiMap> getHeadersHook() {
    return headersHook;
  }

  /**
   * Sets a hook called once per asset while the index is built (on a worker thread, never per
   * request), after the rules of the root's {@code _headers} file and of {@link #setHeaders}, with
   * the asset's request path and its response headers, which it may change, add to or remove from. {@code ETag}, {@code Content-Length}, {@code Content-Encoding},
   * {@code Content-Range}, {@code Date} and {@code Transfer-Encoding} belong to the server: setting
   * one fails the build. Null by default. Not part of the JSON form.
   */
  public AssetsOptions setHeadersHook(BiConsumer<String, MultiMap> headersHook) {
    this.headersHook = headersHook;
    return this;
  }

  /** Returns the header rules of the configuration, in order; see {@link #setHeaders}. */
  public List<HeaderRule> getHeaders() {
    return List.copyOf(headers);
  }

  /**
   * Sets the header rules of the configuration, which apply to the files of every root when the
   * index is built, after the rules of the root's {@code _headers} file: where both set a header,
   * the configuration's value is kept. None by default.
   */
  public AssetsOptions setHeaders(List<HeaderRule> rules) {
    this.headers = new ArrayList<>(rules);
    return this;
  }

  /** Adds a header rule after the others; see {@link #setHeaders}. */
  public AssetsOptions addHeaderRule(HeaderRule rule) {
    headers.add(Objects.requireNonNull(rule, "rule"));
    return this;
  }

  /**
   * Adds a rule that sets {@code set} on the files {@code path} matches ({@code "/*.html"},
   * {@code Map.of("Content-Security-Policy", "default-src 'self'")}); see {@link #setHeaders}.
   *
   * @throws IllegalArgumentException as {@link HeaderRule} does
   */
  public AssetsOptions addHeaders(String path, Map<String, String> set) {
    return addHeaderRule(new HeaderRule(path, set));
  }

  /** Returns the size, in bytes, of the largest file (or variant) held in memory. */
  public long getMemoryMaxFileSize() {
    return memoryMaxFileSize;
  }

  /**
   * Sets the size of the largest file or variant whose bytes the index holds in memory; 0 holds
   * none. A connection that cannot send a file with zero-copy {@code sendfile(2)} (HTTP/2, TLS)
   * sends the bytes held in memory, shared by every response, and never opens or reads the file;
   * past this size or {@link #setMemoryBudget the budget}, it reads the file for each response
   * (over HTTP/2, Vert.x 5.0 also opens it for each). Within the budget the smallest files are
   * taken first, since they gain the most. Default {@value #DEFAULT_MEMORY_MAX_FILE_SIZE}.
   */
  public AssetsOptions setMemoryMaxFileSize(long bytes) {
    if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("memoryMaxFileSize must be from 0 to " + (Integer.MAX_VALUE - 8)
          + " bytes, got " + bytes);
    }
    this.memoryMaxFileSize = bytes;
    return this;
  }

  /** Returns how many bytes of file contents the index may hold in memory. */
  public long getMemoryBudget() {
    return memoryBudget;
  }

  /**
   * Sets how many bytes of file contents the index may hold in memory in all, for the index's
   * lifetime; 0 holds none. It costs one byte of memory per byte of the files held (each variant
   * counts: a file with br, zstd and gzip siblings costs its size plus theirs). The bytes are
   * held in direct (off-heap) buffers, which count against the JVM's
   * {@code -XX:MaxDirectMemorySize} (by default as large as the heap), and a rebuild holds two
   * indexes' worth until the replaced one is collected. Default {@value #DEFAULT_MEMORY_BUDGET}.
   */
  public AssetsOptions setMemoryBudget(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("memoryBudget must be 0 or more bytes, got " + bytes);
    }
    this.memoryBudget = bytes;
    return this;
  }

  /** Returns the size, in bytes, from which a cleartext HTTP/1.1 response is sent with sendfile(2). */
  public long getZeroCopyMinFileSize() {
    return zeroCopyMinFileSize;
  }

  /**
   * Sets the size from which a file is sent with zero-copy {@code sendfile(2)} (from a descriptor
   * kept open, see {@link #setOpenFileLimit}) on a cleartext HTTP/1.x connection, even when its
   * bytes are held in memory: from about this size, the kernel's copy beats writing the bytes from
   * memory (BENCHMARKS.md). Smaller files held in memory are written from memory. HTTP/2 and TLS
   * connections cannot use {@code sendfile(2)} and ignore this. Default {@value #DEFAULT_ZERO_COPY_MIN_FILE_SIZE}.
   */
  public AssetsOptions setZeroCopyMinFileSize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("zeroCopyMinFileSize must be 0 or more bytes, got " + bytes);
    }
    this.zeroCopyMinFileSize = bytes;
    return this;
  }

  /** Returns how many files an index keeps open between requests at most. */
  public int getOpenFileLimit() {
    return openFileLimit;
  }

  /**
   * Sets how many file descriptors an index keeps open between requests, so that sending a file
   * costs no {@code open(2)} (as nginx's {@code open_file_cache}); past the limit a file is opened
   * for its request and closed after it. 0 turns the cache off. Keep it well under the process's
   * descriptor limit ({@code ulimit -n}). Default {@value #DEFAULT_OPEN_FILE_LIMIT}.
   */
  public AssetsOptions setOpenFileLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("openFileLimit must be 0 or more, got " + limit);
    }
    this.openFileLimit = limit;
    return this;
  }

  private static String headerValue(String key, String value) {
    Objects.requireNonNull(value, key);
    if (value.isBlank() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(key + " must be a non-empty header value on one line, got '" + value + "'");
    }
    return value.strip();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  /** Returns the path of the single-page app's HTML file, or null when there is no fallback. */
  public String getSpaFallback() {
    return spaFallback;
  }

  /**
   * Sets the single-page-app fallback: a GET or HEAD for a path under {@link
   * #setSpaPrefix the prefix} that is not in the index, whose last segment has no extension, and
   * whose {@code Accept} lists {@code text/html} (or {@code text/*}), is answered with this file,
   * {@code Cache-Control: no-cache} and {@code Vary: Accept}. A bare {@code *}{@code /*}, as
   * {@code fetch()} sends, does not count, so API clients still get their 404. The path is
   * relative to the mount point ({@code /index.html}) and must be in the index, or the build fails.
   * Default null: no fallback.
   */
  public AssetsOptions setSpaFallback(String path) {
    this.spaFallback = path == null ? null : requestPath(path, "spaFallback");
    return this;
  }

  /** Returns the prefix, relative to the mount point, under which the fallback applies. */
  public String getSpaPrefix() {
    return spaPrefix;
  }

  /**
   * Sets the prefix, relative to the mount point, of the paths the fallback answers (for
   * {@code /app/}: {@code /app/settings} but not {@code /api/users}). Default {@value #DEFAULT_SPA_PREFIX}.
   */
  public AssetsOptions setSpaPrefix(String prefix) {
    String p = requestPath(prefix, "spaPrefix");
    this.spaPrefix = p.endsWith("/") ? p : p + "/";
    return this;
  }

  /** Returns the path of the page sent with a 404, or null. */
  public String getNotFoundPage() {
    return notFoundPage;
  }

  /**
   * Sets the page that {@link AssetsHandler#notFoundHandler()} sends with status 404 (for
   * {@code /404.html}), relative to the mount point; it must be in the index, or the build
   * fails. Default null: a 404 has no body.
   */
  public AssetsOptions setNotFoundPage(String path) {
    this.notFoundPage = path == null ? null : requestPath(path, "notFoundPage");
    return this;
  }

  /** Returns when the index makes the variants a root lacks. */
  public WarmUpCompression getWarmUpCompression() {
    return warmUpCompression;
  }

  /**
   * Sets when the index makes the br, zstd and gzip variants that files lack, while it is built
   * (on worker threads, one per core; the server listens only once they exist): brotli 11, zstd
   * 18, gzip 9, each kept only when at most 95% of the original, as {@code compress} does. They
   * are written to {@link #setCompressionCacheDir the cache} under the SHA-256 of the source, so
   * a restart reuses them. JSON: {@code "off"}, {@code "on"}, {@code "auto"}. Default
   * {@code OFF} ({@code auto} for the bundled server).
   */
  public AssetsOptions setWarmUpCompression(WarmUpCompression mode) {
    this.warmUpCompression = Objects.requireNonNull(mode, "warmUpCompression");
    return this;
  }

  /** Returns the directory of the variants made at warm-up, or null for the default. */
  public String getCompressionCacheDir() {
    return compressionCacheDir;
  }

  /**
   * Sets the directory where variants made at warm-up are kept between runs. Default null:
   * {@code vertx-assets-variants} in the JVM's temporary directory.
   */
  public AssetsOptions setCompressionCacheDir(String directory) {
    if (directory != null && directory.isBlank()) {
      throw new IllegalArgumentException("compressionCacheDir must be a directory path or null, got a blank string");
    }
    this.compressionCacheDir = directory;
    return this;
  }

  /** Returns whether development mode is on; off by default. */
  public boolean isDevelopment() {
    return development;
  }

  /** Sets development mode, in which every response says {@code Cache-Control: no-cache}. */
  public AssetsOptions setDevelopment(boolean development) {
    this.development = development;
    return this;
  }

  private static String requestPath(String path, String key) {
    if (!path.startsWith("/") || path.contains("//") || path.contains("/../") || path.endsWith("/..")) {
      throw new IllegalArgumentException(key + " must be a path that starts with '/', such as \"/index.html\","
          + " got '" + path + "'");
    }
    return path;
  }
}
