package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Over TLS there is no zero-copy: Vert.x copies a file through the TLS engine in chunks. A file
 * kept open by the index must still arrive whole, request after request, because the channel is
 * shared and must not be closed by one transfer.
 */
@ExtendWith(VertxExtension.class)
class TlsTest {

  @Test
  void fileKeptOpenIsSentWholeOverTlsAgainAndAgain(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    byte[] bytes = Site.random(300 * 1024, 7);
    site.write("font.woff2", bytes);
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    TestServer server = TestServer.mount(vertx, site.options().setMemoryMaxFileSize(0),
        new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())).await();
    WebClient tls = server.client(new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> res = tls.get("/font.woff2").send().await();

      assertEquals(200, res.statusCode());
      assertEquals("font/woff2", res.getHeader("Content-Type"));
      assertArrayEquals(bytes, res.body().getBytes());
    }
    assertEquals(1, server.handler.index().openFileCount());
  }

  @Test
  void fileOfSeveralMebibytesIsSentWholeOverTls(Vertx vertx, @TempDir Path dir) {
    // Over TLS Vert.x sends the file in chunks, not as regions.
    Site site = new Site(dir);
    byte[] bytes = Site.random(2 * 1024 * 1024 + 3, 8);
    site.write("video.mp4", bytes);
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    TestServer server = TestServer.mount(vertx, site.options(),
        new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())).await();
    WebClient tls = server.client(new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));

    HttpResponse<Buffer> res = tls.get("/video.mp4").send().await();

    assertEquals(200, res.statusCode());
    assertArrayEquals(bytes, res.body().getBytes());
  }

  @Test
  void rangeOfAFileKeptOpenIsSentOverTls(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("data.txt", "0123456789".repeat(1000));
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    TestServer server = TestServer.mount(vertx, site.options().setMemoryMaxFileSize(0),
        new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())).await();
    WebClient tls = server.client(new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));

    HttpResponse<Buffer> res = tls.get("/data.txt").putHeader("Range", "bytes=9995-10004").send().await();

    assertEquals(206, res.statusCode());
    assertEquals("bytes 9995-9999/10000", res.getHeader("Content-Range"));
    assertEquals("56789", res.bodyAsString());
  }
}
