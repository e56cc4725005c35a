package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §4: variant files as they are stored: a real one is sent byte for byte and never compressed
 * again, one that is not smaller than its original is ignored, and a lone {@code .gz} is a file of
 * its own.
 */
@ExtendWith(VertxExtension.class)
class VariantFileHttpTest {

  @Test
  void ignoresAVariantThatIsNotSmallerThanItsOriginal(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("small.css", "a{}");
    site.variant("small.css", ".gz", "a gzip stand-in longer than the original");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/small.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("small.css"), res.body().getBytes());
    assertNull(res.getHeader("Content-Encoding"));
    assertNull(res.getHeader("Vary"));
  }

  @Test
  void servesALoneGzFileAsAFileOfItsOwn(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("archive.tar.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6});
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/archive.tar.gz").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("archive.tar.gz"), res.body().getBytes());
    assertEquals("10", res.getHeader("Content-Length"));
    assertNull(res.getHeader("Content-Encoding"));
    assertNull(res.getHeader("Vary"));
  }

  @Test
  void sendsARealGzipVariantByteForByte(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "console.log('hello, world');\n".repeat(100));
    byte[] gz = site.gzip("app.js");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/app.js").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertArrayEquals(gz, res.body().getBytes());
    assertEquals(String.valueOf(gz.length), res.getHeader("Content-Length"));
    assertArrayEquals(site.read("app.js"), Site.gunzip(res.body().getBytes()));
  }

  @Test
  void neverCompressesAGzipVariantAgainWhenServerCompressionIsOn(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "console.log('hello, world');\n".repeat(2000));
    byte[] gz = site.gzip("app.js");
    TestServer server = TestServer.mount(vertx, site.options(),
        new HttpServerOptions().setCompressionSupported(true)).await();

    HttpResponse<Buffer> res = server.get("/app.js").putHeader("Accept-Encoding", "gzip, deflate").send().await();

    // SPEC §4: the variant's bytes, not a compression of them by the server.
    assertEquals(200, res.statusCode());
    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertEquals(String.valueOf(gz.length), res.getHeader("Content-Length"));
    assertArrayEquals(gz, res.body().getBytes());
  }

  @Test
  void neverCompressesABrotliVariantAgainWhenServerCompressionIsOn(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "console.log('hello, world');\n".repeat(2000));
    // A compressible stand-in: compressing it again would change its bytes.
    byte[] br = site.variant("app.js", ".br", "B".repeat(20_000));
    TestServer server = TestServer.mount(vertx, site.options(),
        new HttpServerOptions().setCompressionSupported(true)).await();

    HttpResponse<Buffer> res = server.get("/app.js").putHeader("Accept-Encoding", "br, gzip, deflate")
        .send().await();

    assertEquals(200, res.statusCode());
    assertEquals("br", res.getHeader("Content-Encoding"));
    assertEquals(String.valueOf(br.length), res.getHeader("Content-Length"));
    assertArrayEquals(br, res.body().getBytes());
  }
}
