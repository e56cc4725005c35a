package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * The bundled verticle's start-up failures: a configuration it cannot serve fails the deployment
 * with a message naming the key at fault, and leaves nothing behind.
 */
@ExtendWith(VertxExtension.class)
class DeploymentFailureTest {

  /** Returns the message of the failure of deploying {@code config}. */
  static String deploymentFailure(Vertx vertx, JsonObject config) {
    Exception e = assertThrows(Exception.class, () -> TestServer.deploy(vertx, config).await());
    assertNotNull(e.getMessage());
    return e.getMessage();
  }

  @Test
  void anUnknownKeyFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config().put("maxAge", 60));

    assertTrue(message.contains("'maxAge'"), message);
    assertTrue(message.contains("maxAgeSeconds"), "the known keys are listed: " + message);
  }

  @Test
  void anUnknownServerKeyFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config().put("server", new JsonObject().put("prot", 8080)));

    assertTrue(message.contains("server.prot"), message);
  }

  @Test
  void aValueOfTheWrongTypeFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config().put("dev", "yes"));

    assertTrue(message.contains("'dev'"), message);
  }

  @Test
  void aPortOutOfRangeFailsTheDeploymentNamingServerPort(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config()
        .put("server", new JsonObject().put("port", 70000)));

    assertTrue(message.contains("server.port"), message);
  }

  @Test
  void aMissingDirectoryFailsTheDeploymentNamingRoots(Vertx vertx, @TempDir Path dir) {
    Path missing = dir.resolve("no-such-site");

    String message = deploymentFailure(vertx, new Site(missing).config());

    assertTrue(message.contains("roots"), message);
    assertTrue(message.contains(missing.toString()), message);
  }

  @Test
  void serverCompressionIsRefusedNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config()
        .put("server", new JsonObject().put("compressionSupported", true)));

    assertTrue(message.contains("server.compressionSupported"), message);
  }

  @Test
  void anUnreadableCertificateFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    Path cert = site.write("tls/cert.pem", "not a certificate");
    Path key = site.write("tls/key.pem", "not a key");

    String message = deploymentFailure(vertx, site.config().put("server", new JsonObject().put("ssl", true)
        .put("pemKeyCertOptions", new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString()))));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void aMissingCertificateFileFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config().put("server", new JsonObject().put("ssl", true)
        .put("pemKeyCertOptions", new JsonObject().put("certPath", dir.resolve("none.pem").toString())
            .put("keyPath", dir.resolve("none-key.pem").toString()))));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void sslWithoutACertificateFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config().put("server", new JsonObject().put("ssl", true)));

    assertTrue(message.contains("server.pemKeyCertOptions"), message);
  }

  @Test
  void aSpaFallbackThatIsNotAFileFailsTheDeploymentNamingTheKey(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("index.html", "<!doctype html>");

    String message = deploymentFailure(vertx, site.config().put("spaFallback", "/app.html"));

    assertTrue(message.contains("spaFallback"), message);
    assertTrue(message.contains("/app.html"), message);
  }

  @Test
  void aPortInUseFailsTheDeploymentNamingServerPortAndLeavesNothingBehind(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Site site = new Site(dir);
    site.write("app.js", "1");
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      String message = deploymentFailure(vertx, site.config().put("server", new JsonObject()
          .put("host", "127.0.0.1").put("port", busy.getLocalPort())));

      assertTrue(message.contains("server.port"), message);
      assertTrue(vertx.deploymentIDs().isEmpty(), "no deployment is left: " + vertx.deploymentIDs());
    }
    // Its shared state and reload address went with it: the same config deploys again.
    TestServer d = TestServer.deploy(vertx, site.config()).await();
    assertEquals(200, d.client.get("/app.js").send().await().statusCode());
  }

  @Test
  void aServerValueOfTheWrongTypeFailsTheDeploymentNamingIt(Vertx vertx, @TempDir Path dir) {
    String message = deploymentFailure(vertx, new Site(dir).config()
        .put("server", new JsonObject().put("ssl", "true")));

    assertTrue(message.contains("server.ssl"), message);
  }

  @Test
  void twoDeploymentsWithOneEventBusAddressAreRefused(Vertx vertx, @TempDir Path dir) {
    Site site = new Site(dir);
    site.write("app.js", "1");
    TestServer.deploy(vertx, site.config()).await();

    String message = deploymentFailure(vertx, site.config());

    assertTrue(message.contains("eventBusAddress"), message);
  }
}
