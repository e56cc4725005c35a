package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vertxassets.testing.HintedGet;
import org.vertxassets.testing.TestServer;

/**
 * A real Vite build, served as a single-page app: Vite 8.4.1's {@code react-ts} template built
 * with its manifest and two entries, the page ({@code index.html}) and {@code src/main.tsx} for
 * pages a server renders (the committed output and how to rebuild it are in
 * {@code src/test/fixtures/vite-react-ts}).
 */
// A backstop for what is not an answer (a server starting): every answer is waited for 20 s at most.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(VertxExtension.class)
class ViteBuildTest {

  /** Vite's output, committed as it wrote it. Surefire runs in the project directory. */
  private static final Path DIST = Path.of("src/test/fixtures/vite-react-ts/dist");
  private static final String IMMUTABLE = AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL;
  // What Vite's manifest says index.html loads first: the CSS of the chunk it imports, its own
  // module, the imported chunk. Vite's page writes the same three.
  private static final String LINKS = "</assets/main-D64VDMd1.css>; rel=preload; as=style; crossorigin, "
      + "</assets/index-kuVpD752.js>; rel=modulepreload; crossorigin, "
      + "</assets/main-DDGzz98R.js>; rel=modulepreload; crossorigin";

  // What Chromium sends when it navigates.
  private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
      + "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

  private static AssetsOptions options() {
    return new AssetsOptions().addRoot(DIST.toString()).setSpaFallback("/index.html");
  }

  @Test
  void everyFileViteHashedIsImmutableAndNothingElseIs(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options()).await();
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> got = new TreeMap<>();

    for (String file : files()) {
      HttpResponse<Buffer> r = server.fetch(file.equals("index.html") ? "/" : "/" + file);
      assertEquals(200, r.statusCode(), file);
      assertArrayEquals(Files.readAllBytes(DIST.resolve(file)), r.bodyAsBuffer().getBytes(), file);
      got.put(file, r.getHeader("Cache-Control"));
      expected.put(file, file.startsWith("assets/") ? IMMUTABLE
          : file.equals("index.html") ? "no-cache" : "public, max-age=60");
    }

    assertEquals(expected, got);
    assertEquals(6, got.values().stream().filter(IMMUTABLE::equals).count(), got.toString());
    assertEquals(Map.of("manifest.json", 0, "Vite's manifest", 6, "bundler folder", 0, "name", 0),
        server.handler.index().immutableFiles());
  }

  @Test
  void theManifestIsNotServedAndARouteOfTheAppGetsThePage(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options()).await();

    HttpResponse<Buffer> manifest = server.fetch("/.vite/manifest.json");
    HttpResponse<Buffer> route = server.fetch("/users/42", "Accept", BROWSER);
    HttpResponse<Buffer> asset = server.fetch("/assets/main-0000aaaa.js", "Accept", "*/*");

    assertEquals(404, manifest.statusCode());
    assertEquals(200, route.statusCode());
    assertEquals("no-cache", route.getHeader("Cache-Control"));
    assertEquals(Files.readString(DIST.resolve("index.html")), route.bodyAsString());
    assertEquals(LINKS, route.getHeader("Link"));
    assertEquals(404, asset.statusCode(), "a missing hashed file is no route of the app");
  }

  @Test
  void thePageAndEveryRouteOfTheAppSendTheEarlyHintsOfTheManifestOverHttp2(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options()).await();

    for (String path : List.of("/", "/users/42")) {
      // A connection per path, the body read as the 200 arrives, the wait bounded (HintedGet says why).
      HintedGet page = HintedGet.send(vertx, HttpVersion.HTTP_2, server.port, path, "Accept", BROWSER);

      assertEquals(HttpVersion.HTTP_2, page.response().version(), path);
      assertEquals(List.of("103 " + LINKS, "200 " + LINKS), page.events(), path);
      assertArrayEquals(Files.readAllBytes(DIST.resolve("index.html")), page.body().getBytes(), path);
    }
  }

  @Test
  void assetUrlsTakesTheManifestsOwnNames(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options(), "/static/*").await();
    AssetUrls urls = AssetUrls.create(server.handler, "/static/");

    assertEquals("/static/assets/main-DDGzz98R.js", urls.url("src/main.tsx"));
    assertEquals(List.of("/static/assets/main-D64VDMd1.css"), urls.css("src/main.tsx"));
    assertEquals(List.of(), urls.imports("src/main.tsx"));
    assertEquals("/static/assets/index-kuVpD752.js", urls.url("index.html"));
    assertEquals(List.of("/static/assets/main-D64VDMd1.css"), urls.css("index.html"));
    assertEquals(List.of("/static/assets/main-DDGzz98R.js"), urls.imports("index.html"));
    assertEquals("/static/assets/react-CHdo91hT.svg", urls.url("src/assets/react.svg"));
    for (String url : List.of(urls.url("src/main.tsx"), urls.css("src/main.tsx").get(0),
        urls.url("src/assets/react.svg"))) {
      HttpResponse<Buffer> r = server.fetch(url);
      assertEquals(200, r.statusCode(), url);
      assertEquals(IMMUTABLE, r.getHeader("Cache-Control"), url);
      assertArrayEquals(Files.readAllBytes(DIST.resolve(url.substring("/static/".length()))),
          r.bodyAsBuffer().getBytes(), url);
    }
  }

  @Test
  void aNameThatIsNoEntryIsAnErrorWhenStrictAndNothingWhenLenient(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, options()).await();
    AssetUrls urls = AssetUrls.create(server.handler, "/");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> urls.css("src/main.ts"));
    assertTrue(e.getMessage().contains("'src/main.ts'") && e.getMessage().contains("build.manifest"), e.getMessage());
    assertEquals(List.of(), urls.strict(false).imports("src/main.ts"));
    assertEquals(List.of(), urls.strict(false).css("src/assets/react.svg"), "an asset, not an entry");
  }

  /** Returns the files of Vite's output but its manifest, relative to it. */
  private static List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(DIST)) {
      return all.filter(Files::isRegularFile).map(p -> DIST.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith(".vite/")).sorted().toList();
    }
  }
}
