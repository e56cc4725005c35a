package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.examples.EmbeddedServer;

/**
 * An application that only mounts the handler needs vertx-web and this library: none of the
 * jars the pom declares optional (the command line's configuration layers and YAML, picocli, the
 * codecs of the build tools and warm-up compression, BoringSSL, epoll). The example application
 * runs in a JVM whose class path lacks them, serves its files, and fails loudly when it cannot
 * listen.
 */
@ExtendWith(VertxExtension.class)
class EmbedderDependenciesTest {

  /** Parts of the names of the optional jars of pom.xml, and of what they bring. */
  private static final List<String> OPTIONAL = List.of("brotli4j", "zstd-jni", "vertx-config", "snakeyaml",
      "picocli", "netty-tcnative", "netty-transport-native-epoll", "archunit", "slf4j", "micrometer", "prometheus",
      "HdrHistogram", "LatencyUtils");

  @Test
  void theTestClassPathHasTheOptionalJarsThatTheChildLacks() {
    String all = System.getProperty("java.class.path");

    for (String jar : List.of("brotli4j", "zstd-jni", "vertx-config", "snakeyaml", "micrometer")) {
      assertTrue(all.contains(jar), jar + " is not on the class path, so leaving it out proves nothing");
      assertTrue(!lightClassPath().contains(jar), jar);
    }
  }

  @Test
  void anApplicationWithoutTheOptionalJarsServesItsFiles(Vertx vertx, @TempDir Path dir) throws Exception {
    byte[] css = "body { color: teal }\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("css"));
    Files.write(dir.resolve("css/app.css"), css);
    Process process = example(dir.toString(), "0");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertNotNull(line, "the example printed nothing");
      assertTrue(line.startsWith("Listening on http://localhost:"), line);
      int port = Integer.parseInt(line.replaceAll(".*localhost:(\\d+)/.*", "$1"));

      HttpResponse<Buffer> res = WebClient.create(vertx).get(port, "localhost", "/static/css/app.css").send().await();

      assertEquals(200, res.statusCode());
      assertEquals("text/css; charset=utf-8", res.getHeader("Content-Type"));
      assertArrayEquals(css, res.body().getBytes());
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anApplicationWhosePortIsTakenSaysSoAndExitsWithStatusOne(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Process process = example(dir.toString(), String.valueOf(taken.getLocalPort()));

      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example kept running, silent, with no server");
      String err = errors(process);
      assertEquals(1, process.exitValue(), err);
      assertTrue(err.contains("Could not start: "), err);
    }
  }

  @Test
  void warmUpCompressionWithoutTheCodecsMakesGzipVariantsAndSaysWhy(@TempDir Path dir) throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("app.css"), "body { color: teal }\n".repeat(200));
    Files.writeString(site.resolve("app.js"), "console.log('hello');\n".repeat(200));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", lightClassPath(), WarmUpVariantCount.class.getName(), site.toString(), dir.resolve("cache").toString())
        .start();

    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = errors(process);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertEquals("variants: 2\n", out, "one gzip variant for each of the two files: " + err);
    assertTrue(err.contains("warm-up compression: br") && err.contains("is not available here"), err);
  }

  private static Process example(String webroot, String port) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", lightClassPath(), EmbeddedServer.class.getName(), webroot, port).start();
  }

  private static String lightClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> OPTIONAL.stream().noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String errors(Process process) throws Exception {
    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
