package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

@ExtendWith(VertxExtension.class)
class ServingTest {

  @Test
  void servesAFileWithEveryHeaderOfSpecSection3(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", "body { color: red; }\n".repeat(20));
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.get("/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(site.read("css/app.css"), res.body().getBytes());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals(String.valueOf(site.read("css/app.css").length), res.getHeader("Content-Length"));
    assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", res.getHeader("Last-Modified"));
    assertTrue(res.getHeader("ETag").matches("\"[0-9a-f]{32}\""), res.getHeader("ETag"));
    assertEquals("public, max-age=60", res.getHeader("Cache-Control"));
    assertEquals("bytes", res.getHeader("Accept-Ranges"));
    assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
    assertTrue(HttpDates.parse(res.getHeader("Date")) != HttpDates.INVALID, res.getHeader("Date"));
    assertNull(res.getHeader("Vary"));
    assertNull(res.getHeader("Content-Encoding"));
    assertNull(res.getHeader("Transfer-Encoding"));
  }

  @Test
  void keepsTheHeadersAnEarlierHandlerSet(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", "p { margin: 0 }\n");
    site.write("big.bin", new byte[300 * 1024]);
    AssetsHandler handler = AssetsHandler.create(AssetIndex.buildBlocking(site.options()));
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Frame-Options", "DENY");
      ctx.next();
    });
    router.route("/*").handler(handler);
    TestServer server = TestServer.listen(vertx, router, handler).await();

    for (String path : new String[] {"/app.css", "/big.bin"}) {
      HttpResponse<Buffer> get = server.get(path).send().await();
      HttpResponse<Buffer> head = server.head(path).send().await();
      HttpResponse<Buffer> notModified = server.get(path).putHeader("If-None-Match", get.getHeader("ETag")).send().await();

      assertEquals(200, get.statusCode());
      assertEquals("DENY", get.getHeader("X-Frame-Options"), path);
      assertEquals("DENY", head.getHeader("X-Frame-Options"), path);
      assertEquals(304, notModified.statusCode());
      assertEquals("DENY", notModified.getHeader("X-Frame-Options"), path);
      assertEquals("nosniff", get.getHeader("X-Content-Type-Options"), path);
    }
  }
}
