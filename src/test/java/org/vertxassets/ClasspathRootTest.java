package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A root written {@code classpath:webroot}, served from a jar on the class path of the
 * deployment, with the same headers and variants as a directory.
 */
@ExtendWith(VertxExtension.class)
class ClasspathRootTest {

  private static final long ENTRY_TIME = 1_700_000_000_000L;

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private URLClassLoader loader;

  @BeforeEach
  void makeJar(@TempDir Path dir) throws IOException {
    byte[] css = "body { color: red; }\n".repeat(40).getBytes(StandardCharsets.UTF_8);
    files.put("webroot/index.html", "<!doctype html><title>jar</title>".getBytes(StandardCharsets.UTF_8));
    files.put("webroot/css/app.css", css);
    files.put("webroot/css/app.css.gz", gzip(css));
    files.put("webroot/../escape.txt", "never written outside the target".getBytes(StandardCharsets.UTF_8));
    files.put("other/secret.txt", "not under webroot".getBytes(StandardCharsets.UTF_8));
    // A folder name with a space: the jar's URL is percent-encoded.
    Path jar = Files.createDirectories(dir.resolve("my apps")).resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // Folder entries, as Maven's and Gradle's jar tasks write them: the class loader finds
      // "webroot" through them.
      for (String folder : new String[] {"webroot/", "webroot/css/", "other/"}) {
        out.putNextEntry(new JarEntry(folder));
        out.closeEntry();
      }
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        JarEntry entry = new JarEntry(f.getKey());
        entry.setTime(ENTRY_TIME);
        out.putNextEntry(entry);
        out.write(f.getValue());
        out.closeEntry();
      }
    }
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(bytes);
    }
    return buffer.toByteArray();
  }

  private TestServer deploy(Vertx vertx) {
    return TestServer.deploy(vertx, new JsonObject().put("roots", new JsonArray().add("classpath:webroot")),
        new DeploymentOptions().setClassLoader(loader)).await();
  }

  @Test
  void filesOfTheJarAreServedWithTheirHeaders(Vertx vertx) {
    TestServer d = deploy(vertx);

    HttpResponse<Buffer> res = d.client.get("/css/app.css").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    assertEquals(HttpDates.format(ENTRY_TIME / 1000), res.getHeader("Last-Modified"));
    assertNotNull(res.getHeader("ETag"));
    assertArrayEquals(files.get("webroot/css/app.css"), res.body().getBytes());
  }

  @Test
  void thePrecompressedVariantOfTheJarIsServedWhenAccepted(Vertx vertx) {
    TestServer d = deploy(vertx);

    HttpResponse<Buffer> res = d.client.get("/css/app.css").putHeader("Accept-Encoding", "gzip").send().await();

    assertEquals("gzip", res.getHeader("Content-Encoding"));
    assertArrayEquals(files.get("webroot/css/app.css.gz"), res.body().getBytes());
  }

  @Test
  void theIndexFileOfTheJarAnswersTheRoot(Vertx vertx) {
    TestServer d = deploy(vertx);

    HttpResponse<Buffer> res = d.client.get("/").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(files.get("webroot/index.html"), res.body().getBytes());
  }

  @Test
  void theETagIsTheSameAsForTheSameBytesInADirectory(Vertx vertx, @TempDir Path dir) {
    new Site(dir).write("css/app.css", files.get("webroot/css/app.css"));
    AssetIndex fromDirectory = AssetIndex.buildBlocking(new AssetsOptions().addRoot(dir.toString()));
    TestServer d = deploy(vertx);

    String etag = d.client.get("/css/app.css").send().await().getHeader("ETag");

    assertEquals(((Asset) fromDirectory.lookup("/css/app.css")).identity().etag(), etag);
  }

  @Test
  void nothingOutsideTheFolderIsServed(Vertx vertx) {
    TestServer d = deploy(vertx);

    assertEquals(404, d.client.get("/other/secret.txt").send().await().statusCode());
    assertEquals(404, d.client.get("/escape.txt").send().await().statusCode());
    assertEquals(404, d.client.get("/../other/secret.txt").send().await().statusCode());
  }

  @Test
  void theManifestOfABuiltWebrootInAJarMakesItsFilesImmutable(Vertx vertx, @TempDir Path dir) throws Exception {
    Site site = Site.source(dir).with("css/app.css", "body { color: red; }\n");
    site.build();
    String hashed = "css/app." + site.hashOf("css/app.css") + ".css";
    URLClassLoader built = new URLClassLoader(new URL[] {jarOf(site.out, dir.resolve("built.jar")).toUri().toURL()},
        getClass().getClassLoader());
    // No name rule: only the manifest, read from the extracted folder, can say the file is hashed.
    TestServer d = TestServer.deploy(vertx, new JsonObject().put("roots", new JsonArray().add("classpath:webroot"))
        .putNull("immutablePattern"), new DeploymentOptions().setClassLoader(built)).await();

    HttpResponse<Buffer> res = d.client.get("/" + hashed).send().await();

    assertEquals(200, res.statusCode());
    assertEquals("public, max-age=31536000, immutable", res.getHeader("Cache-Control"));
    assertArrayEquals(Files.readAllBytes(site.out.resolve(hashed)), res.body().getBytes());
    assertEquals(404, d.client.get("/manifest.json").send().await().statusCode());
  }

  /** Writes the files under {@code dir} to a jar under {@code webroot/}, with folder entries and times. */
  private static Path jarOf(Path dir, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted()::iterator) {
        String name = "webroot/" + dir.relativize(p).toString().replace('\\', '/');
        JarEntry entry = new JarEntry(Files.isDirectory(p) && !name.endsWith("/") ? name + "/" : name);
        entry.setTime(Files.getLastModifiedTime(p).toMillis());
        out.putNextEntry(entry);
        if (!Files.isDirectory(p)) {
          Files.copy(p, out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aFolderThatIsNotOnTheClassPathFailsTheDeploymentNamingRoots(Vertx vertx) {
    Exception e = assertThrows(Exception.class, () -> TestServer.deploy(vertx,
        new JsonObject().put("roots", new JsonArray().add("classpath:no-such-webroot")),
        new DeploymentOptions().setClassLoader(loader)).await());

    assertTrue(e.getMessage().contains("roots: classpath:no-such-webroot"), e.getMessage());
  }
}
