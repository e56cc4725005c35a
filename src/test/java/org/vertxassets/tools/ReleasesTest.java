package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsOptions;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** A build keeps the hashed files of the releases before it, and its manifest lists them. */
@ExtendWith(VertxExtension.class)
class ReleasesTest {

  private static Manifest manifest(Site tree) throws Exception {
    return Manifest.read(tree.out.resolve(Manifest.NAME));
  }

  @Test
  void theManifestListsTheChangedFilesOfTheReleaseBeforeNotItsUnchangedOnes(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("js/app.js", "one").with("css/app.css", "a{}");
    String app1 = tree.build().manifest().get("js/app.js").path();
    String css = manifest(tree).files().get("css/app.css").path();

    tree.write("js/app.js", "two");
    AssetBuilder.Summary summary = tree.build();

    Manifest m = manifest(tree);
    assertEquals(1, m.earlier().size());
    assertEquals(Map.of("js/app.js", app1), Map.of("js/app.js", m.earlier().get(0).get("js/app.js").path()));
    assertEquals(List.of("js/app.js"), List.copyOf(m.earlier().get(0).keySet()), "css/app.css did not change");
    assertTrue(Files.isRegularFile(tree.out.resolve(app1)));
    assertEquals(css, summary.manifest().get("css/app.css").path());
    assertEquals(0, summary.staleRemoved());
  }

  @Test
  void buildingTheSameSourcesAgainIsNoNewRelease(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("js/app.js", "one");
    tree.build();
    tree.write("js/app.js", "two");
    tree.build();
    String before = Files.readString(tree.out.resolve(Manifest.NAME));

    tree.build();

    assertEquals(before, Files.readString(tree.out.resolve(Manifest.NAME)));
    assertEquals(1, manifest(tree).earlier().size());
  }

  @Test
  void keepReleasesCountsThisReleaseAndDropsTheOldestFirst(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir);
    List<String> paths = new java.util.ArrayList<>();
    for (String version : List.of("one", "two", "three")) {
      tree.write("js/app.js", version);
      paths.add(AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(true, false, 2))
          .manifest().get("js/app.js").path());
    }

    Manifest m = manifest(tree);
    assertEquals(1, m.earlier().size());
    assertEquals(paths.get(1), m.earlier().get(0).get("js/app.js").path());
    assertFalse(Files.exists(tree.out.resolve(paths.get(0))));
    assertTrue(Files.exists(tree.out.resolve(paths.get(1))));
  }

  @Test
  void aKeptFileOfTheReleaseBeforeIsServedImmutableWithItsManifestEtag(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site tree = Site.source(dir).with("js/app.js", "console.log('one')");
    Manifest.Entry old = tree.build().manifest().get("js/app.js");
    tree.write("js/app.js", "console.log('two')");
    tree.build();
    TestServer server = TestServer.mount(vertx, new AssetsOptions().addRoot(tree.out.toString())
        .setImmutablePattern(null)).await();

    HttpResponse<Buffer> r = server.get("/" + old.path()).send().await();

    assertEquals(200, r.statusCode());
    assertEquals("console.log('one')", r.bodyAsString());
    assertEquals(AssetsOptions.DEFAULT_IMMUTABLE_CACHE_CONTROL, r.getHeader("Cache-Control"), "by the manifest");
    assertEquals(ContentHash.etag(old.sha256()), r.getHeader("ETag"));
  }
}
