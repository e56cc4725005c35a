package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a page links that a browser may fetch early, read from its HTML. */
class PageLinksTest {

  @Test
  void readsStylesheetsScriptsModulePreloadsAndPreloadsInPageOrder() {
    String html = """
        <!doctype html>
        <html><head>
          <link rel="icon" href="/favicon.ico">
          <link rel=stylesheet href=/assets/index-D8b4DHJx.css>
          <script type="module" crossorigin src="/assets/index-DO7tlORW.js"></script>
          <link rel="modulepreload" href="/assets/vendor-B-8_xYz1.js">
          <link rel="preload" as="font" href="fonts/inter.3f2a9c1b.woff2">
          <link rel='preload' href='img/hero.3f2a9c1b.webp' as='image'>
          <!-- <script src="/assets/commented-out.js"></script> -->
          <script src="https://cdn.example.com/lib.js"></script>
          <script src="//cdn.example.com/other.js"></script>
          <script>inline()</script>
          <script src="js/app.0e1f2a3b.js"></script>
          <script src="js/app.0e1f2a3b.js"></script>
        </head></html>
        """;

    assertEquals(List.of(
        "</assets/index-D8b4DHJx.css>; rel=preload; as=style",
        "</assets/index-DO7tlORW.js>; rel=modulepreload; crossorigin",
        "</assets/vendor-B-8_xYz1.js>; rel=modulepreload",
        "<fonts/inter.3f2a9c1b.woff2>; rel=preload; as=font; crossorigin",
        "<img/hero.3f2a9c1b.webp>; rel=preload; as=image",
        "<js/app.0e1f2a3b.js>; rel=preload; as=script"),
        PageLinks.of(html).stream().map(PageLinks.Link::header).toList());
  }

  @ParameterizedTest
  @CsvSource({
      "/index.html, assets/app.js, /assets/app.js",
      "/, assets/app.js, /assets/app.js",
      "/docs/, ../css/site.css?v=1#x, /css/site.css",
      "/docs/guide.html, ./img/a.png, /docs/img/a.png",
      "/docs/guide.html, /root.css, /root.css"})
  void resolvesAReferenceAgainstThePage(String page, String href, String path) {
    assertEquals(path, PageLinks.resolve(page, href));
  }

  @Test
  void aReferenceAboveTheMountPointIsNone() {
    assertNull(PageLinks.resolve("/index.html", "../outside.css"));
  }
}
