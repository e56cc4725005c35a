package org.vertxassets;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vertxassets.impl.json.ConfigKeyException;
import org.vertxassets.impl.json.TypedJson;

/** Reads the JSON form of {@link AssetsOptions}, naming the key of anything it rejects. */
final class OptionsJson {

  static final List<String> KEYS = List.of("roots", "indexFile", "cleanUrls", "maxAgeSeconds",
      "immutablePattern", "immutableCacheControl", "htmlCacheControl", "allowAllOrigins", "earlyHints", "dictionaries",
      "mimeTypes", "indexDotfiles", "headers", "memoryMaxFileSize", "memoryBudget", "zeroCopyMinFileSize", "openFileLimit", "spaFallback", "spaPrefix", "notFoundPage",
      "warmUpCompression", "compressionCacheDir");

  private OptionsJson() {
  }

  /**
   * Sets on {@code options} every key of {@code json}; throws a {@link ConfigKeyException} naming
   * the key of a value it rejects (a wrong type, or what a setter refuses) or an unknown key.
   */
  static void read(JsonObject json, AssetsOptions options) {
    for (Map.Entry<String, Object> e : json) {
      if (!KEYS.contains(e.getKey())) {
        throw new ConfigKeyException(e.getKey(), "unknown key '" + e.getKey()
            + "' in vertx-assets options; the known keys are " + KEYS);
      }
    }
    JsonArray rootsJson = TypedJson.get(json, "roots", JsonArray.class,
        "a list of directories, such as [\"site\"] or [{\"directory\": \"site\", \"prefix\": \"/\"}]");
    if (rootsJson != null) {
      ConfigKeyException.at("roots", () -> {
        for (Object root : rootsJson) {
          AssetsOptions.Root r = rootFromJson(root);
          options.addRoot(r.directory(), r.prefix());
        }
      });
    }
    if (json.containsKey("indexFile")) {
      String indexFile = TypedJson.get(json, "indexFile", String.class, "a file name or null");
      ConfigKeyException.at("indexFile", () -> options.setIndexFile(indexFile));
    }
    Boolean cleanUrls = TypedJson.get(json, "cleanUrls", Boolean.class, "true or false");
    if (cleanUrls != null) {
      options.setCleanUrls(cleanUrls);
    }
    Long maxAge = whole(json, "maxAgeSeconds", "a whole number of seconds");
    if (maxAge != null) {
      ConfigKeyException.at("maxAgeSeconds", () -> options.setMaxAgeSeconds(maxAge));
    }
    Long maxFileSize = whole(json, "memoryMaxFileSize", "a whole number of bytes");
    if (maxFileSize != null) {
      ConfigKeyException.at("memoryMaxFileSize", () -> options.setMemoryMaxFileSize(maxFileSize));
    }
    Long budget = whole(json, "memoryBudget", "a whole number of bytes");
    if (budget != null) {
      ConfigKeyException.at("memoryBudget", () -> options.setMemoryBudget(budget));
    }
    Long zeroCopy = whole(json, "zeroCopyMinFileSize", "a whole number of bytes");
    if (zeroCopy != null) {
      ConfigKeyException.at("zeroCopyMinFileSize", () -> options.setZeroCopyMinFileSize(zeroCopy));
    }
    Long openFiles = whole(json, "openFileLimit", "a whole number of files");
    if (openFiles != null) {
      if (openFiles > Integer.MAX_VALUE) {
        throw new ConfigKeyException("openFileLimit", "openFileLimit must be at most " + Integer.MAX_VALUE
            + ", got " + openFiles);
      }
      ConfigKeyException.at("openFileLimit", () -> options.setOpenFileLimit(openFiles.intValue()));
    }
    if (json.containsKey("immutablePattern")) {
      String pattern = TypedJson.get(json, "immutablePattern", String.class, "a regular expression or null");
      ConfigKeyException.at("immutablePattern", () -> options.setImmutablePattern(pattern));
    }
    String immutable = TypedJson.get(json, "immutableCacheControl", String.class, "a Cache-Control value");
    if (immutable != null) {
      ConfigKeyException.at("immutableCacheControl", () -> options.setImmutableCacheControl(immutable));
    }
    String html = TypedJson.get(json, "htmlCacheControl", String.class, "a Cache-Control value");
    if (html != null) {
      ConfigKeyException.at("htmlCacheControl", () -> options.setHtmlCacheControl(html));
    }
    Boolean origins = TypedJson.get(json, "allowAllOrigins", Boolean.class, "true or false");
    if (origins != null) {
      options.setAllowAllOrigins(origins);
    }
    Boolean hints = TypedJson.get(json, "earlyHints", Boolean.class, "true or false");
    if (hints != null) {
      options.setEarlyHints(hints);
    }
    Boolean dictionaries = TypedJson.get(json, "dictionaries", Boolean.class, "true or false");
    if (dictionaries != null) {
      options.setDictionaries(dictionaries);
    }
    JsonObject types = TypedJson.get(json, "mimeTypes", JsonObject.class, "an object from extension to media type");
    if (types != null) {
      for (Map.Entry<String, Object> t : types) {
        String key = "mimeTypes." + t.getKey();
        if (!(t.getValue() instanceof String)) {
          throw new ConfigKeyException(key, key + " must be a media type string such as \"text/x-foo\"");
        }
        ConfigKeyException.at(key, () -> options.addMimeType(t.getKey(), (String) t.getValue()));
      }
    }
    String spaFallback = TypedJson.get(json, "spaFallback", String.class, "a path such as \"/index.html\" or null");
    ConfigKeyException.at("spaFallback", () -> options.setSpaFallback(spaFallback));
    String spaPrefix = TypedJson.get(json, "spaPrefix", String.class, "a path prefix such as \"/\"");
    if (spaPrefix != null) {
      ConfigKeyException.at("spaPrefix", () -> options.setSpaPrefix(spaPrefix));
    }
    String notFoundPage = TypedJson.get(json, "notFoundPage", String.class, "a path such as \"/404.html\" or null");
    ConfigKeyException.at("notFoundPage", () -> options.setNotFoundPage(notFoundPage));
    String warmUp = TypedJson.get(json, "warmUpCompression", String.class, "\"off\", \"on\" or \"auto\"");
    if (warmUp != null) {
      try {
        options.setWarmUpCompression(AssetsOptions.WarmUpCompression.valueOf(warmUp.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigKeyException("warmUpCompression", "'warmUpCompression' must be \"off\", \"on\" or \"auto\","
            + " got \"" + warmUp + "\"");
      }
    }
    String cacheDir = TypedJson.get(json, "compressionCacheDir", String.class, "a directory path or null");
    ConfigKeyException.at("compressionCacheDir", () -> options.setCompressionCacheDir(cacheDir));
    Boolean dotfiles = TypedJson.get(json, "indexDotfiles", Boolean.class, "true or false");
    if (dotfiles != null) {
      options.setIndexDotfiles(dotfiles);
    }
    JsonArray headers = TypedJson.get(json, "headers", JsonArray.class, "a list of rules such as"
        + " [{\"for\": \"/*.html\", \"set\": {\"X-Frame-Options\": \"DENY\"}}]");
    if (headers != null) {
      ConfigKeyException.at("headers", () -> {
        for (int i = 0; i < headers.size(); i++) {
          options.addHeaderRule(headerRuleFromJson(headers.getValue(i), "headers[" + i + "]"));
        }
      });
    }
  }

  /** Returns the header rule {@code {"for": path, "set": {...}, "remove": [...]}} at {@code at}. */
  private static AssetsOptions.HeaderRule headerRuleFromJson(Object value, String at) {
    if (!(value instanceof JsonObject rule)) {
      throw new IllegalArgumentException(at + " must be an object such as {\"for\": \"/*.html\", \"set\":"
          + " {\"X-Frame-Options\": \"DENY\"}}, got " + Json.encode(value));
    }
    for (String key : rule.fieldNames()) {
      if (!key.equals("for") && !key.equals("set") && !key.equals("remove")) {
        throw new IllegalArgumentException("unknown key '" + at + "." + key + "'; a header rule has 'for', 'set'"
            + " and 'remove'");
      }
    }
    if (!(rule.getValue("for") instanceof String path)) {
      throw new IllegalArgumentException(at + ".for must be a path such as \"/*.html\", got "
          + Json.encode(rule.getValue("for")));
    }
    Map<String, String> set = new LinkedHashMap<>();
    Object setValue = rule.getValue("set");
    if (setValue != null && !(setValue instanceof JsonObject)) {
      throw new IllegalArgumentException(at + ".set must be an object from header name to value, got "
          + Json.encode(setValue));
    }
    for (Map.Entry<String, Object> e : setValue == null ? new JsonObject() : (JsonObject) setValue) {
      if (!(e.getValue() instanceof String v)) {
        throw new IllegalArgumentException(at + ".set." + e.getKey() + " must be a string, got "
            + Json.encode(e.getValue()));
      }
      set.put(e.getKey(), v);
    }
    List<String> remove = new ArrayList<>();
    Object removeValue = rule.getValue("remove");
    if (removeValue != null && !(removeValue instanceof JsonArray)) {
      throw new IllegalArgumentException(at + ".remove must be a list of header names, got " + Json.encode(removeValue));
    }
    for (Object name : removeValue == null ? new JsonArray() : (JsonArray) removeValue) {
      if (!(name instanceof String n)) {
        throw new IllegalArgumentException(at + ".remove must be a list of header names, got " + Json.encode(removeValue));
      }
      remove.add(n);
    }
    return new AssetsOptions.HeaderRule(path, set, remove);
  }

  private static AssetsOptions.Root rootFromJson(Object root) {
    if (root instanceof String) {
      return new AssetsOptions.Root((String) root, "/");
    }
    if (!(root instanceof JsonObject)) {
      throw new IllegalArgumentException("roots: each root must be a directory string or an object"
          + " {\"directory\": \"site\", \"prefix\": \"/\"}, got " + root);
    }
    JsonObject o = (JsonObject) root;
    for (String key : o.fieldNames()) {
      if (!key.equals("directory") && !key.equals("prefix")) {
        throw new IllegalArgumentException("unknown key 'roots[]." + key + "'; a root has 'directory' and 'prefix'");
      }
    }
    return new AssetsOptions.Root(TypedJson.get(o, "directory", String.class, "a directory path"),
        TypedJson.get(o, "prefix", String.class, "a URL prefix such as \"/\""));
  }

  private static Long whole(JsonObject json, String key, String expected) {
    Number n = TypedJson.get(json, key, Number.class, expected);
    if (n != null && n.doubleValue() != n.longValue()) {
      throw new ConfigKeyException(key, "'" + key + "' must be " + expected + ", got " + n);
    }
    return n == null ? null : n.longValue();
  }
}
