package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.vertxassets.server.CliTest.assertUsageError;
import static org.vertxassets.server.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong setting of {@code serve} is one line that names its key and where its value came from:
 * the config file, the environment variable, the system property or the flag; status 2.
 */
class SettingErrorsTest {

  @TempDir
  Path dir;

  private String conf(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  @Test
  void aStringForTheListOfRootsInYamlNamesRootsAndTheFile() throws IOException {
    String conf = conf("conf.yaml", "roots: dist\n");

    CliTest.Result result = run("serve", "--conf", conf);

    assertUsageError(result, "vertx-assets: " + conf + ": 'roots' must be a list of directories, such as"
        + " [\"site\"] or [{\"directory\": \"site\", \"prefix\": \"/\"}], got \"dist\"");
    assertFalse(result.err().contains("Exception"), result.err());
  }

  @Test
  void aNumberForTheServerObjectInYamlNamesServerAndTheFile() throws IOException {
    String conf = conf("conf.yaml", "server: 8080\n");

    assertUsageError(run("serve", "--conf", conf, dir.toString()), "vertx-assets: " + conf + ": 'server' must be"
        + " an object of Vert.x HttpServerOptions, such as {\"port\": 8080}, got 8080");
  }

  @Test
  void aBadValueInTheConfigFileNamesTheFile() throws IOException {
    String conf = conf("conf.yaml", "maxAgeSeconds: ten\n");

    assertUsageError(run("serve", "--conf", conf, dir.toString()),
        "vertx-assets: " + conf + ": 'maxAgeSeconds' must be a whole number of seconds, got \"ten\"");
  }

  @Test
  void anUnknownKeyInTheConfigFileNamesTheFile() throws IOException {
    String conf = conf("conf.json", "{\"server\": {\"prot\": 8080}}");

    assertUsageError(run("serve", "--conf", conf, dir.toString()), "vertx-assets: " + conf + ": unknown key"
        + " 'server.prot': 'server' takes the keys of Vert.x HttpServerOptions, such as host, port, ssl, useAlpn,"
        + " pemKeyCertOptions, idleTimeout");
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    assertUsageError(run(Map.of("VERTX_ASSETS_MAX_AGE", "-5"), Map.of(), "serve", dir.toString()),
        "vertx-assets: VERTX_ASSETS_MAX_AGE: maxAgeSeconds must be 0 or more, got -5");
  }

  @Test
  void aMalformedValueFromTheEnvironmentNamesTheVariable() {
    assertUsageError(run(Map.of("VERTX_ASSETS_PORT", "eighty"), Map.of(), "serve", dir.toString()),
        "vertx-assets: VERTX_ASSETS_PORT: server.port must be a whole number, got \"eighty\"");
  }

  @Test
  void aBadValueFromASystemPropertyNamesTheProperty() {
    assertUsageError(run(Map.of(), Map.of("vertxassets.max-age", "-5"), "serve", dir.toString()),
        "vertx-assets: -Dvertxassets.max-age: maxAgeSeconds must be 0 or more, got -5");
  }

  @Test
  void aMalformedFlagFromASystemPropertyNamesTheProperty() {
    assertUsageError(run(Map.of(), Map.of("vertxassets.dev", "yes"), "serve", dir.toString()),
        "vertx-assets: -Dvertxassets.dev: dev must be true or false, got \"yes\"");
  }

  @Test
  void aBadValueFromAFlagNamesTheFlag() {
    assertUsageError(run("serve", "--max-age", "-5", dir.toString()),
        "vertx-assets: --max-age: maxAgeSeconds must be 0 or more, got -5");
  }

  @Test
  void aValueSetInSeveralPlacesIsReportedWhereItWasSetLast() throws IOException {
    String conf = conf("conf.json", "{\"maxAgeSeconds\": -1}");

    assertUsageError(run(Map.of("VERTX_ASSETS_MAX_AGE", "-2"), Map.of("vertxassets.max-age", "-3"),
        "serve", "--conf", conf, dir.toString()), "vertx-assets: -Dvertxassets.max-age: maxAgeSeconds must be 0"
        + " or more, got -3");
  }

  @Test
  void aFileValueUnderAnObjectAFlagAlsoSetsNamesTheFile() throws IOException {
    String conf = conf("conf.json", "{\"server\": {\"ssl\": \"true\"}}");

    assertUsageError(run("serve", "--conf", conf, "--port", "0", dir.toString()),
        "vertx-assets: " + conf + ": server.ssl must be true or false, got \"true\"");
  }

  @Test
  void anUnreadableCertificateNamesTheFlagsThatGaveIt() {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");

    CliTest.Result result = run("serve", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
        dir.toString());

    assertEquals(2, result.status());
    assertEquals("", result.out());
    String last = result.err().lines().reduce((a, b) -> b).orElse("");
    assertEquals("vertx-assets: --tls-cert and --tls-key: server.pemKeyCertOptions: cannot load the certificate"
        + " and key: io.vertx.core.file.FileSystemException: Unable to read file at path '" + key + "'; give"
        + " readable PEM files (--tls-cert, --tls-key)", last);
  }

  @Test
  void aMissingConfigFileNamesWhatNamedIt() {
    String missing = dir.resolve("none.json").toString();

    assertUsageError(run(Map.of("VERTX_ASSETS_CONF", missing), Map.of(), "serve", dir.toString()),
        "vertx-assets: VERTX_ASSETS_CONF: cannot read the configuration file '" + missing + "'; give the path of a"
        + " readable JSON or YAML file");
  }

  @Test
  void aConfigFileWithBadSyntaxIsNamedOnOneLine() throws IOException {
    String conf = conf("conf.json", "{\"server\": ");

    assertUsageError(run("serve", "--conf", conf, dir.toString()), "vertx-assets: " + conf + ": cannot read it:"
        + " Unexpected end-of-input within/between Object entries at [Source: REDACTED"
        + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 12]; fix the file's syntax");
  }
}
