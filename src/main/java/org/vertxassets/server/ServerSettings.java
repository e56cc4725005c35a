package org.vertxassets.server;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * by vertx-config, each later one overriding the keys it sets, and the merge remembers which
 * layer set each key, so that an error can say where a value came from.
 */
final class ServerSettings {

  static final String ENV_PREFIX = "VERTX_ASSETS_";
  static final String SYS_PREFIX = "vertxassets.";

  enum Kind {
    STRING, NUMBER, FLAG, PATHS
  }

  /**
   * One setting: its name, its key in the configuration JSON (dotted), what its value is, the
   * word for a value in the help ({@code PORT}), its default and its help.
   */
  record Setting(String name, String key, Kind kind, String label, String defaultText, String help) {

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
      new Setting("roots", "roots", Kind.PATHS, "DIR", "none",
          "directories to serve, the first that has a path wins (env, -D: separated by the path separator)"),
      new Setting("host", "server.host", Kind.STRING, "HOST", VerticleConfig.DEFAULT_HOST, "address to listen on"),
      new Setting("port", "server.port", Kind.NUMBER, "PORT", "" + VerticleConfig.DEFAULT_PORT,
          "port to listen on, 0 for any free one"),
      new Setting("prefix", "mountPath", Kind.STRING, "PATH", VerticleConfig.DEFAULT_MOUNT_PATH,
          "URL path the files are served under"),
      new Setting("dev", "dev", Kind.FLAG, null, "false",
          "development mode: rebuild on every change under the roots; Cache-Control: no-cache"),
      new Setting("spa", "spaFallback", Kind.STRING, "PATH", "none",
          "HTML file (as /index.html) sent for unknown extension-less paths that accept HTML"),
      new Setting("spa-prefix", "spaPrefix", Kind.STRING, "PATH", AssetsOptions.DEFAULT_SPA_PREFIX,
          "URL path under which the single-page-app fallback applies"),
      new Setting("not-found-page", "notFoundPage", Kind.STRING, "PATH", "none",
          "page (as /404.html) sent with a 404"),
      new Setting("index-file", "indexFile", Kind.STRING, "NAME", AssetsOptions.DEFAULT_INDEX_FILE,
          "file served for a folder's URL"),
      new Setting("clean-urls", "cleanUrls", Kind.FLAG, null, "false",
          "serve /about from about.html, and redirect /about.html to /about"),
      new Setting("max-age", "maxAgeSeconds", Kind.NUMBER, "SECONDS", "" + AssetsOptions.DEFAULT_MAX_AGE_SECONDS,
          "Cache-Control max-age of files neither HTML nor content-hashed, in seconds"),
      new Setting("early-hints", "earlyHints", Kind.FLAG, null, "true",
          "pages announce the hashed files they link: Link headers, and 103 Early Hints over HTTP/2"),
      new Setting("dictionaries", "dictionaries", Kind.FLAG, null, "true",
          "compression dictionaries (RFC 9842): hashed scripts and stylesheets are dictionaries, and a client"
              + " holding an earlier version gets the dcb or dcz delta beside the file"),
      new Setting("immutable-pattern", "immutablePattern", Kind.STRING, "REGEX", "the hashed names of the major bundlers",
          "regular expression on file names that marks them content-hashed: Cache-Control immutable"),
      new Setting("memory-max-file-size", "memoryMaxFileSize", Kind.NUMBER, "BYTES",
          "" + AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE,
          "largest file held in memory (HTTP/2 and TLS send from memory), in bytes, 0 for none"),
      new Setting("memory-budget", "memoryBudget", Kind.NUMBER, "BYTES", "" + AssetsOptions.DEFAULT_MEMORY_BUDGET,
          "bytes of files held in memory in all, smallest files first"),
      new Setting("zero-copy-min-file-size", "zeroCopyMinFileSize", Kind.NUMBER, "BYTES",
          "" + AssetsOptions.DEFAULT_ZERO_COPY_MIN_FILE_SIZE,
          "smallest file sent with sendfile(2) on cleartext HTTP/1.1, in bytes"),
      new Setting("open-file-limit", "openFileLimit", Kind.NUMBER, "N", "" + AssetsOptions.DEFAULT_OPEN_FILE_LIMIT,
          "files kept open between requests, 0 for none"),
      new Setting("compress", "warmUpCompression", Kind.STRING, "MODE", "auto",
          "make br/zstd/gzip variants at start-up: on, off, or auto (for roots that have none)"),
      new Setting("compression-cache", "compressionCacheDir", Kind.STRING, "DIR", "a private folder in java.io.tmpdir",
          "where variants made at start-up are kept between runs"),
      new Setting("tls-cert", "server.pemKeyCertOptions.certPath", Kind.STRING, "FILE", "none",
          "PEM certificate (chain): serve HTTPS, with HTTP/2 by ALPN"),
      new Setting("tls-key", "server.pemKeyCertOptions.keyPath", Kind.STRING, "FILE", "none",
          "PEM private key of --tls-cert"),
      new Setting("access-log", "accessLog", Kind.FLAG, null, "false",
          "log every request, refused ones too, in the combined log format with the body bytes actually sent"),
      new Setting("health", "healthPath", Kind.STRING, "PATH", "none", "path of a health route, as /healthz"),
      new Setting("metrics", "metricsPath", Kind.STRING, "PATH", "none",
          "path of vertx-assets' metrics in Prometheus's text format, as /metrics"),
      new Setting("vertx-metrics", "vertxMetrics", Kind.FLAG, null, "false",
          "with --metrics, also Vert.x's own (response times, connections, pools): 4-15% fewer requests per second"),
      new Setting("grace", "shutdownGraceSeconds", Kind.NUMBER, "SECONDS",
          "" + VerticleConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS,
          "seconds in-flight responses may take to end once a stop begins"),
      new Setting("instances", "instances", Kind.NUMBER, "N", "the number of CPUs",
          "server instances (event loops) sharing one index"),
      new Setting("conf", "conf", Kind.STRING, "FILE", "none", "configuration file, JSON or YAML (.yaml, .yml)"));

  /** Keys that are not part of the verticle's configuration: they choose how it is deployed. */
  static final List<String> DEPLOYMENT_KEYS = List.of("instances", "conf", "vertxMetrics");

  private ServerSettings() {
  }

  /**
   * The settings as given, unchecked: the flags of the command line by name ({@code --port} to
   * {@code 8080}; {@code true} or {@code false} for a flag without a value), its DIR arguments,
   * the environment and the system properties.
   */
  record Given(Map<String, String> flags, List<String> dirs, Map<String, String> env, Map<String, String> sys) {
  }

  /**
   * The merged settings, and for each layer above the config file (environment, system
   * properties, command line, in that order) the name under which it set each dotted key.
   *
   * @param json the merged configuration, with {@code instances} and {@code conf}
   * @param conf the path of the config file, or null for none
   * @param names for each layer above the file, from a dotted key to the name that set it
   */
  record Merged(JsonObject json, String conf, List<Map<String, String>> names) {

    /**
     * Returns where the value at {@code key} (dotted) was set: the flag, {@code -D} property or
     * environment variable of the highest layer that set it, a key under it or the object that
     * holds it ({@code --tls-cert and --tls-key} for {@code server.pemKeyCertOptions}); otherwise
     * the config file; null when there is none, as for a default.
     */
    String where(String key) {
      for (int i = names.size() - 1; i >= 0; i--) {
        List<String> set = names.get(i).entrySet().stream()
            .filter(e -> e.getKey().equals(key) || e.getKey().startsWith(key + ".") || key.startsWith(e.getKey() + "."))
            .map(Map.Entry::getValue).distinct().toList();
        if (!set.isEmpty()) {
          return String.join(" and ", set);
        }
      }
      return conf;
    }
  }

  /** Returns {@code message} after the place that set the value it is about, as {@code --port: ...}. */
  static String located(String where, String message) {
    return where == null ? message : where + ": " + message;
  }

  /**
   * Returns a future of the merged settings: the flags over the system properties over the
   * environment over the config file (the {@code conf} setting of the highest layer that has
   * one). Fails with a one-line message naming the setting and where it was set when a value is
   * malformed, or the file unreadable.
   */
  static Future<Merged> load(Vertx vertx, Given given) {
    List<Layer> layers;
    try {
      Layer flags = layer(given.flags(), Setting::flag, "");
      if (!given.dirs().isEmpty()) {
        flags.json().put("roots", new JsonArray(given.dirs()));
        flags.names().put("roots", "DIR");
      }
      layers = List.of(layer(given.env(), Setting::env, ""), layer(given.sys(), Setting::sys, "-D"), flags);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String conf = null;
    String confWhere = null;
    for (Layer layer : layers) {
      if (layer.json().containsKey("conf")) {
        conf = layer.json().getString("conf");
        confWhere = layer.names().get("conf");
      }
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
    if (conf != null) {
      if (!Files.isReadable(Path.of(conf))) {
        return Future.failedFuture(new IllegalArgumentException(located(confWhere, "cannot read the configuration"
            + " file '" + conf + "'; give the path of a readable JSON or YAML file")));
      }
      String format = conf.endsWith(".yaml") || conf.endsWith(".yml") ? "yaml" : "json";
      options.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
          .setConfig(new JsonObject().put("path", conf)));
    }
    for (Layer layer : layers) {
      options.addStore(new ConfigStoreOptions().setType("json").setConfig(layer.json()));
    }
    String file = conf;
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        // A parser's message may span lines (YAML's shows the line with a caret): one line here.
        .recover(e -> Future.failedFuture(new IllegalArgumentException(file + ": cannot read it: "
            + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip() + "; fix the file's syntax", e)))
        .map(json -> new Merged(withTlsDefaults(json), file, layers.stream().map(Layer::names).toList()))
        .eventually(retriever::close);
  }

  /** A certificate given without {@code ssl}: HTTPS is meant, with HTTP/2 offered by ALPN. */
  private static JsonObject withTlsDefaults(JsonObject config) {
    if (config.getValue("server") instanceof JsonObject server && server.containsKey("pemKeyCertOptions")
        && !server.containsKey("ssl")) {
      server.put("ssl", true);
      if (!server.containsKey("useAlpn")) {
        server.put("useAlpn", true);
      }
    }
    return config;
  }

  /** The settings of one source above the config file, and the name under which it set each dotted key. */
  private record Layer(JsonObject json, Map<String, String> names) {
  }

  /**
   * Returns the layer of the settings {@code source} has under the names {@code nameOf} gives,
   * each shown in messages after {@code shown} ({@code -D}).
   */
  private static Layer layer(Map<String, String> source, Function<Setting, String> nameOf, String shown) {
    Layer layer = new Layer(new JsonObject(), new LinkedHashMap<>());
    for (Setting s : SETTINGS) {
      String value = source.get(nameOf.apply(s));
      if (value != null) {
        String name = shown + nameOf.apply(s);
        put(layer.json(), s, value, name);
        layer.names().put(s.key(), name);
      }
    }
    return layer;
  }

  /** Puts {@code value} at the setting's dotted key, typed; {@code name} says where it was set. */
  private static void put(JsonObject target, Setting s, String value, String name) {
    Object typed = switch (s.kind()) {
      case STRING -> value;
      case NUMBER -> number(value, s, name);
      case FLAG -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException(located(name, s.key() + " must be true or false, got "
              + Json.encode(value)));
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

  private static long number(String value, Setting s, String name) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(located(name, s.key() + " must be a whole number, got "
          + Json.encode(value)));
    }
  }
}
