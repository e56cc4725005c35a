package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** The headers README's "Security" section promises, and no others: no Server, no version. */
@ExtendWith(VertxExtension.class)
class SecurityHeadersTest {

  private static Set<String> names(HttpResponse<Buffer> res) {
    Set<String> names = new TreeSet<>();
    res.headers().names().forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
    return names;
  }

  @Test
  void theBundledServerSendsTheDocumentedHeadersAndNoServerHeader(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.css", "body { color: red; }\n".repeat(20));
    site.gzip("app.css");
    TestServer d = TestServer.deploy(vertx, site.config()).await();

    HttpResponse<Buffer> res = d.client.get("/app.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, res.statusCode());
    assertEquals(new TreeSet<>(List.of("accept-ranges", "access-control-allow-origin", "cache-control",
        "content-encoding", "content-length", "content-type", "date", "etag", "last-modified", "vary",
        "x-content-type-options")), names(res));
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
    assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
  }

  @Test
  void securityHeadersSetBeforeTheHandlerAreKeptAlongsideItsOwn(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<h1>home</h1>");
    AssetsHandler assets = AssetsHandler.create(vertx, site.options()).await();
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", "default-src 'self'")
          .putHeader("Strict-Transport-Security", "max-age=63072000");
      ctx.next();
    });
    router.route("/*").handler(assets);
    TestServer server = TestServer.listen(vertx, router, assets).await();

    HttpResponse<Buffer> res = server.get("/").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("<h1>home</h1>", res.bodyAsString());
    assertEquals(List.of("default-src 'self'"), res.headers().getAll("Content-Security-Policy"));
    assertEquals(List.of("max-age=63072000"), res.headers().getAll("Strict-Transport-Security"));
    assertEquals(List.of("no-cache"), res.headers().getAll("Cache-Control"));
    assertEquals(List.of("nosniff"), res.headers().getAll("X-Content-Type-Options"));
  }
}
