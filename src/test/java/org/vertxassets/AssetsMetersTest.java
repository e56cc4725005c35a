package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.LogCapture;
import static org.vertxassets.testing.PrometheusText.samples;
import static org.vertxassets.testing.PrometheusText.value;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * {@link AssetsMeters} in an application's own Prometheus registry: after real requests its
 * scrape shows what the clients received, label by label.
 */
@ExtendWith(VertxExtension.class)
class AssetsMetersTest {



  @Test
  void theScrapeCountsWhatTheClientsReceived(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] css = Site.css(400);
    site.write("app.css", css);
    byte[] br = site.brotli("app.css");
    site.write("data.bin", Site.random(10_000, 1));

    TestServer s = TestServer.mount(vertx, site.options()).await();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AssetsMeters(s.handler).bindTo(registry);

    HttpResponse<Buffer> compressed = s.fetch("/app.css", "Accept-Encoding", "br");
    assertEquals(br.length, compressed.body().length());
    HttpResponse<Buffer> identity = s.fetch("/app.css");
    assertEquals(css.length, identity.body().length());
    assertEquals(304, s.fetch("/app.css", "If-None-Match", identity.getHeader("ETag")).statusCode());
    assertEquals(100, s.fetch("/data.bin", "Range", "bytes=0-99").body().length());
    HttpResponse<Buffer> multipart = s.fetch("/data.bin", "Range", "bytes=0-9,5000-5009");
    assertEquals(206, multipart.statusCode());
    assertEquals(br.length, s.fetch("/app.css", "Accept-Encoding", "br").body().length());
    assertEquals(200, s.client.head("/data.bin").send().await().statusCode());
    assertEquals(405, s.client.delete("/data.bin").send().await().statusCode());
    assertEquals(412, s.fetch("/data.bin", "If-Match", "\"other\"").statusCode());

    Map<String, Double> m = samples(registry.scrape());
    // Two br answers of app.css; identity: app.css, the 206 and the multipart 206, HEAD, 304.
    assertEquals(2, value(m, "vertx_assets_responses_total{encoding=\"br\",status=\"2xx\"}"));
    assertEquals(4, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"2xx\"}"));
    assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"3xx\"}"));
    assertEquals(2, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"4xx\"}"));
    assertEquals(0, value(m, "vertx_assets_responses_total{encoding=\"gzip\",status=\"2xx\"}"));
    assertEquals(1, value(m, "vertx_assets_not_modified_total"));
    assertEquals(2, value(m, "vertx_assets_partial_total"));
    assertEquals(1, value(m, "vertx_assets_partial_multipart_total"));
    assertEquals(2 * br.length, value(m, "vertx_assets_sent_bytes_total{encoding=\"br\"}"));
    assertEquals(css.length + 100 + multipart.body().length(),
        value(m, "vertx_assets_sent_bytes_total{encoding=\"identity\"}"));
    assertEquals(2 * (css.length - br.length), value(m, "vertx_assets_saved_bytes_total"));
    assertEquals(5, value(m, "vertx_assets_bodies_total{source=\"memory\"}"));
    assertEquals(2, value(m, "vertx_assets_index_files"));
    assertEquals(s.handler.index().memoryBytes(), value(m, "vertx_assets_index_memory_bytes"));
    assertTrue(value(m, "vertx_assets_index_build_seconds") > 0);
  }

  @Test
  void aHandlerCountsOnlyOnceItsMetersAreBoundAndAReloadIsCounted(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("a.js", "1");
    TestServer s = TestServer.mount(vertx, site.options()).await();
    assertEquals(200, s.fetch("/a.js").statusCode());

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AssetsMeters(s.handler).bindTo(registry);
    assertEquals(0, value(samples(registry.scrape()), "vertx_assets_responses_total{encoding=\"identity\",status=\"2xx\"}"));
    assertEquals(200, s.fetch("/a.js").statusCode());
    site.write("b.js", "2");
    s.handler.update(AssetIndex.build(vertx, site.options()).await());

    Map<String, Double> m = samples(registry.scrape());
    assertEquals(1, value(m, "vertx_assets_responses_total{encoding=\"identity\",status=\"2xx\"}"));
    assertEquals(1, value(m, "vertx_assets_reloads_total"));
    assertEquals(2, value(m, "vertx_assets_index_files"));
  }

  @Test
  void aDownloadCutShortCountsTheBytesThatLeftFromAKeptOpenFile(Vertx vertx, @TempDir Path dir) throws Exception {
    int length = 16 * 1024 * 1024;
    Site site = new Site(dir);
    site.write("video.bin", Site.random(length, 3));
    TestServer s = TestServer.mount(vertx, site.options(),
        new HttpServerOptions().setSendBufferSize(RawClient.SOCKET_BUFFER)).await();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AssetsMeters(s.handler).bindTo(registry);

    try (LogCapture log = LogCapture.everything()) {
      RawClient client = RawClient.hangingUpAfter(vertx, s.port, "GET /video.bin HTTP/1.1\r\nHost: localhost",
          100 * 1024).await();
      Buffer received = client.closed().await(10, TimeUnit.SECONDS);
      long body = received.length() - RawClient.headLength(received);
      // The send fails once the kernel tells of the hang-up; the count is taken before this line.
      log.first(r -> String.valueOf(r.getMessage()).contains("ended early")).await(10, TimeUnit.SECONDS);

      double sent = value(samples(registry.scrape()), "vertx_assets_sent_bytes_total{encoding=\"identity\"}");
      assertTrue(sent >= body && sent < length / 4, "the client had " + body + " bytes, counted " + sent);
    }
    Map<String, Double> m = samples(registry.scrape());
    assertEquals(1, value(m, "vertx_assets_bodies_total{source=\"kept_open_file\"}"));
    assertEquals(1, value(m, "vertx_assets_open_files"));
  }

  @Test
  void metersCountOnlyTheHandlersOfTheLibrary() {
    AssetsHandler other = new AssetsHandler() {
      @Override
      public AssetsHandler update(AssetIndex index) {
        return this;
      }

      @Override
      public AssetIndex index() {
        return null;
      }

      @Override
      public io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> notFoundHandler() {
        return null;
      }

      @Override
      public void handle(io.vertx.ext.web.RoutingContext ctx) {
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AssetsMeters(other));
    assertTrue(e.getMessage().contains("AssetsHandler.create"), e.getMessage());
  }
}
