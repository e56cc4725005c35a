package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** The ETags of an index: derived from the bytes alone, one per variant. */
@ExtendWith(VertxExtension.class)
class AssetIndexEtagTest {

  private static final String CSS = "body { color: red; }\n".repeat(50);

  @Test
  void etagIsTheQuotedFirst32HexDigitsOfTheSha256OfTheBytes(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", CSS);

    AssetIndex index = AssetIndex.buildBlocking(site.options());

    Asset asset = assertInstanceOf(Asset.class, index.lookup("/app.css"));
    assertEquals("\"" + Site.sha256(CSS.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"",
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
      assertEquals("\"" + Site.sha256(bytes).substring(0, 32) + "\"", v.etag(), v.encoding().toString());
    }
    assertEquals(3, asset.variants().stream().map(Variant::etag).distinct().count());
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
}
