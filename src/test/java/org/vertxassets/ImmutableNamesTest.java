package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
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
 * The files today's bundlers name by their content are served immutable by default, by name or
 * by folder; ordinary names are not. The names are in the forms each tool writes with its
 * default configuration (Vite 7 / Rollup 4, esbuild 0.25, webpack 5, Parcel 2, Angular 19's
 * esbuild builder, Astro 5, Next.js 15, SvelteKit 2, Create React App 5, Gatsby 5).
 */
@ExtendWith(VertxExtension.class)
class ImmutableNamesTest {

  private static final String IMMUTABLE = AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL;
  private static final String SHORT = "public, max-age=60";

  static Stream<Arguments> bundlers() {
    return Stream.of(
        Arguments.of("Vite / Rollup", List.of("assets/index-DO7tlORW.js", "assets/index-D8b4DHJx.css",
            "assets/react-CHdo91hT.svg", "assets/vendor-B-8_xYz1.js", "assets/index-DO7tlORW.js.map",
            "assets/inter-latin-400-normal-C38fXH4l.woff2")),
        Arguments.of("esbuild --entry-names=[name]-[hash]", List.of("main-5NJAXO6D.js", "chunk-ABCXYZ27.js",
            "app-Q4X2ZJ5L.css")),
        Arguments.of("Angular", List.of("main-HJ5KXKUX.js", "polyfills-FFHMD2TL.js", "styles-5INURTSO.css",
            "chunk-7WDVTQRW.js", "media/roboto-latin-400-BNTYHQRK.woff2")),
        Arguments.of("webpack [contenthash]", List.of("main.3b2f1e0c9a8d7e6f5a4b.js", "runtime.0a1b2c3d4e5f6a7b8c9d.js",
            "842.5e6f7a8b9c0d1e2f3a4b.js", "main.3b2f1e0c.css", "0b035c2711f36bad3336.png")),
        Arguments.of("Create React App", List.of("static/js/main.8f4d2a1b.js", "static/css/main.a1b2c3d4.css",
            "static/media/logo.6ce24c58023cc2f8fd88fe9d219db6c6.svg", "static/js/453.e6a0c9a1.chunk.js",
            "static/js/453.e6a0c9a1.chunk.js.map", "static/js/main.8f4d2a1b.js.LICENSE.txt")),
        Arguments.of("Parcel", List.of("index.975ef6c8.js", "index.a2b5cb9e.css", "logo.7e0a4b2c.png")),
        Arguments.of("Astro", List.of("_astro/index.CGp5rNF4.css", "_astro/hoisted.BZ-Mrv8T.js",
            "_astro/Layout.astro_astro_type_script_index_0_lang.BwXmOH8y.js", "_astro/hero.DqWmFh4v_Z1nTqxR.webp")),
        Arguments.of("Next.js", List.of("_next/static/chunks/pages/_app-72b849fbd24ac258.js",
            "_next/static/css/2f1b4c6e5d8a9b0c.css", "_next/static/Ukv9a2K3vPz0bXnG/_buildManifest.js",
            "_next/static/media/inter.woff2")),
        Arguments.of("SvelteKit", List.of("_app/immutable/entry/start.BRnO1ys0.js",
            "_app/immutable/chunks/index.R8ovVqwX.js", "_app/immutable/assets/0.CHZpn3BQ.css",
            "_app/immutable/nodes/0.js")),
        Arguments.of("Gatsby", List.of("app-8a1b2c3d4e5f6a7b8c9d.js",
            "component---src-pages-index-js-3f2a9c1b7e4d5f6a7b8c.js")),
        Arguments.of("build (ours)", List.of("css/app.3f2a9c1b7e4d.css", "js/app.0e1f2a3b4c5d.js")));
  }

  /** Ordinary names: versions, words, sizes, dates, and the files bundlers write unhashed beside their output. */
  static final List<String> ORDINARY = List.of("app-settings.js", "bootstrap-reboot.css", "jquery-3.7.1.min.js",
      "fontawesome.css", "bootstrap.min.css", "chart.umd.min.js", "socket.io.js", "Montserrat-SemiBold.woff2",
      "font-Inter400.woff2", "OpenSans-Regular.ttf", "my-app-core.js", "android-chrome-192x192.png",
      "apple-touch-icon-180x180.png", "favicon-32x32.png", "report.20241201.pdf", "jquery.validate.js",
      "app.notahash.js", "vite.svg", "robots.txt", "_app/version.json", "assets/logo.png",
      "static/js/config.js", "site.webmanifest", "sw.js", "__next.__PAGE__.txt", "deadbeef.png", "20241201.log");

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundlers")
  void theHashedFilesOfEachBundlerAreImmutable(String tool, List<String> names, Vertx vertx, @TempDir Path dir) {
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

  /** Returns the Cache-Control of each name, served from one index of them all. */
  private static Map<String, String> cacheControls(Vertx vertx, Path dir, List<String> names) {
    Site site = new Site(dir);
    names.forEach(n -> site.write(n, "content of " + n));
    TestServer server = TestServer.mount(vertx, site.options()).await();
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : names) {
      String path = name.equals("index.html") ? "/" : "/" + name;
      result.put(name, server.get(path).send().await().getHeader("Cache-Control"));
    }
    return result;
  }
}
