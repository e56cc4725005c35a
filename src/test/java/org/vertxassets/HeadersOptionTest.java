package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/** The {@code headers} option: the rules of a {@code _headers} file, given in the configuration. */
@ExtendWith(VertxExtension.class)
class HeadersOptionTest {

  private static JsonObject rule(String path, JsonObject set) {
    return new JsonObject().put("for", path).put("set", set);
  }

  @Test
  void aConfiguredRuleSetsItsHeadersOnTheFilesOfEveryRoot(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir.resolve("site")).with("index.html", "<h1>home</h1>");
    Site vendor = new Site(dir.resolve("vendor")).with("lib.js", "console.log(1)");
    AssetsOptions options = new AssetsOptions().addRoot(site.root.toString())
        .addRoot(vendor.root.toString(), "/vendor/")
        .addHeaders("/*", Map.of("X-Frame-Options", "DENY"))
        .addHeaders("/vendor/*", Map.of("Cache-Control", "public, max-age=3600"));
    TestServer server = TestServer.mount(vertx, options).await();

    HttpResponse<Buffer> page = server.fetch("/");
    HttpResponse<Buffer> lib = server.fetch("/vendor/lib.js");

    assertEquals("DENY", page.getHeader("X-Frame-Options"));
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    assertEquals("DENY", lib.getHeader("X-Frame-Options"));
    assertEquals("public, max-age=3600", lib.getHeader("Cache-Control"));
  }

  @Test
  void whereTheConfigurationAndTheFileSetOneHeaderTheConfigurationWins(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir).with("index.html", "<h1>home</h1>")
        .with("_headers", "/*\n  X-Frame-Options: SAMEORIGIN\n  Referrer-Policy: no-referrer\n");
    TestServer server = TestServer.mount(vertx, site.options().addHeaders("/*", Map.of("X-Frame-Options", "DENY")))
        .await();

    HttpResponse<Buffer> res = server.fetch("/");

    assertEquals(List.of("DENY"), res.headers().getAll("X-Frame-Options"));
    assertEquals("no-referrer", res.getHeader("Referrer-Policy"));
  }

  @Test
  void aConfiguredRuleCanRemoveAHeaderTheFileSet(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir).with("embed.html", "<h1>widget</h1>")
        .with("_headers", "/*\n  X-Frame-Options: DENY\n");
    AssetsOptions options = site.options()
        .addHeaderRule(new AssetsOptions.HeaderRule("/embed.html", Map.of(), List.of("X-Frame-Options")));
    TestServer server = TestServer.mount(vertx, options).await();

    assertNull(server.fetch("/embed.html").getHeader("X-Frame-Options"));
  }

  @Test
  void theBundledServerTakesTheRulesFromItsJsonConfiguration(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir).with("index.html", "<h1>home</h1>").with("app.wasm", "\0asm");
    JsonObject config = site.config().put("headers", new JsonArray()
        .add(rule("/*", new JsonObject().put("Cross-Origin-Opener-Policy", "same-origin")
            .put("Cross-Origin-Embedder-Policy", "require-corp")))
        .add(rule("/*.html", new JsonObject().put("Content-Security-Policy", "default-src 'self'"))));
    TestServer server = TestServer.deploy(vertx, config).await();

    HttpResponse<Buffer> page = server.fetch("/");
    HttpResponse<Buffer> wasm = server.fetch("/app.wasm");

    assertEquals("same-origin", page.getHeader("Cross-Origin-Opener-Policy"));
    assertEquals("require-corp", wasm.getHeader("Cross-Origin-Embedder-Policy"));
    assertEquals("default-src 'self'", page.getHeader("Content-Security-Policy"));
    assertNull(wasm.getHeader("Content-Security-Policy"));
  }

  @Test
  void aConfiguredRuleThatSetsETagFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir).with("index.html", "<h1>home</h1>");
    JsonObject config = site.config().put("headers", new JsonArray().add(rule("/*", new JsonObject().put("ETag", "x"))));

    Exception e = assertThrows(Exception.class, () -> TestServer.deploy(vertx, config).await());

    assertTrue(e.getMessage().contains("headers: the rule for '/*': ETag cannot be set by a rule:"), e.getMessage());
  }

  @Test
  void aWrongLineOfTheFileFailsTheDeploymentNamingTheFileAndLine(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir).with("index.html", "<h1>home</h1>").with("_headers", "/*\n  X-Frame-Options DENY\n");

    Exception e = assertThrows(Exception.class, () -> TestServer.deploy(vertx, site.config()).await());

    assertTrue(e.getMessage().contains("_headers:2: 'X-Frame-Options DENY' has no ':'"), e.getMessage());
  }
}
