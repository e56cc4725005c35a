package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hash of a name replaced by a wildcard, which names every version of a file, and its Use-As-Dictionary. */
class HashedNamesWildcardTest {

  private static final Pattern DEFAULT = Pattern.compile(HashedNames.DEFAULT_PATTERN);

  @ParameterizedTest
  @CsvSource({
      "index-DO7tlORW.js, index-*.js",
      "index-DO7tlORW.js.map, index-*.js.map",
      "app.3f2a9c1b7e4d.css, app.*.css",
      "app.min.3f2a9c1b7e4d.js, app.min.*.js",
      "main-HJ5KXKUX.js, main-*.js",
      "453.54ddbd66.chunk.js, 453.*.chunk.js",
      "Layout.CAlPOk6T.css, Layout.*.css",
      "vendor-B-8_xYz1.js, vendor-*.js"})
  void theHashBecomesAWildcard(String name, String wildcard) {
    assertEquals(wildcard, HashedNames.wildcard(DEFAULT, name));
  }

  @ParameterizedTest
  @CsvSource({"0b035c2711f36bad3336.png", "app-settings.js", "jquery-3.7.1.min.js", "app.js"})
  void aBareHashOrNoHashHasNoWildcard(String name) {
    assertNull(HashedNames.wildcard(DEFAULT, name));
  }

  @Test
  void aPatternWithoutTheHashGroupHasNoWildcard() {
    assertNull(HashedNames.wildcard(Pattern.compile("^.+\\.[0-9a-f]{8}\\.js$"), "app.3f2a9c1b.js"));
    assertEquals("app.*.js", HashedNames.wildcard(Pattern.compile("^.+\\.(?<hash>[0-9a-f]{8})\\.js$"), "app.3f2a9c1b.js"));
  }

  @Test
  void useAsDictionaryMatchesTheVersionsRelativeToTheFileItself() {
    assertEquals("match=\"index-*.js\"", HashedNames.useAsDictionary(DEFAULT, "index-DO7tlORW.js"));
    // URL-pattern syntax is escaped (its backslash escaped again in the string); other bytes percent-encoded.
    assertEquals("match=\"a\\\\+b\\\\(1\\\\)-*.js\"", HashedNames.useAsDictionary(DEFAULT, "a+b(1)-DO7tlORW.js"));
    assertEquals("match=\"caf%C3%A9%20%22x%22.*.css\"", HashedNames.useAsDictionary(DEFAULT, "café \"x\".3f2a9c1b7e4d.css"));
    assertNull(HashedNames.useAsDictionary(DEFAULT, "app.css"));
  }
}
