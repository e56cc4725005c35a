package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.testing.LogCapture;
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
  void etagIsTheQuotedFirst32HexDigitsOfTheSha256OfTheBytes(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/app.css"));
    assertEquals("\"" + sha256Hex(CSS.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"",
        asset.identity().etag());
  }

  @Test
  void etagIsTheSameInTwoBuilds(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);

    String first = identityEtag(AssetIndex.buildBlocking(site.options()), "/app.css");
    String second = identityEtag(AssetIndex.buildBlocking(site.options()), "/app.css");

    assertEquals(first, second);
  }

  @Test
  void etagIsTheSameInTwoDirectoriesWithTheSameBytes(@TempDir Path one, @TempDir Path two) throws IOException {
    Site a = new Site(one);
    Site b = new Site(two);
    a.write("app.css", CSS);
    b.write("other/app.css", CSS);
    Files.setLastModifiedTime(two.resolve("other/app.css"), FileTime.fromMillis(0));

    String first = identityEtag(AssetIndex.buildBlocking(a.options()), "/app.css");
    String second = identityEtag(AssetIndex.buildBlocking(b.options()), "/other/app.css");

    assertEquals(first, second);
  }

  @Test
  void eachVariantHasItsOwnEtag(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);
    byte[] gz = site.gzip("app.css");
    byte[] br = site.variant("app.css", ".br", "brotli stand-in");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/app.css"));
    assertEquals(3, asset.variants().size());
    for (Variant v : asset.variants()) {
      byte[] bytes = switch (v.encoding()) {
        case GZIP -> gz;
        case BROTLI -> br;
        case IDENTITY -> CSS.getBytes(StandardCharsets.UTF_8);
        default -> throw new AssertionError("unexpected " + v);
      };
      assertEquals("\"" + sha256Hex(bytes).substring(0, 32) + "\"", v.etag(), v.encoding().toString());
    }
    assertEquals(3, asset.variants().stream().map(Variant::etag).distinct().count());
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

  @Test
  void etagsOfDifferentBytesDiffer(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.txt", "a");
    site.write("b.txt", "b");

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    assertNotEquals(identityEtag(index, "/a.txt"), identityEtag(index, "/b.txt"));
  }

  private static String identityEtag(AssetIndex index, String path) {
    return assertInstanceOf(Asset.class, index.lookup(path)).identity().etag();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
