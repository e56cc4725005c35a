package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The files today's bundlers write are served as each tool documents them: the content-hashed
 * ones immutable by default, by name or by folder; those it writes under fixed names with the
 * short max-age; HTML pages no-cache. The names are every file of a real build of Vite, esbuild,
 * webpack, Parcel, Astro, SvelteKit, Next.js, Angular and Create React App, listed with the tool's
 * version and the commands that made them in {@code src/test/resources/bundler-names/}. Gatsby's
 * names (no Gatsby site was built) and our own {@code build}'s are still typed by hand.
 */
@ExtendWith(VertxExtension.class)
class ImmutableNamesTest {

  private static final String IMMUTABLE = AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL;
  private static final String SHORT = "public, max-age=60";
  private static final Map<String, String> CACHE_CONTROL_BY_KIND =
      Map.of("immutable", IMMUTABLE, "short", SHORT, "page", AssetsOptions.DEFAULT_HTML_CACHE_CONTROL);

  /** Returns one case per file of {@code bundler-names/}: its name (tool and version) and its paths with their Cache-Control. */
  static Stream<Arguments> builds() throws IOException, URISyntaxException {
    Path dir = Path.of(ImmutableNamesTest.class.getResource("/bundler-names").toURI());
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
        cases.add(Arguments.of(name, expectedCacheControls(file)));
      }
    }
    return cases.stream();
  }

  /** Returns the Cache-Control that each {@code kind path} line of {@code file} asks for, in file order. */
  private static Map<String, String> expectedCacheControls(Path file) throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] kindAndPath = line.split(" ", 2);
      String cacheControl = CACHE_CONTROL_BY_KIND.get(kindAndPath[0]);
      if (cacheControl == null || kindAndPath.length < 2) {
        throw new IllegalArgumentException(file + ": not \"immutable|short|page PATH\": " + line);
      }
      expected.put(kindAndPath[1], cacheControl);
    }
    return expected;
  }

  /** Tools not built here: names typed from their documentation. */
  static Stream<Arguments> typedNames() {
    return Stream.of(
        Arguments.of("Gatsby", List.of("app-8a1b2c3d4e5f6a7b8c9d.js",
            "component---src-pages-index-js-3f2a9c1b7e4d5f6a7b8c.js")),
        Arguments.of("build (ours)", List.of("css/app.3f2a9c1b7e4d.css", "js/app.0e1f2a3b4c5d.js")));
  }

  /**
   * Ordinary names: versions, words, sizes, dates, the files bundlers write unhashed beside their
   * output, and libraries' and fonts' own names as they are copied into sites.
   */
  static final List<String> ORDINARY = List.of("app-settings.js", "bootstrap-reboot.css", "jquery-3.7.1.min.js",
      "fontawesome.css", "bootstrap.min.css", "chart.umd.min.js", "socket.io.js", "Montserrat-SemiBold.woff2",
      "font-Inter400.woff2", "OpenSans-Regular.ttf", "my-app-core.js", "android-chrome-192x192.png",
      "apple-touch-icon-180x180.png", "favicon-32x32.png", "report.20241201.pdf", "jquery.validate.js",
      "app.notahash.js", "vite.svg", "robots.txt", "_app/version.json", "assets/logo.png",
      "static/js/config.js", "site.webmanifest", "sw.js", "__next.__PAGE__.txt", "deadbeef.png", "20241201.log",
      "3f2a9c1b.js", "3rdpartylicenses.txt", "asset-manifest.json", "react-dom.production.min.js",
      "react-dom.production.min.js.map", "vue.global.prod.js", "vue.esm-browser.prod.js.map", "htmx.min.js",
      "bootstrap.bundle.min.js", "bootstrap.bundle.min.js.map", "jquery-3.7.1.min.js.map", "normalize.css",
      "d3.v7.min.js", "swagger-ui-bundle.js", "pdf.worker.min.js", "plotly-2.27.0.min.js",
      "modernizr-2.8.3.min.js", "photoswipe-lightbox.esm.js.map", "sw-register.js", "i18n-messages.js",
      "i18n-messages.de.json", "prism-tomorrow.css", "github-markdown.css", "theme-Darkblue.css",
      "Roboto-Regular.woff2", "Inter-roman.var.woff2", "KaTeX_Main-Regular.woff2",
      "materialdesignicons-webfont.woff2", "fa-solid-900.woff2", "glyphicons-halflings-regular.woff2",
      "roboto-v30-latin-regular.woff2", "mstile-150x150.png", "safari-pinned-tab.svg", "logo192.png");

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void everyFileOfARealBuildGetsTheCacheControlItsToolDocuments(String build, Map<String, String> expected,
      Vertx vertx, @TempDir Path dir) {
    Map<String, String> got = cacheControls(vertx, dir, List.copyOf(expected.keySet()));

    assertEquals(expected, got, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedNames")
  void theHashedFilesOfToolsNotBuiltHereAreImmutable(String tool, List<String> names, Vertx vertx,
      @TempDir Path dir) {
    Map<String, String> got = cacheControls(vertx, dir, names);

    Map<String, String> expected = new LinkedHashMap<>();
    names.forEach(n -> expected.put(n, IMMUTABLE));
    assertEquals(expected, got, tool);
  }

  @Test
  void ordinaryNamesKeepTheShortMaxAge(Vertx vertx, @TempDir Path dir) {
    Map<String, String> got = cacheControls(vertx, dir, ORDINARY);

    List<String> immutable = new ArrayList<>();
    got.forEach((name, value) -> {
      if (!value.equals(SHORT)) {
        immutable.add(name + ": " + value);
      }
    });
    assertEquals(List.of(), immutable);
  }

  @Test
  void htmlOfABundledSiteIsNoCache(Vertx vertx, @TempDir Path dir) {
    assertEquals("no-cache", cacheControls(vertx, dir, List.of("index.html", "assets/index-DO7tlORW.js"))
        .get("index.html"));
  }

  @Test
  void theIndexCountsItsImmutableFilesByRule(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("assets/index-DO7tlORW.js", "x");
    site.write("assets/index-D8b4DHJx.css", "x");
    site.write("_astro/hero.png", "x");
    site.write("about.txt", "x");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(Map.of("manifest.json", 0, "Vite's manifest", 0, "bundler folder", 1, "name", 2),
        index.immutableFiles());
  }

  @Test
  void aBundledRootWithoutAHashedFileIsWarnedAbout(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("assets/index.js", "x");
    site.write("assets/style.css", "x");

    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      AssetIndex.buildBlocking(site.options());

      assertTrue(log.warnings().stream().anyMatch(w -> w.contains(dir.toString())
          && w.contains("looks like a bundler's output") && w.contains("immutablePattern")), log.warnings().toString());
    }
  }

  @Test
  void aPlainSiteIsNotWarnedAbout(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");
    site.write("css/app.css", "x");
    site.write("js/app.js", "x");

    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      AssetIndex.buildBlocking(site.options());

      assertEquals(List.of(), log.warnings());
    }
  }

  /**
   * Returns the Cache-Control of each name, served from one index of them all; an
   * {@code index.html} is asked for by its folder's URL.
   */
  private static Map<String, String> cacheControls(Vertx vertx, Path dir, List<String> names) {
    Site site = new Site(dir);
    // JSON files hold JSON, so that a manifest.json is read as a web app manifest, not reported as broken.
    names.forEach(n -> site.write(n, n.endsWith(".json") ? "{}" : "content of " + n));
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : names) {
      String path = "/" + (name.equals("index.html") || name.endsWith("/index.html")
          ? name.substring(0, name.length() - "index.html".length()) : name);
      result.put(name, server.get(path).send().await().getHeader("Cache-Control"));
    }
    return result;
  }
}
