package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PathPattern}: the paths of {@code _headers} rules, as Netlify and Cloudflare Pages match them. */
class PathPatternTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "/about.html          | /about.html              | true",
      "/about.html          | /about.htm               | false",
      "/about.html          | /About.html              | false",
      "/about.html          | /x/about.html            | false",
      "/*                   | /                        | true",
      "/*                   | /css/app/deep.css        | true",
      "/assets/*            | /assets/                 | true",
      "/assets/*            | /assets/js/app.js        | true",
      "/assets/*            | /assetsx/app.js          | false",
      "/*.css               | /app.css                 | true",
      "/*.css               | /css/deep/app.css        | true",
      "/*.css               | /app.css.map             | false",
      "/*.css               | /appXcss                 | false",
      "/docs/:version/*     | /docs/v2/intro.html      | true",
      "/docs/:version/*     | /docs/v2                 | false",
      "/docs/:version/*     | /docs//intro.html        | false",
      "/docs/:version/x     | /docs/a/b/x              | false",
      "/:lang/:page_1       | /en/about                | true",
      "/:1/x                | /:1/x                    | true",
      "/caf%C3%A9/*         | /café/menu.html          | true",
      "/café/*              | /café/menu.html          | true",
      "/my%20file.pdf       | /my file.pdf             | true",
      "/a+b(c).[d]$.txt     | /a+b(c).[d]$.txt         | true",
      "/a+b(c).[d]$.txt     | /aab(c)x[d]$.txt         | false",
  })
  void matchesAsTheFormatSays(String pattern, String path, boolean matches) {
    assertEquals(matches, PathPattern.compile(pattern).matches(path));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "assets/*                     | does not start with '/'",
      "https://example.com/assets/* | is an absolute URL",
      "/assets/* X-Frame: DENY      | has a space",
      "/search?q=1                  | has a query or a fragment",
      "/page#top                    | has a query or a fragment",
      "/a%2Fb                       | percent-escape",
      "/a%zz                        | percent-escape",
      "/a%FF                        | percent-escape",
  })
  void refusesWhatNoPathOfTheIndexCouldMatch(String pattern, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathPattern.compile(pattern));

    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.getMessage().startsWith("'" + pattern + "'"), e.getMessage());
  }
}
