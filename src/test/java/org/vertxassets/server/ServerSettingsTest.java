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
    return merged(vertx, env, sys, args).json();
  }

  private static ServerSettings.Merged merged(Vertx vertx, Map<String, String> env, Map<String, String> sys,
      String... args) {
    return ServerSettings.load(vertx, ServeCommand.given(List.of(args), env, sys)).await();
  }

  /** Returns the port of the checked configuration of {@code config}. */
  private static int port(JsonObject config) {
    return ServeConfig.check(new ServerSettings.Merged(config, null, List.of())).verticle().server().getPort();
  }

  private static String conf(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  @Test
  void theReadmeTableGivesEverySettingItsNamesAndDefault() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
      String start = s.key().equals("conf") ? "| (the file itself) |" : "| `" + s.key() + "` |";
      String row = lines.stream().filter(l -> l.startsWith(start)).findFirst()
          .orElseThrow(() -> new AssertionError("README.md has no row for " + s.key()));
      String[] cells = row.split("\\|");
      assertEquals(s.kind() == ServerSettings.Kind.PATHS ? "`" + s.label() + "...`" : "`" + s.flag() + "`",
          cells[2].trim(), row);
      assertTrue(cells[3].trim().startsWith("`" + s.env() + "`"), row);
      assertEquals("`" + s.sys() + "`", cells[4].trim(), row);
      assertTrue(cells[5].replace("`", "").contains(s.defaultText()), s.defaultText() + " in " + row);
    }
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
  void aFlagFollowedByFalseTurnsItOffOverTheEnvironment(Vertx vertx, @TempDir Path dir) {
    JsonObject config = load(vertx, Map.of("VERTX_ASSETS_DEV", "true"), Map.of(), "--dev", "false", dir.toString());

    assertEquals(false, config.getBoolean("dev"));
    assertEquals(List.of(dir.toString()), config.getJsonArray("roots").getList(), "false is not a directory");
  }

  @Test
  void cleanUrlsIsAFlagThatTheEnvironmentCanSetToo(Vertx vertx, @TempDir Path dir) {
    JsonObject flag = load(vertx, Map.of(), Map.of(), "--clean-urls", dir.toString());
    JsonObject env = load(vertx, Map.of("VERTX_ASSETS_CLEAN_URLS", "true"), Map.of(), dir.toString());

    assertEquals(true, flag.getBoolean("cleanUrls"));
    assertEquals(true, env.getBoolean("cleanUrls"));
    assertEquals(true, ServeConfig.check(new ServerSettings.Merged(flag, null, List.of())).verticle().options()
        .isCleanUrls());
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
    Exception e = assertThrows(IllegalArgumentException.class,
        () -> load(vertx, Map.of("VERTX_ASSETS_PORT", "eighty"), Map.of(), dir.toString()));

    assertEquals("VERTX_ASSETS_PORT: server.port must be a whole number, got \"eighty\"", e.getMessage());
  }

  @Test
  void aMalformedSystemPropertyFailsNamingIt(Vertx vertx, @TempDir Path dir) {
    Exception e = assertThrows(IllegalArgumentException.class,
        () -> load(vertx, Map.of(), Map.of("vertxassets.dev", "yes"), dir.toString()));

    assertEquals("-Dvertxassets.dev: dev must be true or false, got \"yes\"", e.getMessage());
  }

  @Test
  void aMissingConfigFileFailsNamingTheFlagThatNamedIt(Vertx vertx, @TempDir Path dir) {
    String missing = dir.resolve("none.json").toString();

    Exception e = assertThrows(IllegalArgumentException.class,
        () -> load(vertx, Map.of(), Map.of(), "--conf", missing, dir.toString()));

    assertEquals("--conf: cannot read the configuration file '" + missing + "'; give the path of a readable JSON or"
        + " YAML file", e.getMessage());
  }

  @Test
  void aConfigFileWithBadYamlSyntaxFailsNamingTheFileOnOneLine(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.yaml", "server:\n  port: [1\n");

    Exception e = assertThrows(IllegalArgumentException.class,
        () -> load(vertx, Map.of(), Map.of(), "--conf", conf, dir.toString()));

    assertEquals(conf + ": cannot read it: while parsing a flow sequence in 'string', line 2, column 9: port: [1 ^"
        + " expected ',' or ']', but got <stream end> in 'string', line 3, column 1: ^; fix the file's syntax",
        e.getMessage());
  }

  @Test
  void eachKeyIsTracedToTheLayerThatSetItLast(Vertx vertx, @TempDir Path dir) throws IOException {
    String conf = conf(dir, "conf.json", "{\"server\": {\"port\": 9001, \"host\": \"::\"}, \"dev\": true}");

    ServerSettings.Merged merged = merged(vertx, Map.of("VERTX_ASSETS_PORT", "9002"),
        Map.of("vertxassets.dev", "false"), "--conf", conf, "--tls-cert", "c.pem", "--tls-key", "k.pem",
        dir.toString());

    assertEquals("VERTX_ASSETS_PORT", merged.where("server.port"));
    assertEquals(conf, merged.where("server.host"));
    assertEquals("-Dvertxassets.dev", merged.where("dev"));
    assertEquals("--tls-cert", merged.where("server.pemKeyCertOptions.certPath"));
    assertEquals("--tls-cert and --tls-key", merged.where("server.pemKeyCertOptions"));
    assertEquals("DIR", merged.where("roots"));
    assertEquals("--conf", merged.where("conf"));
    assertEquals(conf, merged.where("maxAgeSeconds"), "what no layer above the file set is the file's");
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
