package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line of the executable jar: {@code java -jar vertx-assets.jar serve DIR...}. */
public final class Cli {

  static final String USAGE = String.join("\n",
      "Usage: java -jar vertx-assets.jar serve [options] DIR...",
      "",
      "Serves the files under each DIR (the first DIR that has a path wins) over HTTP.",
      "",
      "Options:",
      "  --host HOST      address to listen on (default 0.0.0.0)",
      "  --port PORT      port to listen on, 0 for any free one (default 8080)",
      "  --prefix PREFIX  URL path the files are served under (default /)",
      "  --memory-max-file-size BYTES",
      "                   largest file held in memory, 0 for none (default " + AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE + ")",
      "  --memory-budget BYTES",
      "                   bytes of files held in memory in all (default " + AssetsOptions.DEFAULT_MEMORY_BUDGET + ")",
      "  --open-file-limit N",
      "                   files kept open between requests, 0 for none (default " + AssetsOptions.DEFAULT_OPEN_FILE_LIMIT + ")",
      "  -h, --help       print this help");

  /** What {@code serve} was asked to do. */
  record ServeCommand(String host, int port, String prefix, List<String> directories, long memoryMaxFileSize,
      long memoryBudget, int openFileLimit) {

    /** A command with the default memory and open-file settings. */
    ServeCommand(String host, int port, String prefix, List<String> directories) {
      this(host, port, prefix, directories, AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE,
          AssetsOptions.DEFAULT_MEMORY_BUDGET, AssetsOptions.DEFAULT_OPEN_FILE_LIMIT);
    }

    /** Returns the index options of this command. */
    AssetsOptions options() {
      AssetsOptions options = new AssetsOptions()
          .setMemoryMaxFileSize(memoryMaxFileSize)
          .setMemoryBudget(memoryBudget)
          .setOpenFileLimit(openFileLimit);
      directories.forEach(options::addRoot);
      return options;
    }
  }

  private Cli() {
  }

  /** Runs the command line; exits with its status when that is not 0 (a server keeps running). */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Returns the exit status of a command line: 0 when done (for {@code serve}: when the server
   * listens), 1 when the work failed, 2 when the arguments were wrong.
   */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      out.println(USAGE);
      return 0;
    }
    if (!args[0].equals("serve")) {
      err.println("vertx-assets: unknown command '" + args[0] + "'; the command is 'serve' (see --help)");
      return 2;
    }
    ServeCommand command;
    try {
      command = parseServe(List.of(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      err.println("vertx-assets: " + e.getMessage());
      return 2;
    }
    if (command == null) {
      out.println(USAGE);
      return 0;
    }
    // The native transport (epoll on Linux) when the jar has it; -Dvertxassets.nativeTransport=false for NIO.
    boolean nativeTransport = !"false".equals(System.getProperty("vertxassets.nativeTransport"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    try {
      serve(vertx, command, out).await();
    } catch (Exception e) {
      err.println("vertx-assets: " + e.getMessage());
      vertx.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // The JVM is going away; nothing to report to.
      }
    }, "vertx-assets-shutdown"));
    return 0;
  }

  /**
   * Returns the parsed {@code serve} arguments, or null when help was asked for.
   *
   * @throws IllegalArgumentException with a one-line message for a wrong argument
   */
  static ServeCommand parseServe(List<String> args) {
    String host = "0.0.0.0";
    int port = 8080;
    String prefix = "/";
    long memoryMaxFileSize = AssetsOptions.DEFAULT_MEMORY_MAX_FILE_SIZE;
    long memoryBudget = AssetsOptions.DEFAULT_MEMORY_BUDGET;
    long openFileLimit = AssetsOptions.DEFAULT_OPEN_FILE_LIMIT;
    List<String> directories = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> {
          return null;
        }
        case "--host" -> host = value(args, ++i, arg);
        case "--port" -> port = port(value(args, ++i, arg));
        case "--prefix" -> prefix = value(args, ++i, arg);
        case "--memory-max-file-size" -> memoryMaxFileSize = count(value(args, ++i, arg), arg, Integer.MAX_VALUE - 8);
        case "--memory-budget" -> memoryBudget = count(value(args, ++i, arg), arg, Long.MAX_VALUE);
        case "--open-file-limit" -> openFileLimit = count(value(args, ++i, arg), arg, Integer.MAX_VALUE);
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option '" + arg + "' (see --help)");
          }
          if (!Files.isDirectory(Path.of(arg))) {
            throw new IllegalArgumentException("'" + arg + "' is not a directory");
          }
          directories.add(arg);
        }
      }
    }
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("serve needs at least one directory, as in: serve examples/site");
    }
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("--prefix must start with '/', got '" + prefix + "'");
    }
    return new ServeCommand(host, port, prefix.endsWith("/") ? prefix : prefix + "/", List.copyOf(directories),
        memoryMaxFileSize, memoryBudget, (int) openFileLimit);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value (see --help)");
    }
    return args.get(i);
  }

  private static long count(String value, String option, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below, with the value.
    }
    throw new IllegalArgumentException(option + " must be a whole number from 0 to " + max + ", got '" + value + "'");
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // Reported below, with the value.
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + value + "'");
  }

  /**
   * Returns a future of a server for {@code command}, listening once the index is built off the
   * event loop; prints one line with what it serves.
   */
  static Future<HttpServer> serve(Vertx vertx, ServeCommand command, PrintStream out) {
    return AssetIndex.build(vertx, command.options()).compose(index -> {
      Router router = Router.router(vertx);
      router.route(command.prefix() + "*").handler(AssetsHandler.create(index));
      // Server compression stays off: a precompressed variant must never be compressed again.
      HttpServerOptions serverOptions = new HttpServerOptions()
          .setHost(command.host())
          .setPort(command.port())
          .setCompressionSupported(false);
      return vertx.createHttpServer(serverOptions).requestHandler(router).listen().onSuccess(server -> {
        String host = command.host().equals("0.0.0.0") || command.host().equals("::") ? "localhost" : command.host();
        out.printf("vertx-assets: serving %d files (%d variants, %d bytes, %d in memory) from %s at http://%s:%d%s"
                + " (index built in %d ms, %s transport)%n", index.assetCount(), index.variantCount(),
            index.totalBytes(), index.memoryBytes(), String.join(", ", command.directories()), host,
            server.actualPort(), command.prefix(), index.buildTime().toMillis(),
            vertx.isNativeTransportEnabled() ? "native" : "NIO");
      });
    });
  }
}
