package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;

/**
 * The roots of an index: a prefix for each, the build failing for one that is missing, the
 * options copied, and symbolic links followed only while they stay inside their root.
 */
@ExtendWith(VertxExtension.class)
class AssetIndexRootsTest {

  @Test
  void aRootPrefixKeysItsFilesUnderThePrefix(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("lib.js", "lib");
    site.write("docs/index.html", "<html>docs</html>");

    AssetIndex index = AssetIndex.buildBlocking(new AssetsOptions().addRoot(dir.toString(), "/vendor/"));

    assertInstanceOf(Asset.class, index.lookup("/vendor/lib.js"));
    assertInstanceOf(Asset.class, index.lookup("/vendor/docs/"));
    assertEquals(new Redirect("/vendor/docs/"), index.lookup("/vendor/docs"));
    assertNull(index.lookup("/lib.js"));
  }

  @Test
  void buildFailsNamingARootThatDoesNotExist(Vertx vertx, @TempDir Path dir) {
    Path missing = dir.resolve("no-such-site");

    Future<AssetIndex> future = AssetIndex.build(vertx, new AssetsOptions().addRoot(missing.toString()));
    Throwable failure = future.map(index -> (Throwable) null).recover(Future::succeededFuture).await();

    assertNotNull(failure, "the build should fail");
    assertTrue(failure.getMessage().contains("no-such-site"), failure.getMessage());
  }

  @Test
  void buildBlockingRejectsARootThatDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-site");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AssetIndex.buildBlocking(new AssetsOptions().addRoot(missing.toString())));

    assertTrue(e.getMessage().contains("no-such-site"), e.getMessage());
  }

  @Test
  void buildBlockingRejectsOptionsWithoutRoots() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AssetIndex.buildBlocking(new AssetsOptions()));

    assertTrue(e.getMessage().contains("roots"), e.getMessage());
  }

  @Test
  void buildUsesACopyOfTheOptions(Vertx vertx, @TempDir Path one, @TempDir Path two) {
    Site site = new Site(one);
    site.write("docs/index.html", "<html>docs</html>");
    Site other = new Site(two);
    other.write("extra.js", "extra");
    AssetsOptions options = site.options();

    Future<AssetIndex> future = AssetIndex.build(vertx, options);
    options.setIndexFile(null).setIndexDotfiles(true).addRoot(two.toString(), "/extra/");
    AssetIndex index = future.await();

    assertInstanceOf(Asset.class, index.lookup("/docs/"));
    assertEquals(new Redirect("/docs/"), index.lookup("/docs"));
    assertNull(index.lookup("/extra/extra.js"));
  }

  @Test
  void skipsASymbolicLinkToAFileOutsideTheRootWithAWarning(@TempDir Path dir) throws IOException {
    Site site = new Site(dir.resolve("site"));
    site.write("app.js", "ok");
    Path secret = new Site(dir.resolve("outside")).write("secret.txt", "secret");
    Files.createSymbolicLink(dir.resolve("site/secret.txt"), secret);

    try (LogCapture log = LogCapture.start()) {
      AssetIndex index = AssetIndex.buildBlocking(site.options());

      assertNull(index.lookup("/secret.txt"));
      assertEquals(List.of("/app.js"), new ArrayList<>(index.paths()));
      log.assertWarningNaming(site.root.toRealPath().resolve("secret.txt").toString());
    }
  }

  @Test
  void skipsASymbolicLinkToADirectoryOutsideTheRootWithAWarning(@TempDir Path dir) throws IOException {
    Site site = new Site(dir.resolve("site"));
    site.write("app.js", "ok");
    new Site(dir.resolve("outside")).write("secret.txt", "secret");
    Files.createSymbolicLink(dir.resolve("site/linked"), dir.resolve("outside"));

    try (LogCapture log = LogCapture.start()) {
      AssetIndex index = AssetIndex.buildBlocking(site.options());

      assertNull(index.lookup("/linked/secret.txt"));
      assertEquals(List.of("/app.js"), new ArrayList<>(index.paths()));
      log.assertWarningNaming(site.root.toRealPath().resolve("linked").toString());
    }
  }

  @Test
  void followsASymbolicLinkToAFileInsideTheRoot(@TempDir Path dir) throws IOException {
    Site site = new Site(dir);
    site.write("real/app.js", "real");
    Files.createSymbolicLink(dir.resolve("alias.js"), dir.resolve("real/app.js"));

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset alias = assertInstanceOf(Asset.class, index.lookup("/alias.js"));
    Asset real = assertInstanceOf(Asset.class, index.lookup("/real/app.js"));
    assertEquals(4, alias.identity().length());
    assertEquals(real.identity().etag(), alias.identity().etag());
  }
}
