package org.vertxassets.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.vertxassets.tools.BuildCommand;
import org.vertxassets.tools.CompressCommand;

/**
 * The command line of the executable jar: {@code java -jar vertx-assets.jar serve DIR...}, which
 * deploys {@link AssetsVerticle} with the settings of {@link ServerSettings}.
 */
public final class Cli {

  static final String COMMANDS = String.join("\n",
      "Usage: java -jar vertx-assets.jar COMMAND [options]",
      "",
      "Commands:",
      "  serve [options] DIR...    serve the files of DIR over HTTP (serve --help)",
      "  build [options] SRC OUT   copy SRC to OUT with content-hashed names and manifest.json,",
      "                            then precompress it (build --help)",
      "  compress [options] DIR    write .br, .zst and .gz variants next to the files of DIR (compress --help)");

  private Cli() {
  }

  /** Runs the command line; exits with its status when that is not 0 (a server keeps running). */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    RegionFailures.quiet();
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Returns the exit status of a command line: 0 when done (for {@code serve}: when the server
   * listens; it stops, with status 0, on SIGTERM or SIGINT), 1 when the server could not start,
   * 2 when the arguments or the configuration are wrong.
   */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(COMMANDS + "\n\n" + ServerSettings.usage());
      return 2;
    }
    if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      out.println(COMMANDS + "\n\n" + ServerSettings.usage());
      return 0;
    }
    if (args[0].equals("build")) {
      return BuildCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (args[0].equals("compress")) {
      return CompressCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (!args[0].equals("serve")) {
      err.println("vertx-assets: unknown command '" + args[0] + "'; the commands are serve, build and compress"
          + " (see --help)");
      return 2;
    }
    ServerSettings.Command command;
    try {
      command = ServerSettings.parse(List.of(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      err.println("vertx-assets: " + e.getMessage());
      return 2;
    }
    if (command.help()) {
      out.println(ServerSettings.usage());
      return 0;
    }
    // The native transport (epoll on Linux) when the jar has it; -Dvertxassets.nativeTransport=false for NIO.
    boolean nativeTransport = !"false".equals(System.getProperty("vertxassets.nativeTransport"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    JsonObject config;
    try {
      config = configuration(vertx, command, System.getenv(), systemProperties()).await();
    } catch (Exception e) {
      err.println("vertx-assets: " + withFlag(String.valueOf(e.getMessage())));
      vertx.close();
      return 2;
    }
    if (command.printConfig()) {
      out.println(config.encodePrettily());
      vertx.close();
      return 0;
    }
    // Before the deployment: a SIGTERM while the index is built stops cleanly too.
    stopOnSignal(vertx, config.getLong("shutdownGraceSeconds", VerticleConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS));
    try {
      deploy(vertx, config).await();
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      err.println(message.startsWith("vertx-assets:") ? message : "vertx-assets: " + message);
      vertx.close();
      return e instanceof IllegalArgumentException ? 2 : 1;
    }
    return 0;
  }

  /**
   * Returns a future of the merged configuration of a command (with {@code instances} and
   * {@code conf}), checked: it fails with a message naming the setting when one is wrong.
   */
  static Future<JsonObject> configuration(Vertx vertx, ServerSettings.Command command, Map<String, String> env,
      Map<String, String> sys) {
    return ServerSettings.load(vertx, command, env, sys).map(config -> {
      if (config.getJsonArray("roots", new JsonArray()).isEmpty()) {
        throw new IllegalArgumentException("serve needs at least one directory, as in: serve examples/site"
            + " (or \"roots\" in --conf, or " + ServerSettings.ENV_PREFIX + "ROOTS)");
      }
      VerticleConfig.of(ServerSettings.verticleConfig(config));
      ServerSettings.instances(config);
      return config;
    });
  }

  /** Returns a future of the deployment of {@link AssetsVerticle} for a merged configuration. */
  static Future<String> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(AssetsVerticle.class, new DeploymentOptions()
        .setConfig(ServerSettings.verticleConfig(config))
        .setInstances(ServerSettings.instances(config)));
  }

  /**
   * Makes SIGTERM and SIGINT stop the server gracefully (no new connections, responses in flight
   * end within the grace period) and exit with status 0, as a process manager expects.
   */
  private static void stopOnSignal(Vertx vertx, long graceSeconds) {
    BooleanSupplier stop = () -> {
      try {
        vertx.close().await(graceSeconds + 5, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        System.err.println("vertx-assets: the graceful stop did not end well: " + e);
        return false;
      }
    };
    try {
      for (String name : List.of("TERM", "INT")) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(() -> {
          System.exit(stop.getAsBoolean() ? 0 : 1);
        }, "vertx-assets-stop").start());
      }
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      // No signal handling here (another JVM): a shutdown hook still stops gracefully.
      Runtime.getRuntime().addShutdownHook(new Thread(stop::getAsBoolean, "vertx-assets-shutdown"));
    }
  }

  /** Returns {@code message} with the flag and environment variable of the setting it names. */
  static String withFlag(String message) {
    for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
      if (message.startsWith(s.key() + " ") || message.contains("'" + s.key() + "'")
          || message.startsWith(s.key() + ":")) {
        return message + " (set by " + s.flag() + " or " + s.env() + ")";
      }
    }
    return message;
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> sys = new HashMap<>();
    System.getProperties().forEach((k, v) -> sys.put(String.valueOf(k), String.valueOf(v)));
    return sys;
  }
}
