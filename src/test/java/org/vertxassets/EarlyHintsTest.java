package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Bounded;
import org.vertxassets.testing.HintedGet;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A page announces the content-hashed files it links: {@code Link} on its 200 (HTTP/1.1 and
 * HTTP/2), and over HTTP/2 a {@code 103 Early Hints} with the same links before the 200, seen
 * here by Vert.x's HTTP/2 client.
 */
// A backstop for what is not an answer (a server starting): every answer is waited for 20 s at most.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(VertxExtension.class)
class EarlyHintsTest {

  private static final String LINKS = "</assets/index-D8b4DHJx.css>; rel=preload; as=style, "
      + "</assets/index-DO7tlORW.js>; rel=modulepreload; crossorigin";

  private Site site;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
    site.write("index.html", """
        <!doctype html>
        <link rel="stylesheet" href="/assets/index-D8b4DHJx.css">
        <script type="module" crossorigin src="/assets/index-DO7tlORW.js"></script>
        <script src="/js/app.js"></script>
        <script src="/assets/missing-DO7tlORW.js"></script>
        """);
    site.write("assets/index-D8b4DHJx.css", "a{}");
    site.write("assets/index-DO7tlORW.js", "console.log(1)");
    site.write("js/app.js", "console.log(2)");
  }

  @Test
  void thePageCarriesLinksToTheHashedFilesItLinksOverHttp11(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> page = server.fetch("/");
    HttpResponse<Buffer> head = Bounded.await(server.head("/").send(), "answer to HEAD /");
    HttpResponse<Buffer> asset = server.fetch("/assets/index-DO7tlORW.js");

    assertEquals(200, page.statusCode());
    assertEquals(LINKS, page.getHeader("Link"), "not /js/app.js (not immutable), not a file the index lacks");
    assertEquals(LINKS, head.getHeader("Link"));
    assertNull(asset.getHeader("Link"));
  }

  @Test
  void overHttp2A103WithTheLinksPrecedesThe200(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HintedGet page = HintedGet.send(vertx, HttpVersion.HTTP_2, server.port, "/");

    assertEquals(HttpVersion.HTTP_2, page.response().version());
    assertEquals(List.of("103 " + LINKS, "200 " + LINKS), page.events());
    assertArrayEquals(site.read("index.html"), page.body().getBytes());
  }

  @Test
  void overHttp11NoInterimResponseIsSent(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HintedGet page = HintedGet.send(vertx, HttpVersion.HTTP_1_1, server.port, "/");

    assertEquals(HttpVersion.HTTP_1_1, page.response().version());
    assertEquals(List.of("200 " + LINKS), page.events(), "no 103 before the 200, which has the Link");
    assertArrayEquals(site.read("index.html"), page.body().getBytes());
  }

  @Test
  void earlyHintsOffSendsNoLink(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, site.options().setEarlyHints(false)).await();

    HttpResponse<Buffer> page = server.fetch("/");

    assertEquals(200, page.statusCode());
    assertNull(page.getHeader("Link"));
    assertTrue(page.bodyAsString().contains("index-DO7tlORW.js"));
  }

  @Test
  void withVitesManifestThePageAnnouncesWhatTheManifestSaysItLoadsUnderViteBase(Vertx vertx, @TempDir Path dir) {
    Site vite = new Site(dir);
    // Vite's base '/app/': the page writes its files under /app/, the manifest relative to the root.
    vite.write("index.html", """
        <!doctype html>
        <script type="module" crossorigin src="/app/assets/index-BX9vQk2L.js"></script>
        <link rel="stylesheet" crossorigin href="/app/assets/index-D8b4DHJx.css">
        """);
    vite.write(".vite/manifest.json", """
        {
          "_vendor-Cq3kP9xZ.js": {"file": "assets/vendor-Cq3kP9xZ.js", "name": "vendor",
            "css": ["assets/vendor-B7c2lQ0a.css"], "imports": ["_shared-A1b2C3d4.js"]},
          "_shared-A1b2C3d4.js": {"file": "assets/shared-A1b2C3d4.js", "name": "shared"},
          "src/Lazy.tsx": {"file": "assets/Lazy-Zy9xW8v7.js", "src": "src/Lazy.tsx", "isDynamicEntry": true},
          "index.html": {"file": "assets/index-BX9vQk2L.js", "name": "index", "src": "index.html",
            "isEntry": true, "imports": ["_vendor-Cq3kP9xZ.js"], "dynamicImports": ["src/Lazy.tsx"],
            "css": ["assets/index-D8b4DHJx.css"]}
        }
        """);
    for (String file : List.of("index-BX9vQk2L.js", "index-D8b4DHJx.css", "vendor-Cq3kP9xZ.js", "vendor-B7c2lQ0a.css",
        "shared-A1b2C3d4.js", "Lazy-Zy9xW8v7.js")) {
      vite.write("assets/" + file, "/* " + file + " */");
    }
    TestServer server = TestServer.mount(vertx, vite.options(), "/app/*").await();

    HttpResponse<Buffer> page = server.fetch("/app/");

    assertEquals(200, page.statusCode());
    assertEquals("</app/assets/index-D8b4DHJx.css>; rel=preload; as=style; crossorigin, "
        + "</app/assets/vendor-B7c2lQ0a.css>; rel=preload; as=style; crossorigin, "
        + "</app/assets/index-BX9vQk2L.js>; rel=modulepreload; crossorigin, "
        + "</app/assets/vendor-Cq3kP9xZ.js>; rel=modulepreload; crossorigin, "
        + "</app/assets/shared-A1b2C3d4.js>; rel=modulepreload; crossorigin", page.getHeader("Link"),
        "the stylesheets first, then the entry and the chunks it imports; not the lazy chunk");
  }

  @Test
  void aVitePageAlsoAnnouncesTheFontItPreloadsWhichTheManifestDoesNotList(Vertx vertx, @TempDir Path dir) {
    Site vite = new Site(dir);
    vite.write("index.html", """
        <!doctype html>
        <link rel="preload" href="/assets/inter-C38fXH4l.woff2" as="font" type="font/woff2" crossorigin>
        <script type="module" crossorigin src="/assets/index-BX9vQk2L.js"></script>
        <link rel="stylesheet" crossorigin href="/assets/index-D8b4DHJx.css">
        """);
    vite.write(".vite/manifest.json", """
        {"index.html": {"file": "assets/index-BX9vQk2L.js", "src": "index.html", "isEntry": true,
          "css": ["assets/index-D8b4DHJx.css"]}}
        """);
    for (String file : List.of("index-BX9vQk2L.js", "index-D8b4DHJx.css", "inter-C38fXH4l.woff2")) {
      vite.write("assets/" + file, "/* " + file + " */");
    }
    TestServer server = TestServer.mount(vertx, vite.options()).await();

    HttpResponse<Buffer> page = server.fetch("/");

    assertEquals("</assets/index-D8b4DHJx.css>; rel=preload; as=style; crossorigin, "
        + "</assets/index-BX9vQk2L.js>; rel=modulepreload; crossorigin, "
        + "</assets/inter-C38fXH4l.woff2>; rel=preload; as=font; crossorigin", page.getHeader("Link"),
        "the manifest's, then the font of the HTML, each file once");
  }

  @Test
  void aFileTheVitePageWritesWithoutCrossoriginIsAnnouncedAsThePageLoadsIt(Vertx vertx, @TempDir Path dir) {
    Site vite = new Site(dir);
    vite.write("index.html", """
        <!doctype html>
        <script type="module" crossorigin src="/assets/index-BX9vQk2L.js"></script>
        <link rel="stylesheet" href="/assets/index-D8b4DHJx.css">
        """);
    vite.write(".vite/manifest.json", """
        {"index.html": {"file": "assets/index-BX9vQk2L.js", "src": "index.html", "isEntry": true,
          "css": ["assets/index-D8b4DHJx.css"]}}
        """);
    vite.write("assets/index-BX9vQk2L.js", "export {}");
    vite.write("assets/index-D8b4DHJx.css", "a{}");
    TestServer server = TestServer.mount(vertx, vite.options()).await();

    assertEquals("</assets/index-D8b4DHJx.css>; rel=preload; as=style, "
        + "</assets/index-BX9vQk2L.js>; rel=modulepreload; crossorigin", server.fetch("/").getHeader("Link"),
        "no crossorigin on the stylesheet's preload, as on its <link>: else Chromium fetches it twice");
  }
}
