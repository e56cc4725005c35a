package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** SPEC §1: HEAD is GET without a body; other methods on an asset are 405; unknown paths pass on. */
@ExtendWith(VertxExtension.class)
class HeadAndMethodTest {

  private static final String CSS = "body { color: red; }\n".repeat(40);

  @Test
  void headAnswersExactlyTheHeadersOfGet(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> get = server.get("/css/app.css").send().await();
    HttpResponse<Buffer> head = server.head("/css/app.css").send().await();

    assertEquals(200, head.statusCode());
    assertEquals(TestServer.headersWithoutDate(get.headers()), TestServer.headersWithoutDate(head.headers()));
    assertEquals(String.valueOf(CSS.length()), head.getHeader("Content-Length"));
    assertNotNull(head.getHeader("Date"));
  }

  @Test
  void headSendsNoBodyByteAfterTheHead(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    // Connection: close makes the server close after its answer, so everything it sent is here.
    RawResponse res = RawResponse.parseHead(server.raw("HEAD /css/app.css HTTP/1.1\r\nHost: localhost").await());

    assertEquals(200, res.status(), res.text());
    assertEquals("", res.body(), "bytes after the head of a HEAD answer");
    assertEquals(String.valueOf(CSS.length()), res.header("Content-Length"), res.text());
  }

  @Test
  void headOfAnEncodedVariantCarriesTheVariantsLengthAndEncoding(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);
    byte[] gz = site.gzip("css/app.css");
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> get = server.get("/css/app.css").putHeader("Accept-Encoding", "gzip").send().await();
    HttpResponse<Buffer> head = server.head("/css/app.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(gz.length), head.getHeader("Content-Length"));
    assertEquals("gzip", head.getHeader("Content-Encoding"));
    // A Vary value lists field names, which are case-insensitive (RFC 9110 §5.1, §12.5.5).
    assertEquals("Accept-Encoding", head.getHeader("Vary"));
    assertEquals(TestServer.headersWithoutDate(get.headers()), TestServer.headersWithoutDate(head.headers()));
    assertEquals(0, head.body() == null ? 0 : head.body().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void otherMethodsOnAnAssetAnswer405WithAllow(String method, Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);
    TestServer server = TestServer.mount(vertx, site.options()).await();

    HttpResponse<Buffer> res = server.client.request(HttpMethod.valueOf(method), "/css/app.css").send().await();

    assertEquals(405, res.statusCode());
    assertEquals("GET, HEAD", res.getHeader("Allow"));
    assertEquals(0, res.body() == null ? 0 : res.body().length());
    assertNull(res.getHeader("ETag"));
  }

  @Test
  void getOfAPathNotInTheIndexIsPassedOn(Vertx vertx, @TempDir Path dir) {
    TestServer server = serverWithLaterRoute(vertx, dir);

    HttpResponse<Buffer> res = server.get("/css/missing.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("next", res.bodyAsString());
  }

  @Test
  void postOfAPathNotInTheIndexIsPassedOn(Vertx vertx, @TempDir Path dir) {
    TestServer server = serverWithLaterRoute(vertx, dir);

    HttpResponse<Buffer> res = server.client.request(HttpMethod.POST, "/css/missing.css")
        .sendBuffer(Buffer.buffer("payload")).await();

    assertEquals(200, res.statusCode());
    assertEquals("next", res.bodyAsString());
  }

  /** A server with the handler on {@code /*} and, after it, a route answering 200 "next". */
  private static TestServer serverWithLaterRoute(Vertx vertx, Path dir) {
    Site site = new Site(dir);
    site.write("css/app.css", CSS);
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Router router = Router.router(vertx);
    router.route("/*").handler(handler);
    router.route().handler(ctx -> ctx.response().end("next"));
    return TestServer.listen(vertx, router, handler).await();
  }
}
