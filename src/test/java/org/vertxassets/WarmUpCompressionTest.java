package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.github.luben.zstd.Zstd;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** Compression at warm-up: the variants a root lacks, made while the index is built and cached. */
@ExtendWith(VertxExtension.class)
class WarmUpCompressionTest {

  private static final String CSS = "body { color: red; margin: 0 auto; padding: 1em; }\n".repeat(200);

  private Site site;
  private Path cache;

  @BeforeEach
  void writeSite(@TempDir Path dir, @TempDir Path cacheDir) {
    site = new Site(dir);
    site.write("css/app.css", CSS);
    cache = cacheDir;
  }

  private AssetsOptions options(AssetsOptions.WarmUpCompression mode) {
    return new AssetsOptions().addRoot(site.root.toString()).setWarmUpCompression(mode)
        .setCompressionCacheDir(cache.toString());
  }

  private static HttpResponse<Buffer> get(TestServer server, String path, String encoding) {
    return server.get(path).putHeader("Accept-Encoding", encoding).send().await();
  }

  private Map<String, Long> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> p.toFile().lastModified()));
    }
  }

  @Test
  void aRootWithoutVariantsServesBrotliOnTheFirstRequest(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.ON)).await();

    HttpResponse<Buffer> res = get(server, "/css/app.css", "br, gzip");

    assertEquals(200, res.statusCode());
    assertEquals("br", res.getHeader("Content-Encoding"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    Brotli4jLoader.ensureAvailability();
    assertArrayEquals(CSS.getBytes(), Decoder.decompress(res.body().getBytes()).getDecompressedData());
  }

  @Test
  void zstdAndGzipVariantsAreMadeToo(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.ON)).await();

    HttpResponse<Buffer> zstd = get(server, "/css/app.css", "zstd");
    HttpResponse<Buffer> gzip = get(server, "/css/app.css", "gzip");

    assertEquals("zstd", zstd.getHeader("Content-Encoding"));
    assertArrayEquals(CSS.getBytes(), Zstd.decompress(zstd.body().getBytes(), CSS.length()));
    assertEquals("gzip", gzip.getHeader("Content-Encoding"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body().getBytes()))) {
      assertArrayEquals(CSS.getBytes(), in.readAllBytes());
    }
  }

  @Test
  void aRestartReusesTheCacheInsteadOfCompressingAgain() throws IOException {
    AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));
    Map<String, Long> first = cacheFiles();
    assertEquals(3, first.size(), first.toString());

    try (LogCapture log = LogCapture.start()) {
      AssetIndex again = AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));

      assertEquals(3, again.variantCount());
      assertEquals(first, cacheFiles(), "no cache file was written again");
      assertTrue(log.infos().stream().anyMatch(l -> l.contains("0 variants made, 3 reused")), log.infos().toString());
    }
  }

  @Test
  void theCacheIsKeyedByContentSoAnEditedFileIsCompressedAgain(Vertx vertx) throws IOException {
    AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));
    String edited = CSS + "p { color: blue; }\n";
    site.write("css/app.css", edited);

    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.ON)).await();
    HttpResponse<Buffer> res = get(server, "/css/app.css", "zstd");

    assertArrayEquals(edited.getBytes(), Zstd.decompress(res.body().getBytes(), edited.length()));
    assertEquals(6, cacheFiles().size());
  }

  @Test
  void autoLeavesARootThatHasVariantsAsItIs(Vertx vertx) {
    site.write("js/app.js", "console.log('x');\n".repeat(100));
    site.gzip("js/app.js");

    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.AUTO)).await();

    assertNull(get(server, "/css/app.css", "br").getHeader("Content-Encoding"), "a build step ran: no br made");
    assertEquals("gzip", get(server, "/js/app.js", "br, gzip").getHeader("Content-Encoding"));
  }

  @Test
  void autoCompressesARootThatHasNoVariant(Vertx vertx) {
    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.AUTO)).await();

    assertEquals("br", get(server, "/css/app.css", "br").getHeader("Content-Encoding"));
  }

  @Test
  void offMakesNothing(Vertx vertx) throws IOException {
    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.OFF)).await();

    assertNull(get(server, "/css/app.css", "br").getHeader("Content-Encoding"));
    assertEquals(Map.of(), cacheFiles());
  }

  @Test
  void anIncompressibleFileGetsNoVariantAndIsNotTriedAgain() throws IOException {
    byte[] noise = new byte[20_000];
    new Random(5).nextBytes(noise);
    site.write("data.bin", noise);
    site.write("img/photo.png", noise);
    AssetIndex first = AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));
    Map<String, Long> cached = cacheFiles();

    AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));

    assertEquals(3, first.variantCount(), "only app.css has variants");
    assertEquals(6, cached.size(), "three variants of app.css, three markers for data.bin, nothing for the png");
    assertEquals(cached, cacheFiles());
  }

  @Test
  void aCacheFileCutShortIsMadeAgainNotServed(Vertx vertx) throws IOException {
    AssetIndex.buildBlocking(options(AssetsOptions.WarmUpCompression.ON));
    Path br;
    try (Stream<Path> files = Files.list(cache)) {
      br = files.filter(p -> p.getFileName().toString().contains(".br")).findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(br);
    Files.write(br, java.util.Arrays.copyOf(whole, whole.length / 2));

    TestServer server = TestServer.mount(vertx, options(AssetsOptions.WarmUpCompression.ON)).await();
    HttpResponse<Buffer> res = get(server, "/css/app.css", "br");

    assertEquals("br", res.getHeader("Content-Encoding"));
    Brotli4jLoader.ensureAvailability();
    assertArrayEquals(CSS.getBytes(), Decoder.decompress(res.body().getBytes()).getDecompressedData());
  }

  @Test
  void theDefaultCacheIsAPrivateDirectoryOfThisUser() throws IOException {
    Path dir = WarmUpCompression.defaultCache();

    assertTrue(dir.getFileName().toString().startsWith("vertx-assets-variants-"), dir.toString());
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir)));
  }

  @Test
  void aBadModeIsRejectedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AssetsOptions(new JsonObject().put("warmUpCompression", "always")));

    assertTrue(e.getMessage().contains("warmUpCompression"), e.getMessage());
  }
}
