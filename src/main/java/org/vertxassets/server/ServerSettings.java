package org.vertxassets.server;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.vertxassets.AssetsOptions;

/**
 * The settings of the bundled server and where they come from, lowest first: defaults, a config
 * file ({@code --conf}, JSON or YAML), environment variables, system properties, command-line
 * flags. Each setting has one name spelt three ways: {@code --memory-budget},
 * {@code VERTX_ASSETS_MEMORY_BUDGET}, {@code -Dvertxassets.memory-budget}. The layers are merged
 * by vertx-config, each later one overriding the keys it sets.
 */
final class ServerSettings {

  static final String ENV_PREFIX = "VERTX_ASSETS_";
  static final String SYS_PREFIX = "vertxassets.";

  enum Kind {
    STRING, NUMBER, FLAG, PATHS
  }

  /** One setting: its name, its key in the configuration JSON (dotted), its default and help. */
  record Setting(String name, String key, Kind kind, String defaultText, String help) {

    String flag() {
      return "--" + name;
    }

    String env() {
      return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    String sys() {
      return SYS_PREFIX + name;
    }
  }

  static final List<Setting> SETTINGS = List.of(
      new Setting("roots", "roots", Kind.PATHS, "none",
          "directories to serve, the first that has a path wins (env, -D: separated by the path separator)"),
      new Setting("host", "server.host", Kind.STRING, VerticleConfig.DEFAULT_HOST, "address to listen on"),
      new Setting("port", "server.port", Kind.NUMBER, "" + VerticleConfig.DEFAULT_PORT,
          "port to listen on, 0 for any free one"),
      new Setting("prefix", "mountPath", Kind.STRING, VerticleConfig.DEFAULT_MOUNT_PATH,
          "URL path the files are served under"),
      new Setting("dev", "dev", Kind.FLAG, "false",
          "development mode: rebuild on every change under the roots; Cache-Control: no-cache"),
      new Setting("spa", "spaFallback", Kind.STRING, "none",
          "HTML file (as /index.html) sent for unknown extension-less paths that accept HTML"),
      new Setting("spa-prefix", "spaPrefix", Kind.STRING, AssetsOptions.DEFAULT_SPA_PREFIX,
          "URL path under which the single-page-app fallback applies"),
      new Setting("not-found-page", "notFoundPage", Kind.STRING, "none", "page (as /404.html) sent with a 404"),
      new Setting("index-file", "indexFile", Kind.STRING, AssetsOptions.DEFAULT_INDEX_FILE,
          "file served for a folder's URL"),
      new Setting("max-age", "maxAgeSeconds", Kind.NUMBER, "" + AssetsOptions.DEFAULT_MAX_AGE_SECONDS,
          "Cache-Control max-age of files neither HTML nor content-hashed, in seconds"),
      new Setting("memory-max-file-size", "memoryMaxFileSize", Kind.NUMBER,
          "" + AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE,
          "largest file held in memory (HTTP/2 and TLS send from memory), in bytes, 0 for none"),
      new Setting("memory-budget", "memoryBudget", Kind.NUMBER, "" + AssetsOptions.DEFAULT_MEMORY_BUDGET,
          "bytes of files held in memory in all, smallest files first"),
      new Setting("zero-copy-min-file-size", "zeroCopyMinFileSize", Kind.NUMBER,
          "" + AssetsOptions.DEFAULT_ZERO_COPY_MIN_FILE_SIZE,
          "smallest file sent with sendfile(2) on cleartext HTTP/1.1, in bytes"),
      new Setting("open-file-limit", "openFileLimit", Kind.NUMBER, "" + AssetsOptions.DEFAULT_OPEN_FILE_LIMIT,
          "files kept open between requests, 0 for none"),
      new Setting("compress", "warmUpCompression", Kind.STRING, "auto",
          "make br/zstd/gzip variants at start-up: on, off, or auto (for roots that have none)"),
      new Setting("compression-cache", "compressionCacheDir", Kind.STRING, "a folder in java.io.tmpdir",
          "where variants made at start-up are kept between runs"),
      new Setting("tls-cert", "server.pemKeyCertOptions.certPath", Kind.STRING, "none",
          "PEM certificate (chain): serve HTTPS, with HTTP/2 by ALPN"),
      new Setting("tls-key", "server.pemKeyCertOptions.keyPath", Kind.STRING, "none",
          "PEM private key of --tls-cert"),
      new Setting("access-log", "accessLog", Kind.FLAG, "false", "log every request (combined log format)"),
      new Setting("health", "healthPath", Kind.STRING, "none", "path of a health route, as /healthz"),
      new Setting("grace", "shutdownGraceSeconds", Kind.NUMBER, "" + VerticleConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS,
          "seconds in-flight responses may take to end once a stop begins"),
      new Setting("instances", "instances", Kind.NUMBER, "the number of CPUs",
          "server instances (event loops) sharing one index"),
      new Setting("conf", "conf", Kind.STRING, "none", "configuration file, JSON or YAML (.yaml, .yml)"));

  /** Keys that are not part of the verticle's configuration: they choose how it is deployed. */
  private static final List<String> DEPLOYMENT_KEYS = List.of("instances", "conf");

  private ServerSettings() {
  }

  /** What the command line of {@code serve} asked for. */
  record Command(JsonObject flags, boolean help, boolean printConfig) {
  }

  /**
   * Returns the {@code serve} command of {@code args}.
   *
   * @throws IllegalArgumentException with a one-line message for a wrong argument
   */
  static Command parse(List<String> args) {
    JsonObject flags = new JsonObject();
    List<String> roots = new ArrayList<>();
    boolean help = false;
    boolean print = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (arg.equals("--print-config")) {
        print = true;
        continue;
      }
      if (!arg.startsWith("-")) {
        roots.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Setting s = SETTINGS.stream().filter(x -> x.flag().equals(name) && x.kind() != Kind.PATHS).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown option '" + name + "' (see --help)"));
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (s.kind() == Kind.FLAG) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(name + " needs a value (see --help)");
      }
      put(flags, s, value, name);
    }
    if (!roots.isEmpty()) {
      flags.put("roots", new JsonArray(roots));
    }
    return new Command(flags, help, print);
  }

  /**
   * Returns a future of the merged configuration: {@code command}'s flags over {@code sys} over
   * {@code env} over the config file (the {@code conf} setting of any layer) over the defaults.
   * Fails with a message naming the setting when a value is malformed or the file unreadable.
   */
  static Future<JsonObject> load(Vertx vertx, Command command, Map<String, String> env, Map<String, String> sys) {
    JsonObject envLayer;
    JsonObject sysLayer;
    try {
      envLayer = layer(env, Setting::env);
      sysLayer = layer(sys, Setting::sys);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String conf = command.flags().getString("conf", sysLayer.getString("conf", envLayer.getString("conf")));
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
    if (conf != null) {
      if (!Files.isReadable(Path.of(conf))) {
        return Future.failedFuture(new IllegalArgumentException("conf: cannot read the configuration file '" + conf
            + "'; give the path of a readable JSON or YAML file"));
      }
      String format = conf.endsWith(".yaml") || conf.endsWith(".yml") ? "yaml" : "json";
      options.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
          .setConfig(new JsonObject().put("path", conf)));
    }
    for (JsonObject layer : List.of(envLayer, sysLayer, command.flags())) {
      options.addStore(new ConfigStoreOptions().setType("json").setConfig(layer));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new IllegalArgumentException("conf: cannot read '" + conf + "': "
            + e.getMessage() + "; fix the file's syntax", e)))
        .map(ServerSettings::withTlsDefaults)
        .eventually(retriever::close);
  }

  /** Returns the configuration of the verticle: {@code merged} without the deployment keys. */
  static JsonObject verticleConfig(JsonObject merged) {
    JsonObject config = merged.copy();
    DEPLOYMENT_KEYS.forEach(config::remove);
    return config;
  }

  /** Returns the number of server instances {@code merged} asks for. */
  static int instances(JsonObject merged) {
    Object value = merged.getValue("instances", Runtime.getRuntime().availableProcessors());
    if (!(value instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
      throw new IllegalArgumentException("instances must be a whole number, 1 or more, got " + value);
    }
    return n.intValue();
  }

  /** A certificate given without {@code ssl}: HTTPS is meant, with HTTP/2 offered by ALPN. */
  private static JsonObject withTlsDefaults(JsonObject config) {
    JsonObject server = config.getJsonObject("server");
    if (server != null && server.containsKey("pemKeyCertOptions") && !server.containsKey("ssl")) {
      server.put("ssl", true);
      if (!server.containsKey("useAlpn")) {
        server.put("useAlpn", true);
      }
    }
    return config;
  }

  private static JsonObject layer(Map<String, String> source, Function<Setting, String> nameOf) {
    JsonObject layer = new JsonObject();
    for (Setting s : SETTINGS) {
      String value = source.get(nameOf.apply(s));
      if (value != null) {
        put(layer, s, value, nameOf.apply(s));
      }
    }
    return layer;
  }

  /** Puts {@code value} at the setting's dotted key, typed; {@code source} names it in errors. */
  private static void put(JsonObject target, Setting s, String value, String source) {
    Object typed = switch (s.kind()) {
      case STRING -> value;
      case NUMBER -> number(value, source);
      case FLAG -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException(source + " must be true or false, got '" + value + "'");
        }
        yield Boolean.valueOf(value);
      }
      case PATHS -> new JsonArray(paths(value));
    };
    String[] parts = s.key().split("\\.");
    JsonObject node = target;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], typed);
  }

  /** Returns the directories of a path-separator list; {@code classpath:webroot} is not split at its colon. */
  static List<String> paths(String value) {
    List<String> paths = new ArrayList<>();
    String[] parts = value.split(Pattern.quote(File.pathSeparator), -1);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("classpath") && File.pathSeparator.equals(":") && i + 1 < parts.length) {
        paths.add("classpath:" + parts[++i]);
      } else if (!parts[i].isEmpty()) {
        paths.add(parts[i]);
      }
    }
    return paths;
  }

  private static long number(String value, String source) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be a whole number, got '" + value + "'");
    }
  }

  private static String metavar(Setting s) {
    return switch (s.name()) {
      case "host" -> "HOST";
      case "port" -> "PORT";
      case "prefix", "spa-prefix", "health", "spa", "not-found-page" -> "PATH";
      case "index-file" -> "NAME";
      case "max-age", "grace" -> "SECONDS";
      case "memory-max-file-size", "memory-budget", "zero-copy-min-file-size" -> "BYTES";
      case "tls-cert", "tls-key", "conf" -> "FILE";
      case "compress" -> "MODE";
      case "compression-cache" -> "DIR";
      default -> "N";
    };
  }

  /** Returns the help text: every flag with its environment variable and default. */
  static String usage() {
    StringBuilder b = new StringBuilder(String.join("\n",
        "Usage: java -jar vertx-assets.jar serve [options] DIR...",
        "",
        "Serves the files under each DIR (the first DIR that has a path wins) over HTTP/1.1 and HTTP/2.",
        "A DIR written classpath:webroot serves the resources of the application's jar.",
        "Each option may also come from a config file (--conf), an environment variable or a",
        "system property; the later in this list wins: file < env < -D < flag.",
        "",
        "Options:"));
    for (Setting s : SETTINGS) {
      String flag = s.kind() == Kind.PATHS ? "DIR..." : s.flag() + (s.kind() == Kind.FLAG ? "" : " " + metavar(s));
      b.append(String.format("%n  %-28s %s%n  %-28s default: %s; env %s; -D%s", flag, s.help(), "",
          s.defaultText(), s.env(), s.sys()));
    }
    b.append(String.format("%n  %-28s %s", "--print-config", "print the merged configuration as JSON and exit"));
    b.append(String.format("%n  %-28s %s", "-h, --help", "print this help"));
    return b.toString();
  }
}
