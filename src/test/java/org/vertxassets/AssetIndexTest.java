package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.testing.Site;

/** The index as built from a directory tree, inspected without HTTP. */
@ExtendWith(VertxExtension.class)
class AssetIndexTest {

  private static final String CSS = "body { color: red; }\n".repeat(50);

  @Test
  void keysAFileByItsPathRelativeToTheRootWithALeadingSlash(@TempDir Path dir) throws IOException {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/css/app.css"));
    assertEquals("/css/app.css", asset.path());
    assertEquals(dir.resolve("css/app.css").toRealPath(), Path.of(asset.identity().file()).toRealPath());
    assertNull(index.lookup("css/app.css"));
    assertNull(index.lookup("/app.css"));
  }

  @Test
  void keysAnIndexFileAtItsDirectory(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("docs/index.html", "<html>docs</html>");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/docs/"));
    assertEquals("/docs/", asset.path());
  }

  @Test
  void redirectsADirectoryWithoutItsSlashToTheDirectory(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("docs/index.html", "<html>docs</html>");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(new Redirect("/docs/"), index.lookup("/docs"));
  }

  @Test
  void redirectsAnIndexFileNamedInFullToItsDirectory(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("docs/index.html", "<html>docs</html>");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(new Redirect("/docs/"), index.lookup("/docs/index.html"));
  }

  @Test
  void redirectsTheEmptyPathToTheRootWhenTheRootHasAnIndexFile(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<html>home</html>");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertInstanceOf(Asset.class, index.lookup("/"));
    assertEquals(new Redirect("/"), index.lookup(""));
    assertEquals(new Redirect("/"), index.lookup("/index.html"));
  }

  @Test
  void addsNoRootRedirectWithoutARootIndexFile(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertNull(index.lookup(""));
    assertNull(index.lookup("/"));
  }

  @Test
  void attachesVariantsSortedSmallestFirst(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".zst", "z".repeat(300));
    site.variant("app.css", ".br", "b".repeat(200));
    site.variant("app.css", ".gz", "g".repeat(100));

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/app.css"));
    assertEquals(List.of(Encoding.GZIP, Encoding.BROTLI, Encoding.ZSTD, Encoding.IDENTITY),
        asset.variants().stream().map(Variant::encoding).toList());
    assertEquals(List.of(100L, 200L, 300L, (long) CSS.length()),
        asset.variants().stream().map(Variant::length).toList());
    assertEquals(Encoding.IDENTITY, asset.identity().encoding());
  }

  @Test
  void variantsAreNotKeysThemselves(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    site.variant("app.css", ".br", "b");
    site.variant("app.css", ".zst", "z");
    site.variant("app.css", ".gz", "g");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertNull(index.lookup("/app.css.br"));
    assertNull(index.lookup("/app.css.zst"));
    assertNull(index.lookup("/app.css.gz"));
    assertEquals(List.of("/app.css"), new ArrayList<>(index.paths()));
  }

  @Test
  void dropsAVariantThatIsNotSmallerThanItsOriginal(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "x".repeat(100));
    site.variant("app.js", ".gz", "g".repeat(100));
    site.variant("app.js", ".br", "b".repeat(150));
    site.variant("app.js", ".zst", "z".repeat(99));

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/app.js"));
    assertEquals(List.of(Encoding.ZSTD, Encoding.IDENTITY),
        asset.variants().stream().map(Variant::encoding).toList());
    assertNull(index.lookup("/app.js.gz"));
    assertNull(index.lookup("/app.js.br"));
  }

  @Test
  void indexesALoneGzipFileAsAnAssetOfItsOwn(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("dump.sql.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/dump.sql.gz"));
    assertEquals(List.of(Encoding.IDENTITY), asset.variants().stream().map(Variant::encoding).toList());
    assertEquals(8, asset.identity().length());
    assertNull(index.lookup("/dump.sql"));
  }

  @Test
  void doesNotIndexDotfilesOrDotFolders(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "ok");
    site.write(".env", "SECRET=1");
    site.write(".git/config", "[core]");
    site.write("sub/.htaccess", "deny");
    site.write("sub/.cache/x.js", "x");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(List.of("/app.js"), new ArrayList<>(index.paths()));
  }

  @Test
  void indexesTheWellKnownFolder(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write(".well-known/security.txt", "Contact: mailto:security@example.org");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertInstanceOf(Asset.class, index.lookup("/.well-known/security.txt"));
  }

  @Test
  void indexesDotfilesWhenAskedTo(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write(".env", "SECRET=1");
    site.write(".git/config", "[core]");

    AssetIndex index = AssetIndex.buildBlocking(site.options().setIndexDotfiles(true));

    assertInstanceOf(Asset.class, index.lookup("/.env"));
    assertInstanceOf(Asset.class, index.lookup("/.git/config"));
  }

  @Test
  void countsAssetsVariantsAndBytes(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<html>home</html>");
    site.write("docs/index.html", "<html>docs</html>!");
    site.write("css/app.css", CSS);
    site.gzip("css/app.css");
    site.variant("css/app.css", ".br", "b");
    site.write("js/app.js", "x".repeat(10));
    site.variant("js/app.js", ".gz", "g".repeat(20));

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(4, index.assetCount());
    assertEquals(2, index.variantCount());
    assertEquals(17 + 18 + CSS.length() + 10, index.totalBytes());
  }

  @Test
  void pathsAreSortedAndListTheRedirects(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<html>home</html>");
    site.write("docs/index.html", "<html>docs</html>");
    site.write("css/app.css", CSS);
    site.gzip("css/app.css");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertEquals(List.of("", "/", "/css/app.css", "/docs", "/docs/", "/docs/index.html", "/index.html"),
        new ArrayList<>(index.paths()));
  }
}
