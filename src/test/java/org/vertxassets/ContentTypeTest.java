package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §3: Content-Type from the extension table, charset=utf-8 on textual types, octet-stream when unknown. */
@ExtendWith(VertxExtension.class)
class ContentTypeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "app.css          | text/css; charset=utf-8",
      "app.js           | text/javascript; charset=utf-8",
      "module.mjs       | text/javascript; charset=utf-8",
      "page.html        | text/html; charset=utf-8",
      "data.json        | application/json; charset=utf-8",
      "app.js.map       | application/json; charset=utf-8",
      "logo.svg         | image/svg+xml; charset=utf-8",
      "font.woff2       | font/woff2",
      "photo.webp       | image/webp",
      "photo.avif       | image/avif",
      "module.wasm      | application/wasm",
      "site.webmanifest | application/manifest+json; charset=utf-8",
      // SPEC §3 puts charset=utf-8 on text/* and XML; the code's XML type, application/xml, is RFC 7303's.
      "notes.txt        | text/plain; charset=utf-8",
      "feed.xml         | application/xml; charset=utf-8",
      "data.xyzzy       | application/octet-stream",
      "LICENSE          | application/octet-stream",
      "SHOUT.CSS        | text/css; charset=utf-8",
  })
  void servesTheContentTypeOfTheExtension(String name, String contentType, Vertx vertx, @TempDir Path dir) {
    assertEquals(contentType, contentTypeOf(vertx, dir, name, new AssetsOptions()));
  }

  @Test
  void userAddedTextualTypeGetsACharset(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("adoc", "text/asciidoc");

    assertEquals("text/asciidoc; charset=utf-8", contentTypeOf(vertx, dir, "guide.adoc", options));
  }

  @Test
  void userAddedBinaryTypeGetsNoCharset(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("glb", "model/gltf-binary");

    assertEquals("model/gltf-binary", contentTypeOf(vertx, dir, "scene.glb", options));
  }

  @Test
  void userAddedStructuredTextTypeGetsACharset(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("geojson", "application/geo+json");

    assertEquals("application/geo+json; charset=utf-8", contentTypeOf(vertx, dir, "map.geojson", options));
  }

  @Test
  void userAddedTypeOverridesABuiltInOne(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("ico", "image/x-icon");

    assertEquals("image/x-icon", contentTypeOf(vertx, dir, "favicon.ico", options));
  }

  @Test
  void userAddedTextualTypeOverridesABuiltInBinaryOne(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("map", "text/plain");

    assertEquals("text/plain; charset=utf-8", contentTypeOf(vertx, dir, "app.js.map", options));
  }

  @Test
  void userAddedTypeMatchesTheExtensionWhateverItsCase(Vertx vertx, @TempDir Path dir) {
    AssetsOptions options = new AssetsOptions().addMimeType("GLB", "model/gltf-binary");

    assertEquals("model/gltf-binary", contentTypeOf(vertx, dir, "Scene.Glb", options));
  }

  /** Serves one file named {@code name} with {@code options} plus the site root and returns its Content-Type. */
  private static String contentTypeOf(Vertx vertx, Path dir, String name, AssetsOptions options) {
    Site site = new Site(dir);
    site.write(name, "content of " + name + "\n");
    TestServer server = TestServer.mount(vertx, new AssetsOptions(options).addRoot(dir.toString())).await();

    HttpResponse<Buffer> res = server.get("/" + name).send().await();

    assertEquals(200, res.statusCode(), name);
    return res.getHeader("Content-Type");
  }
}
