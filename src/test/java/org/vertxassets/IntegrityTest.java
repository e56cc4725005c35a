package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Subresource Integrity for templates: {@code build} records each file's {@code sha384-} value in
 * {@code manifest.json}, and {@link AssetUrls#integrity} gives it for the bytes the server sends,
 * never for bytes that changed since.
 */
@ExtendWith(VertxExtension.class)
class IntegrityTest {

  @Test
  void theIntegrityOfEachBuiltFileVerifiesAgainstTheBytesServed(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = Site.source(dir).with("js/app.js", "console.log('app');\n".repeat(50))
        .with("css/app.css", "a { background: url(../img/logo.png) }\n").with("img/logo.png", "PNG");
    site.build();
    AssetsOptions options = new AssetsOptions().addRoot(site.out.toString());
    TestServer server = TestServer.mount(vertx, options, "/static/*").await();
    AssetUrls urls = AssetUrls.create(server.handler, "/static/");

    for (String name : new String[] {"js/app.js", "css/app.css", "img/logo.png"}) {
      HttpResponse<Buffer> res = server.get(urls.url(name)).send().await();

      assertEquals(200, res.statusCode(), name);
      assertEquals(sri(res.body().getBytes()), urls.integrity(name), name);
    }
  }

  @Test
  void theManifestRecordsTheIntegrityOfEachFile(@TempDir Path dir) throws Exception {
    Site site = Site.source(dir).with("js/app.js", "let a = 1;\n");
    site.build();

    String manifest = Files.readString(site.out.resolve("manifest.json"), StandardCharsets.UTF_8);

    assertTrue(manifest.contains("\"integrity\": \"" + sri(Files.readAllBytes(site.out.resolve("js/app.js"))) + "\""),
        manifest);
  }

  @Test
  void aFileChangedSinceTheBuildHasNoIntegrity(@TempDir Path dir) throws Exception {
    Site site = Site.source(dir).with("js/app.js", "let a = 1;\n");
    site.build();
    String hashed = "js/app." + site.hashOf("js/app.js") + ".js";
    // Rewritten in place with other bytes of another size: the manifest no longer vouches for it.
    Files.writeString(site.out.resolve(hashed), "let a = 22;\n");

    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(new AssetsOptions().addRoot(site.out.toString())), "/");

    assertNull(urls.strict(false).integrity("js/app.js"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> urls.integrity("js/app.js"));
    assertTrue(e.getMessage().contains("no integrity for 'js/app.js'"), e.getMessage());
  }

  @Test
  void aNameNoManifestListsHasNoIntegrity(@TempDir Path dir) {
    Site site = new Site(dir);
    site.write("js/app.js", "let a = 1;\n");
    AssetUrls urls = AssetUrls.create(AssetIndex.buildBlocking(site.options()), "/");

    assertNull(urls.strict(false).integrity("js/app.js"));
    assertThrows(IllegalArgumentException.class, () -> urls.integrity("js/app.js"));
  }

  /** Returns the SRI of {@code bytes}, computed here: sha384- and the base64 of the digest. */
  private static String sri(byte[] bytes) throws Exception {
    return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(bytes));
  }
}
