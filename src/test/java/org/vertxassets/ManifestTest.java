package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The manifests at a root's top: {@code manifest.json} as {@code build} writes it, and Vite's
 * {@code .vite/manifest.json}. Their files are immutable whatever their names; ours gives the
 * ETags; both give {@link AssetUrls} its names.
 */
@ExtendWith(VertxExtension.class)
class ManifestTest {

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String CSS = "body { color: red; }\n";

  private Site site;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Writes css/app.css, its hashed copy css/app.v7.css (a name the file-name rule does not know) and our manifest. */
  private void writeBuilt(String sha) throws Exception {
    site.write("css/app.css", CSS);
    site.write("css/app.v7.css", CSS);
    site.write("manifest.json", new JsonObject().put("version", 1).put("files", new JsonObject()
        .put("css/app.css", new JsonObject().put("path", "css/app.v7.css").put("sha256", sha).put("size", CSS.length())))
        .encodePrettily());
    // The manifest is written last, as build writes it.
    Files.setLastModifiedTime(site.root.resolve("manifest.json"),
        FileTime.fromMillis(System.currentTimeMillis() + 2000));
  }

  private TestServer serve(Vertx vertx) {
    return TestServer.mount(vertx, new AssetsOptions().addRoot(site.root.toString()).setImmutablePattern(null)).await();
  }

  @Test
  void ourManifestIsBookkeepingAndNotServed(Vertx vertx) throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    TestServer server = serve(vertx);

    assertEquals(404, server.get("/manifest.json").send().await().statusCode());
    assertEquals(200, server.get("/css/app.v7.css").send().await().statusCode());
  }

  @Test
  void aWebAppManifestOfTheSameNameIsServed(Vertx vertx) {
    site.write("manifest.json", "{\"name\": \"My app\", \"icons\": []}");
    TestServer server = serve(vertx);

    HttpResponse<Buffer> res = server.get("/manifest.json").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("{\"name\": \"My app\", \"icons\": []}", res.bodyAsString());
  }

  @Test
  void aFileOurManifestListsIsImmutableWhateverItsName(Vertx vertx) throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    TestServer server = serve(vertx);

    HttpResponse<Buffer> hashed = server.get("/css/app.v7.css").send().await();
    HttpResponse<Buffer> source = server.get("/css/app.css").send().await();

    assertEquals(IMMUTABLE, hashed.getHeader("Cache-Control"));
    assertEquals("public, max-age=60", source.getHeader("Cache-Control"), "the unhashed copy changes with each build");
    assertArrayEquals(CSS.getBytes(), hashed.body().getBytes());
  }

  @Test
  void theManifestHashIsTheETagWithoutHashingTheFileAgain(Vertx vertx) throws Exception {
    // A hash that is not the file's: the ETag can only come from the manifest.
    String vouched = "0123456789abcdef".repeat(4);
    writeBuilt(vouched);
    TestServer server = serve(vertx);

    assertEquals("\"" + vouched.substring(0, 32) + "\"", server.get("/css/app.v7.css").send().await().getHeader("ETag"));
    assertEquals("\"" + vouched.substring(0, 32) + "\"", server.get("/css/app.css").send().await().getHeader("ETag"));
  }

  @Test
  void aFileChangedSinceTheManifestIsHashedAgain(Vertx vertx) throws Exception {
    writeBuilt("0123456789abcdef".repeat(4));
    String edited = CSS + "p { margin: 0; }\n";
    site.write("css/app.css", edited);

    String etag = serve(vertx).get("/css/app.css").send().await().getHeader("ETag");

    assertEquals("\"" + sha256(edited.getBytes()).substring(0, 32) + "\"", etag);
  }

  @Test
  void aFileEditedInTheSecondOfTheManifestIsHashedAgain(Vertx vertx) throws Exception {
    writeBuilt("0123456789abcdef".repeat(4));
    String edited = CSS.replace("red", "tan");
    site.write("css/app.css", edited);
    // Same size, and the same second as the manifest: its time cannot tell which came first.
    FileTime manifest = Files.getLastModifiedTime(site.root.resolve("manifest.json"));
    Files.setLastModifiedTime(site.root.resolve("css/app.css"), FileTime.fromMillis(manifest.toMillis() / 1000 * 1000));

    String etag = serve(vertx).get("/css/app.css").send().await().getHeader("ETag");

    assertEquals("\"" + sha256(edited.getBytes()).substring(0, 32) + "\"", etag);
  }

  @Test
  void theETagFromTheManifestEqualsTheOneTheIndexWouldCompute(Vertx vertx) throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    String fromManifest = serve(vertx).get("/css/app.v7.css").send().await().getHeader("ETag");
    Files.delete(site.root.resolve("manifest.json"));

    String computed = serve(vertx).get("/css/app.v7.css").send().await().getHeader("ETag");

    assertEquals(computed, fromManifest);
  }

  @Test
  void aWebAppManifestNamedManifestJsonIsAFileLikeAnyOther(Vertx vertx) {
    site.write("manifest.json", "{\"name\": \"My app\", \"icons\": []}");
    site.write("app.v7.css", CSS);

    TestServer server = serve(vertx);
    HttpResponse<Buffer> manifest = server.get("/manifest.json").send().await();

    assertEquals(200, manifest.statusCode());
    assertEquals("public, max-age=60", server.get("/app.v7.css").send().await().getHeader("Cache-Control"));
  }

  @Test
  void aManifestJsonThatIsNotJsonIsReportedAndItsFilesAreNotImmutable(Vertx vertx) {
    site.write("manifest.json", "{\"version\": 1, \"files\": {");
    site.write("app.v7.css", CSS);

    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      TestServer server = serve(vertx);

      log.assertWarningNaming("cannot be read as a manifest");
      assertEquals("public, max-age=60", server.get("/app.v7.css").send().await().getHeader("Cache-Control"));
      assertEquals(200, server.get("/manifest.json").send().await().statusCode());
    }
  }

  @Test
  void anEntryWithoutAPathIsReportedAndTheOthersAreKept(Vertx vertx) throws Exception {
    site.write("css/app.v7.css", CSS);
    site.write("manifest.json", new JsonObject().put("version", 1).put("files", new JsonObject()
        .put("css/broken.css", new JsonObject().put("size", 3))
        .put("css/app.css", new JsonObject().put("path", "css/app.v7.css"))).encode());

    try (LogCapture log = LogCapture.startQuiet("org.vertxassets")) {
      TestServer server = serve(vertx);

      log.assertWarningNaming("the entry of css/broken.css has no \"path\"");
      assertEquals(IMMUTABLE, server.get("/css/app.v7.css").send().await().getHeader("Cache-Control"));
    }
  }

  @Test
  void theFilesAViteManifestListsAreImmutable(Vertx vertx) {
    site.write(".vite/manifest.json", new JsonObject()
        .put("src/main.js", new JsonObject().put("file", "assets/main-4gvPGY.js").put("isEntry", true)
            .put("css", new JsonArray().add("assets/main-5UjPuW.css"))
            .put("assets", new JsonArray().add("assets/logo-Cw1Dq9.svg")))
        .encodePrettily());
    site.write("assets/main-4gvPGY.js", "import './x';");
    site.write("assets/main-5UjPuW.css", CSS);
    site.write("assets/logo-Cw1Dq9.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("index.html", "<!doctype html>");
    TestServer server = serve(vertx);

    for (String path : new String[] {"/assets/main-4gvPGY.js", "/assets/main-5UjPuW.css", "/assets/logo-Cw1Dq9.svg"}) {
      assertEquals(IMMUTABLE, server.get(path).send().await().getHeader("Cache-Control"), path);
    }
    assertEquals("no-cache", server.get("/").send().await().getHeader("Cache-Control"));
    assertEquals(404, server.get("/.vite/manifest.json").send().await().statusCode());
  }

  @Test
  void assetUrlsResolvesASourceNameToItsHashedUrl() throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())),
        "/static/");

    assertEquals("/static/css/app.v7.css", urls.url("css/app.css"));
    assertEquals("/static/css/app.v7.css", urls.url("/css/app.css"));
  }

  @Test
  void strictAssetUrlsRejectsANameNoManifestLists() throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())),
        "/static");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> urls.url("css/ap.css"));

    assertTrue(e.getMessage().contains("'css/ap.css'"), e.getMessage());
  }

  @Test
  void lenientAssetUrlsGivesAnUnlistedNameAsItIs() throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())),
        "/static/").strict(false);

    assertEquals("/static/img/a%20b.png", urls.url("img/a b.png"));
    assertEquals("/static/css/app.v7.css", urls.url("css/app.css"));
  }

  @Test
  void assetUrlsResolvesViteSourceNames() {
    site.write(".vite/manifest.json", "{\"src/main.js\": {\"file\": \"assets/main-4gvPGY.js\"}}");
    site.write("assets/main-4gvPGY.js", "1");

    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())), "/");

    assertEquals("/assets/main-4gvPGY.js", urls.url("src/main.js"));
  }

  @Test
  void assetUrlsOfAHandlerFollowItsUpdates() throws Exception {
    site.write("a.css", CSS);
    AssetsHandler handler = AssetsHandler.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())));
    AssetUrls urls = AssetUrls.create(handler, "/static/");
    assertThrows(IllegalArgumentException.class, () -> urls.url("css/app.css"));

    writeBuilt(sha256(CSS.getBytes()));
    handler.update(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.root.toString())));

    assertEquals("/static/css/app.v7.css", urls.url("css/app.css"));
  }

  @Test
  void aRootUnderAPrefixGivesUrlsUnderIt() throws Exception {
    writeBuilt(sha256(CSS.getBytes()));
    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions()
        .addRoot(site.root.toString(), "/v1/")), "/static/");

    assertEquals("/static/v1/css/app.v7.css", urls.url("v1/css/app.css"));
  }
}
