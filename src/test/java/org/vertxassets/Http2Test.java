package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** Over HTTP/2 a FileChannel cannot be sent in Vert.x 5.0; the handler must use the path form there. */
@ExtendWith(VertxExtension.class)
class Http2Test {

  private static WebClient h2(TestServer server) {
    return server.client(new WebClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  @Test
  void servesAFileOverHttp2WithPriorKnowledge(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("js/app.js", "console.log('h2');\n".repeat(100));
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = h2(server).get("/js/app.js").send().await();

    assertEquals(HttpVersion.HTTP_2, res.version());
    assertEquals(200, res.statusCode());
    assertEquals("text/javascript; charset=utf-8", res.getHeader("content-type"));
    assertEquals(String.valueOf(site.read("js/app.js").length), res.getHeader("content-length"));
    assertArrayEquals(site.read("js/app.js"), res.body().getBytes());
  }

  @Test
  void servesAPrecompressedVariantOverHttp2(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", "p { margin: 0 }\n".repeat(200));
    byte[] gz = site.gzip("app.css");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = h2(server).get("/app.css").putHeader("accept-encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("gzip", res.getHeader("content-encoding"));
    assertEquals("Accept-Encoding", res.getHeader("vary"));
    assertArrayEquals(gz, res.body().getBytes());
  }

  @Test
  void servesARangeOverHttp2(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("data.txt", "0123456789abcdef");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = h2(server).get("/data.txt").putHeader("range", "bytes=10-").send().await();

    assertEquals(206, res.statusCode());
    assertEquals("bytes 10-15/16", res.getHeader("content-range"));
    assertEquals("abcdef", res.bodyAsString());
  }
}
