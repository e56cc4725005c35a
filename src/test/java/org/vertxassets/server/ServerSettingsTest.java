package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Where the bundled server's settings come from: defaults < file < env < -D < flags. */
@ExtendWith(VertxExtension.class)
class ServerSettingsTest {

  private static JsonObject load(Vertx vertx, Map<String, String> env, Map<String, String> sys, String... args) {
    return ServerSettings.load(vertx, ServerSettings.parse(List.of(args)), env, sys).await();
  }

  private static int port(JsonObject config) {
    return VerticleConfig.of(ServerSettings.verticleConfig(config)).server().getPort();
  }

  private static String conf(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  @Test
  void withNoSourceThePortIsTheDefault(Vertx vertx, @TempDir Path dir) {
    assertEquals(8080, port(load(vertx, Map.of(), Map.of(), dir.toString())));
  }

  @Test
  void aJsonConfigFileOverridesTheDefaults(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"server\": {\"port\": 9001}, \"maxAgeSeconds\": 5}");

    JsonObject config = load(vertx, Map.of(), Map.of(), "--conf", conf, dir.toString());

    assertEquals(9001, port(config));
    assertEquals(5, config.getInteger("maxAgeSeconds"));
  }

  @Test
  void aYamlConfigFileIsReadAsWell(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.yaml", "server:\n  port: 9001\nroots:\n  - " + dir + "\ndev: true\n");

    JsonObject config = load(vertx, Map.of(), Map.of(), "--conf", conf);

    assertEquals(9001, port(config));
    assertEquals(true, config.getBoolean("dev"));
    assertEquals(List.of(dir.toString()), config.getJsonArray("roots").getList());
  }

  @Test
  void anEnvironmentVariableOverridesTheConfigFile(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"server\": {\"port\": 9001, \"host\": \"127.0.0.1\"}}");

    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_PORT", "9002"), Map.of(), "--conf", conf, dir.toString());

    assertEquals(9002, port(config));
    assertEquals("127.0.0.1", config.getJsonObject("server").getString("host"), "the file's other keys stay");
  }

  @Test
  void aSystemPropertyOverridesTheEnvironment(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_PORT", "9002"), Map.of("vertxassets.port", "9003"),
        dir.toString());

    assertEquals(9003, port(config));
  }

  @Test
  void aFlagOverridesTheSystemProperty(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_PORT", "9002"), Map.of("vertxassets.port", "9003"),
        "--port", "9004", dir.toString());

    assertEquals(9004, port(config));
  }

  @Test
  void everySettingHasAnEnvironmentVariable(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_MEMORY_BUDGET", "1000", "VERTX_ASSETS_DEV", "true",
        "VERTX_ASSETS_SPA", "/index.html", "VERTX_ASSETS_PREFIX", "/static/"), Map.of(), dir.toString());

    assertEquals(1000, config.getInteger("memoryBudget"));
    assertEquals(true, config.getBoolean("dev"));
    assertEquals("/index.html", config.getString("spaFallback"));
    assertEquals("/static/", config.getString("mountPath"));
  }

  @Test
  void rootsFromTheEnvironmentAreSplitOnThePathSeparator(Vertx vertx, @TempDir Path one, @TempDir Path two) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_ROOTS", one + File.pathSeparator + two), Map.of());

    assertEquals(List.of(one.toString(), two.toString()), config.getJsonArray("roots").getList());
  }

  @Test
  void aClasspathRootFromTheEnvironmentIsNotSplitAtItsColon(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_ROOTS", "classpath:webroot" + File.pathSeparator + dir),
        Map.of());

    assertEquals(List.of("classpath:webroot", dir.toString()), config.getJsonArray("roots").getList());
  }

  @Test
  void theConfigFileCanBeNamedByTheEnvironment(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"maxAgeSeconds\": 7}");

    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_CONF", conf), Map.of(), dir.toString());

    assertEquals(7, config.getInteger("maxAgeSeconds"));
  }

  @Test
  void tlsFlagsTurnOnHttpsWithHttp2ByAlpn(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of(), Map.of(), "--tls-cert", "c.pem", "--tls-key", "k.pem", dir.toString());

    JsonObject server = config.getJsonObject("server");
    assertEquals(true, server.getBoolean("ssl"));
    assertEquals(true, server.getBoolean("useAlpn"));
    assertEquals("c.pem", server.getJsonObject("pemKeyCertOptions").getString("certPath"));
    assertEquals("k.pem", server.getJsonObject("pemKeyCertOptions").getString("keyPath"));
  }

  @Test
  void aMalformedEnvironmentValueFailsNamingTheVariable(Vertx vertx, @TempDir Path dir) {
    Exception e = assertThrows(Exception.class,
        () -> load(vertx, Map.of("VERTX_ASSETS_PORT", "eighty"), Map.of(), dir.toString()));

    assertTrue(e.getMessage().contains("VERTX_ASSETS_PORT"), e.getMessage());
  }

  @Test
  void aMalformedSystemPropertyFailsNamingIt(Vertx vertx, @TempDir Path dir) {
    Exception e = assertThrows(Exception.class,
        () -> load(vertx, Map.of(), Map.of("vertxassets.dev", "yes"), dir.toString()));

    assertTrue(e.getMessage().contains("vertxassets.dev"), e.getMessage());
  }

  @Test
  void aMissingConfigFileFailsNamingConf(Vertx vertx, @TempDir Path dir) {
    Exception e = assertThrows(Exception.class,
        () -> load(vertx, Map.of(), Map.of(), "--conf", dir.resolve("none.json").toString(), dir.toString()));

    assertTrue(e.getMessage().startsWith("conf:"), e.getMessage());
  }

  @Test
  void aConfigFileWithBadSyntaxFailsNamingConf(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"server\": ");

    Exception e = assertThrows(Exception.class, () -> load(vertx, Map.of(), Map.of(), "--conf", conf, dir.toString()));

    assertTrue(e.getMessage().startsWith("conf:"), e.getMessage());
  }

  @Test
  void anUnknownKeyInTheConfigFileIsNamedWhenChecked(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"maxage\": 7}");

    Exception e = assertThrows(Exception.class, () -> Cli.configuration(vertx,
        ServerSettings.parse(List.of("--conf", conf, dir.toString())), Map.of(), Map.of()).await());

    assertTrue(e.getMessage().contains("'maxage'"), e.getMessage());
  }

  @Test
  void theProcessEnvironmentAndSystemPropertiesAreRead(@TempDir Path dir) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dvertxassets.max-age=77", Cli.class.getName(),
        "serve", "--print-config", dir.toString());
    builder.environment().put("VERTX_ASSETS_PORT", "9100");
    Path err = dir.resolve("stderr.txt");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));

    assertEquals(0, process.exitValue(), out + Files.readString(err));
    JsonObject config = new JsonObject(out);
    assertEquals(9100, config.getJsonObject("server").getInteger("port"));
    assertEquals(77, config.getInteger("maxAgeSeconds"));
  }
}
