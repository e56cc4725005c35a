package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Site;
import static org.vertxassets.testing.PrometheusText.samples;
import static org.vertxassets.testing.PrometheusText.value;
import org.vertxassets.testing.TestServer;

/**
 * The bundled server's metrics path: Prometheus text with Vert.x's own metrics and the handler's,
 * read with curl from a {@code serve --metrics /metrics} process, as an operator would.
 */
@ExtendWith(VertxExtension.class)
class ServerMetricsTest {



  /** Returns what curl prints for {@code args}: its output, then its exit status on the last line. */
  private static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "10"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(curl.waitFor(20, TimeUnit.SECONDS), "curl ended");
    assertEquals(0, curl.exitValue(), "curl " + args[args.length - 1] + ": " + out);
    return out;
  }

  @ParameterizedTest(name = "--vertx-metrics={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(120)
  void curlReadsTheCountersOfTheServeCommandAfterAFewRequests(boolean vertxToo, @TempDir Path dir) throws Exception {
    Site site = new Site(dir.resolve("site"));
    byte[] css = Site.css(400);
    site.write("app.css", css);
    byte[] br = site.brotli("app.css");
    site.write("data.bin", Site.random(5000, 2));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", withoutSlf4j(), Cli.class.getName(),
        "serve", "--host", "127.0.0.1", "--port", "0", "--instances", "2", "--compress", "off",
        "--metrics", "/metrics", "--vertx-metrics=" + vertxToo, site.root.toString())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .start();
    try {
      BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      String base = "http://127.0.0.1:" + LifecycleTest.portFromStartUpLine(log);
      List<String> later = new ArrayList<>();
      Thread drain = new Thread(() -> log.lines().forEach(later::add));
      drain.start();

      assertEquals(String.valueOf(br.length), curl("-o", "/dev/null", "-w", "%{size_download}",
          "-H", "Accept-Encoding: br", base + "/app.css"));
      String etag = curl("-o", "/dev/null", "-w", "%header{etag}", base + "/app.css");
      assertEquals("304", curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag,
          base + "/app.css"));
      assertEquals("206 100", curl("-o", "/dev/null", "-w", "%{http_code} %{size_download}", "-r", "0-99",
          base + "/data.bin"));
      assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", base + "/missing.js"));

      String text = curl("-D", "-", base + "/metrics");
      assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("content-type: text/plain"), text);
      Map<String, Double> m = samples(text);
      assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"br\",status=\"2xx\"}"));
      assertEquals(2, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"2xx\"}"));
      assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"3xx\"}"));
      assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"4xx\"}"));
      assertEquals(1, value(m, "vertx_assets_not_modified_total"));
      assertEquals(1, value(m, "vertx_assets_partial_total"));
      assertEquals(br.length, value(m, "vertx_assets_sent_bytes_total{encoding=\"br\"}"));
      assertEquals(css.length + 100, value(m, "vertx_assets_sent_bytes_total{encoding=\"identity\"}"));
      assertEquals(css.length - br.length, value(m, "vertx_assets_saved_bytes_total"));
      assertEquals(3, value(m, "vertx_assets_bodies_total{source=\"memory\"}"));
      assertEquals(2, value(m, "vertx_assets_index_files"));
      // Vert.x's own metrics are there too when asked for: the SPI is on in the serve command's Vert.x.
      if (vertxToo) {
        assertEquals(1, value(m, "vertx_http_server_requests_total{code=\"304\",method=\"GET\"}"));
        assertEquals(1, value(m, "vertx_http_server_requests_total{code=\"404\",method=\"GET\"}"));
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("vertx_pool_")), m.keySet().toString());
      } else {
        assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("vertx_http_server") || k.startsWith("vertx_pool_")),
            m.keySet().toString());
      }

      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process exits on SIGTERM");
      drain.join(10_000);
      assertEquals(List.of(), later.stream().filter(l -> l.startsWith("WARNING") || l.startsWith("SEVERE")).toList(),
          "what the process logged: " + later);
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Returns the test class path without SLF4J (ArchUnit's), which the serve jar does not have:
   * with it, Micrometer would log to SLF4J's no-op logger, and a warning it logs would go unseen.
   */
  private static String withoutSlf4j() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.contains("slf4j")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }


  @Test
  void aVerticleInAVertxWithoutMetricsShowsTheHandlersAlone(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "let a = 1;\n");
    TestServer d = TestServer.deploy(vertx, site.config().put("metricsPath", "/_/metrics")).await();
    assertEquals(200, d.fetch("/a.js").statusCode());

    HttpResponse<Buffer> res = d.fetch("/_/metrics");
    assertEquals(200, res.statusCode());
    Map<String, Double> m = samples(res.bodyAsString());
    assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"2xx\"}"));
    assertEquals(11, value(m, "vertx_assets_sent_bytes_total{encoding=\"identity\"}"));
    assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("vertx_http_server")), m.keySet().toString());
  }

  @Test
  void aMetricsPathThatIsNoPathOrTheHealthPathFailsTheStartNamingIt(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");

    String noSlash = DeploymentFailureTest.deploymentFailure(vertx, site.config().put("metricsPath", "metrics"));
    String same = DeploymentFailureTest.deploymentFailure(vertx, site.config().put("metricsPath", "/status")
        .put("healthPath", "/status"));

    assertTrue(noSlash.contains("metricsPath must be a URL path that starts with '/', such as \"/metrics\", got"
        + " 'metrics'"), noSlash);
    assertTrue(same.contains("metricsPath and healthPath are both '/status'"), same);
  }

  @Test
  void vertxMetricsWithoutAMetricsPathReturns2NamingBoth(@TempDir Path dir) {
    new Site(dir).write("a.js", "1");

    CliTest.assertUsageError(CliTest.run("serve", "--vertx-metrics", dir.toString()),
        "vertx-assets: --vertx-metrics: vertxMetrics needs a metrics path to show them:"
            + " set metricsPath (--metrics /metrics) too");
  }
}
