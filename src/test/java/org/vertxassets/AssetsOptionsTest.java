package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options' defaults, JSON form and validation. */
class AssetsOptionsTest {

  private static final BiConsumer<String, MultiMap> HOOK = (path, headers) -> headers.add("x-test", path);

  /** Returns options with a value other than the default for every setting. */
  private static AssetsOptions everySettingChanged() {
    return new AssetsOptions()
        .addRoot("site")
        .addRoot("vendor", "/vendor/")
        .setIndexFile("default.htm")
        .setCleanUrls(true)
        .setMaxAgeSeconds(120)
        .setImmutablePattern("^.+\\.v[0-9]+\\.js$")
        .setImmutableCacheControl("public, max-age=86400")
        .setHtmlCacheControl("no-store")
        .setAllowAllOrigins(false)
        .setEarlyHints(false)
        .setDictionaries(false)
        .addMimeType("md", "text/markdown")
        .setIndexDotfiles(true)
        .addHeaders("/*.html", Map.of("Content-Security-Policy", "default-src 'self'"))
        .addHeaderRule(new AssetsOptions.HeaderRule("/embed/*", Map.of("X-Frame-Options", "SAMEORIGIN"),
            List.of("Access-Control-Allow-Origin")))
        .setMemoryMaxFileSize(4096)
        .setMemoryBudget(1_000_000)
        .setZeroCopyMinFileSize(8192)
        .setOpenFileLimit(10)
        .setSpaFallback("/app.html")
        .setSpaPrefix("/app/")
        .setNotFoundPage("/errors/404.html")
        .setWarmUpCompression(AssetsOptions.WarmUpCompression.AUTO)
        .setCompressionCacheDir("/var/cache/site")
        .setHeadersHook(HOOK);
  }

  @Test
  void defaultsAreTheDefaultConstants() {
    AssetsOptions options = new AssetsOptions();

    assertEquals(List.of(), options.getRoots());
    assertEquals(AssetsOptions.DEFAULT_INDEX_FILE, options.getIndexFile());
    assertEquals(AssetsOptions.DEFAULT_CLEAN_URLS, options.isCleanUrls());
    assertEquals(AssetsOptions.DEFAULT_MAX_AGE_SECONDS, options.getMaxAgeSeconds());
    assertEquals(AssetsOptions.DEFAULT_IMMUTABLE_PATTERN, options.getImmutablePattern());
    assertEquals(AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL, options.getImmutableCacheControl());
    assertEquals(AssetsOptions.DEFAULT_HTML_CACHE_CONTROL, options.getHtmlCacheControl());
    assertEquals(AssetsOptions.DEFAULT_ALLOW_ALL_ORIGINS, options.isAllowAllOrigins());
    assertEquals(Map.of(), options.getMimeTypes());
    assertEquals(AssetsOptions.DEFAULT_INDEX_DOTFILES, options.isIndexDotfiles());
    assertEquals(AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE, options.getMemoryMaxFileSize());
    assertEquals(AssetsOptions.DEFAULT_MEMORY_BUDGET, options.getMemoryBudget());
    assertEquals(AssetsOptions.DEFAULT_ZERO_COPY_MIN_FILE_SIZE, options.getZeroCopyMinFileSize());
    assertEquals(AssetsOptions.DEFAULT_OPEN_FILE_LIMIT, options.getOpenFileLimit());
    assertNull(options.getHeadersHook());
    assertEquals(List.of(), options.getHeaders());
  }

  @Test
  void jsonRoundTripsEveryKey() {
    JsonObject json = everySettingChanged().toJson();
    JsonObject defaults = new AssetsOptions().toJson();

    JsonObject again = new AssetsOptions(json).toJson();

    assertEquals(json, again);
    assertEquals(defaults.fieldNames(), json.fieldNames());
    for (String key : defaults.fieldNames()) {
      assertNotEquals(defaults.getValue(key), json.getValue(key), key + " should not be its default in this test");
    }
  }

  @Test
  void jsonFormIsReadBackIntoTheSameSettings() {
    AssetsOptions options = new AssetsOptions(everySettingChanged().toJson());

    assertEquals(List.of(new AssetsOptions.Root("site", "/"), new AssetsOptions.Root("vendor", "/vendor/")),
        options.getRoots());
    assertEquals("default.htm", options.getIndexFile());
    assertTrue(options.isCleanUrls());
    assertEquals(120, options.getMaxAgeSeconds());
    assertEquals("^.+\\.v[0-9]+\\.js$", options.getImmutablePattern());
    assertEquals("public, max-age=86400", options.getImmutableCacheControl());
    assertEquals("no-store", options.getHtmlCacheControl());
    assertFalse(options.isAllowAllOrigins());
    assertFalse(options.isEarlyHints());
    assertEquals(Map.of("md", "text/markdown"), options.getMimeTypes());
    assertTrue(options.isIndexDotfiles());
    assertEquals(List.of(new AssetsOptions.HeaderRule("/*.html", Map.of("Content-Security-Policy", "default-src 'self'")),
        new AssetsOptions.HeaderRule("/embed/*", Map.of("X-Frame-Options", "SAMEORIGIN"),
            List.of("Access-Control-Allow-Origin"))), options.getHeaders());
    assertEquals("/app.html", options.getSpaFallback());
    assertEquals("/app/", options.getSpaPrefix());
    assertEquals("/errors/404.html", options.getNotFoundPage());
    assertEquals(AssetsOptions.WarmUpCompression.AUTO, options.getWarmUpCompression());
    assertEquals("/var/cache/site", options.getCompressionCacheDir());
  }

  @Test
  void theSpaPrefixEndsWithASlash() {
    assertEquals("/app/", new AssetsOptions().setSpaPrefix("/app").getSpaPrefix());
  }

  @Test
  void aNotFoundPageWithADotSegmentIsRejectedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AssetsOptions().setNotFoundPage("/../404.html"));

    assertTrue(e.getMessage().startsWith("notFoundPage"), e.getMessage());
  }

  @Test
  void copyConstructorCopiesEverySettingAndTheHeadersHook() {
    AssetsOptions original = everySettingChanged();

    AssetsOptions copy = new AssetsOptions(original);

    assertEquals(original.toJson(), copy.toJson());
    assertSame(HOOK, copy.getHeadersHook());
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    AssetsOptions original = everySettingChanged();
    AssetsOptions copy = new AssetsOptions(original);

    original.addRoot("more").addMimeType("txt2", "text/plain").setMaxAgeSeconds(5);

    assertEquals(everySettingChanged().toJson(), copy.toJson());
  }

  @Test
  void rejectsAnUnknownKeyNamingIt() {
    JsonObject json = new JsonObject("{\"rootz\": [\"site\"]}");

    assertRejectedNaming("rootz", () -> new AssetsOptions(json));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"maxAgeSeconds\": \"60\"}      | maxAgeSeconds",
      "{\"allowAllOrigins\": \"yes\"}   | allowAllOrigins",
      "{\"roots\": \"site\"}            | roots",
      "{\"mimeTypes\": {\"md\": 3}}     | mimeTypes",
      "{\"indexDotfiles\": 1}           | indexDotfiles",
      "{\"cleanUrls\": \"yes\"}         | cleanUrls",
      "{\"indexFile\": 3}               | indexFile",
      "{\"htmlCacheControl\": false}    | htmlCacheControl",
      "{\"roots\": [3]}                 | roots",
      "{\"roots\": [{\"directory\": 3}]} | directory",
      "{\"headers\": {\"for\": \"/*\"}} | headers",
      "{\"headers\": [\"/*\"]}         | 'headers[0] must be an object'",
      "{\"headers\": [{\"set\": {\"X-A\": \"1\"}}]} | 'headers[0].for must be a path'",
      "{\"headers\": [{\"for\": \"/*\", \"set\": {\"X-A\": 1}}]} | 'headers[0].set.X-A must be a string'",
      "{\"headers\": [{\"for\": \"/*\", \"remove\": \"X-A\"}]} | 'headers[0].remove must be a list'",
  })
  void rejectsAValueOfTheWrongTypeNamingTheKey(String json, String key) {
    JsonObject config = new JsonObject(json);

    assertRejectedNaming(key, () -> new AssetsOptions(config));
  }

  @Test
  void readsARootGivenAsADirectoryString() {
    AssetsOptions options = new AssetsOptions(new JsonObject("{\"roots\": [\"site\"]}"));

    assertEquals(List.of(new AssetsOptions.Root("site", "/")), options.getRoots());
  }

  @Test
  void readsARootObjectAndNormalisesItsPrefix() {
    AssetsOptions options = new AssetsOptions(
        new JsonObject("{\"roots\": [{\"directory\": \"site\", \"prefix\": \"/v\"}]}"));

    assertEquals(List.of(new AssetsOptions.Root("site", "/v/")), options.getRoots());
  }

  @Test
  void rejectsAnUnknownKeyInsideARootNamingIt() {
    JsonObject json = new JsonObject("{\"roots\": [{\"directory\": \"site\", \"prefx\": \"/v\"}]}");

    assertRejectedNaming("prefx", () -> new AssetsOptions(json));
  }

  @Test
  void rejectsAnUnknownKeyInsideAHeaderRuleNamingIt() {
    JsonObject json = new JsonObject("{\"headers\": [{\"for\": \"/*\", \"values\": {\"X-A\": \"1\"}}]}");

    assertRejectedNaming("'headers[0].values'; a header rule has 'for', 'set' and 'remove'",
        () -> new AssetsOptions(json));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ETag           | ETag cannot be set by a rule",
      "Content-Length | Content-Length cannot be set by a rule",
      "Vary           | Vary cannot be set by a rule",
      "'X Frame'      | 'X Frame' is not a header name",
  })
  void aHeaderRuleThatSetsAHeaderTheServerOwnsIsRejectedNamingTheRule(String name, String why) {
    JsonObject json = new JsonObject().put("headers", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("for", "/*").put("set", new JsonObject().put(name, "x"))));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AssetsOptions(json));

    assertTrue(e.getMessage().startsWith("headers: the rule for '/*': " + why), e.getMessage());
    assertEquals("headers", ((org.vertxassets.impl.json.ConfigKeyException) e).key());
  }

  @Test
  void aHeaderRuleWithABadPathIsRejectedByItsSetterToo() {
    assertRejectedNaming("headers: the rule for 'assets/*': 'assets/*' does not start with '/'",
        () -> new AssetsOptions().addHeaders("assets/*", Map.of("X-A", "1")));
  }

  @Test
  void rejectsANegativeMaxAge() {
    assertRejectedNaming("maxAgeSeconds", () -> new AssetsOptions().setMaxAgeSeconds(-1));
  }

  @Test
  void rejectsANegativeZeroCopyMinFileSize() {
    assertRejectedNaming("zeroCopyMinFileSize", () -> new AssetsOptions().setZeroCopyMinFileSize(-1));
  }

  @Test
  void rejectsANegativeMemoryMaxFileSize() {
    assertRejectedNaming("memoryMaxFileSize", () -> new AssetsOptions().setMemoryMaxFileSize(-1));
  }

  @Test
  void rejectsAMemoryMaxFileSizeBeyondWhatAnArrayHolds() {
    assertRejectedNaming("memoryMaxFileSize", () -> new AssetsOptions().setMemoryMaxFileSize(1L << 32));
  }

  @Test
  void rejectsANegativeMemoryBudget() {
    assertRejectedNaming("memoryBudget", () -> new AssetsOptions().setMemoryBudget(-1));
  }

  @Test
  void rejectsANegativeOpenFileLimit() {
    assertRejectedNaming("openFileLimit", () -> new AssetsOptions().setOpenFileLimit(-1));
  }

  @Test
  void rejectsAnOpenFileLimitBeyondAnIntInJson() {
    JsonObject json = new JsonObject().put("openFileLimit", 1L << 40);

    assertRejectedNaming("openFileLimit", () -> new AssetsOptions(json));
  }

  @Test
  void rejectsAFractionalMaxAgeInJson() {
    JsonObject json = new JsonObject().put("maxAgeSeconds", 1.5);

    assertRejectedNaming("maxAgeSeconds", () -> new AssetsOptions(json));
  }

  @Test
  void rejectsAnInvalidImmutablePattern() {
    assertRejectedNaming("immutablePattern", () -> new AssetsOptions().setImmutablePattern("app.(css"));
  }

  @Test
  void rejectsAnIndexFileWithASlash() {
    assertRejectedNaming("indexFile", () -> new AssetsOptions().setIndexFile("docs/index.html"));
  }

  @Test
  void rejectsAnHtmlCacheControlWithANewline() {
    assertRejectedNaming("htmlCacheControl",
        () -> new AssetsOptions().setHtmlCacheControl("no-cache\r\nSet-Cookie: a=b"));
  }

  @Test
  void rejectsAnImmutableCacheControlWithANewline() {
    assertRejectedNaming("immutableCacheControl",
        () -> new AssetsOptions().setImmutableCacheControl("public\nX-Evil: 1"));
  }

  @Test
  void rejectsAMimeTypeExtensionWithADot() {
    assertRejectedNaming("mimeTypes", () -> new AssetsOptions().addMimeType(".md", "text/markdown"));
  }

  @Test
  void rejectsAMediaTypeWithoutASlash() {
    assertRejectedNaming("mimeTypes", () -> new AssetsOptions().addMimeType("md", "markdown"));
  }

  @Test
  void rejectsASetterValueGivenInJsonNamingTheKey() {
    JsonObject json = new JsonObject().put("indexFile", "a/b.html");

    assertRejectedNaming("indexFile", () -> new AssetsOptions(json));
  }

  @Test
  void allowsANullIndexFile() {
    AssetsOptions options = new AssetsOptions().setIndexFile(null);

    assertNull(options.getIndexFile());
  }

  @Test
  void nullIndexFileRoundTripsThroughJsonAsNull() {
    JsonObject json = new AssetsOptions().setIndexFile(null).toJson();

    assertTrue(json.containsKey("indexFile"));
    assertNull(json.getValue("indexFile"));
    assertNull(new AssetsOptions(json).getIndexFile());
  }

  private static void assertRejectedNaming(String name, Executable executable) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
    assertTrue(e.getMessage() != null && e.getMessage().contains(name),
        "the message should name '" + name + "': " + e.getMessage());
  }
}
