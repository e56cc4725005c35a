package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vertxassets.testing.TestServer;

/** The bundled {@code examples/site}, served as {@code serve examples/site} would serve it. */
@ExtendWith(VertxExtension.class)
class ExampleSiteTest {

  /** Surefire runs in the project directory. */
  private static final Path SITE = Path.of("examples/site");

  /** Returns a client of the example site, served as {@code serve --port 0 examples/site} serves it. */
  private static WebClient serve(Vertx vertx) {
    return TestServer.deployed(vertx, "vertx-assets", () -> ServeConfig.load(vertx,
        ServeCommand.given(List.of("--port", "0", SITE.toString()), Map.of(), Map.of()))
        .compose(config -> config.deploy(vertx))).await().client;
  }

  @Test
  void rootIsTheHtmlPage(Vertx vertx) throws IOException {
    HttpResponse<Buffer> res = serve(vertx).get("/").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("text/html; charset=utf-8", res.getHeader("Content-Type"));
    assertTrue(res.bodyAsString().contains("<html"), res.bodyAsString());
    assertArrayEquals(Files.readAllBytes(SITE.resolve("index.html")), res.body().getBytes());
  }

  @ParameterizedTest
  @CsvSource({
      "/css/app.css, css/app.css, text/css; charset=utf-8",
      "/js/app.js, js/app.js, text/javascript; charset=utf-8",
      "/img/logo.svg, img/logo.svg, image/svg+xml; charset=utf-8",
      "/docs/, docs/index.html, text/html; charset=utf-8",
  })
  void servesEachFileWithItsMediaType(String uri, String file, String contentType, Vertx vertx) throws IOException {
    HttpResponse<Buffer> res = serve(vertx).get(uri).send().await();

    assertEquals(200, res.statusCode());
    assertEquals(contentType, res.getHeader("Content-Type"));
    assertNull(res.getHeader("Content-Encoding"));
    assertArrayEquals(Files.readAllBytes(SITE.resolve(file)), res.body().getBytes());
  }

  @Test
  void servesBrotliMadeAtWarmUpWithNoBuildStep(Vertx vertx) throws IOException {
    HttpResponse<Buffer> res = serve(vertx).get("/css/app.css").putHeader("Accept-Encoding", "br").send().await();

    assertEquals(200, res.statusCode());
    assertEquals("br", res.getHeader("Content-Encoding"));
    // Field names are case-insensitive (RFC 9110 §5.1), in Vary's value too.
    assertEquals("Accept-Encoding", res.getHeader("Vary"));
    Brotli4jLoader.ensureAvailability();
    assertArrayEquals(Files.readAllBytes(SITE.resolve("css/app.css")),
        Decoder.decompress(res.body().getBytes()).getDecompressedData());
  }

  @Test
  void docsRedirectsToDocsWithASlash(Vertx vertx) {
    HttpResponse<Buffer> res = serve(vertx).get("/docs").send().await();

    assertEquals(302, res.statusCode());
    assertEquals("/docs/", res.getHeader("Location"));
  }

  @Test
  void theSiteHoldsNoVariantSoThatItShowsWarmUpCompression() throws IOException {
    List<Path> variants;
    try (Stream<Path> files = Files.walk(SITE)) {
      variants = files.filter(p -> p.toString().matches(".*\\.(br|gz|zst)$")).toList();
    }

    assertEquals(List.of(), variants);
  }
}
