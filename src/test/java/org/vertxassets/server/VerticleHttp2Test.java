package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The bundled server over HTTP/2: h2c with prior knowledge, h2c by upgrade, and TLS with ALPN
 * (a self-signed certificate made here) give the same status, headers and bytes as HTTP/1.1.
 */
@ExtendWith(VertxExtension.class)
class VerticleHttp2Test {

  /** Headers that belong to the connection, not to the response (RFC 9113 §8.2.2). */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade");

  private Site site;

  @BeforeEach
  void writeSite(@TempDir Path dir) {
    site = new Site(dir);
    site.write("index.html", "<!doctype html><title>h2</title>\n".repeat(20));
    site.gzip("index.html");
    site.write("css/app.css", "body { color: red; }\n".repeat(400));
    site.gzip("css/app.css");
    site.write("docs/index.html", "<!doctype html><title>docs</title>");
    site.write("404.html", "<!doctype html><title>not here</title>");
    byte[] big = new byte[600 * 1024];
    new java.util.Random(3).nextBytes(big);
    site.write("big.bin", big);
  }

  private JsonObject config(String address) {
    return site.config()
        .put("notFoundPage", "/404.html").put("spaFallback", "/index.html").put("eventBusAddress", address);
  }

  /** The requests compared: a variant, a range, a revalidation, a HEAD, a redirect, a 404, the fallback. */
  private static List<Function<WebClient, HttpRequest<Buffer>>> requests(String etag) {
    return List.of(
        c -> c.get("/css/app.css").putHeader("Accept-Encoding", "br, gzip"),
        c -> c.get("/css/app.css"),
        c -> c.get("/css/app.css").putHeader("Range", "bytes=100-199"),
        c -> c.get("/css/app.css").putHeader("If-None-Match", etag),
        c -> c.request(HttpMethod.HEAD, "/index.html".replace("index.html", "")),
        c -> c.get("/docs?x=1"),
        c -> c.get("/missing.js"),
        c -> c.get("/app/settings").putHeader("Accept", "text/html"),
        c -> c.get("/big.bin"),
        c -> c.get("/big.bin").putHeader("Range", "bytes=500000-"));
  }

  private static void assertSameResponses(WebClient http1, WebClient other, HttpVersion expected) {
    String etag = http1.get("/css/app.css").send().await().getHeader("ETag");
    for (Function<WebClient, HttpRequest<Buffer>> request : requests(etag)) {
      HttpResponse<Buffer> one = request.apply(http1).send().await();
      HttpResponse<Buffer> two = request.apply(other).send().await();
      assertEquals(HttpVersion.HTTP_1_1, one.version());
      assertEquals(expected, two.version());
      assertEquals(one.statusCode(), two.statusCode());
      assertEquals(headers(one), headers(two));
      assertArrayEquals(one.body() == null ? null : one.body().getBytes(),
          two.body() == null ? null : two.body().getBytes());
    }
  }

  private static Map<String, List<String>> headers(HttpResponse<Buffer> res) {
    Map<String, List<String>> headers = TestServer.headersWithoutDate(res.headers());
    headers.keySet().removeAll(HOP_BY_HOP);
    return headers;
  }


  @Test
  void h2cWithPriorKnowledgeAnswersAsHttp11(Vertx vertx) {
    TestServer d = TestServer.deploy(vertx, config("plain")).await();

    assertSameResponses(d.client, d.client(new WebClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)), HttpVersion.HTTP_2);
  }

  @Test
  void h2cByUpgradeAnswersAsHttp11(Vertx vertx) {
    TestServer d = TestServer.deploy(vertx, config("plain")).await();

    assertSameResponses(d.client, d.client(new WebClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true)), HttpVersion.HTTP_2);
  }

  @Test
  void tlsWithAlpnNegotiatesHttp2AndAnswersAsHttp11(Vertx vertx) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    TestServer plain = TestServer.deploy(vertx, config("plain")).await();
    TestServer tls = TestServer.deploy(vertx, config("tls").put("server", new JsonObject().put("ssl", true)
        .put("useAlpn", true).put("pemKeyCertOptions", new JsonObject()
            .put("certPath", certificate.certificatePath()).put("keyPath", certificate.privateKeyPath())))).await();

    assertSameResponses(plain.client, tls.client(new WebClientOptions().setSsl(true).setUseAlpn(true)
        .setTrustAll(true).setVerifyHost(false).setProtocolVersion(HttpVersion.HTTP_2)), HttpVersion.HTTP_2);
  }
}
