package org.vertxassets.server;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code serve} command: its options are made from {@link ServerSettings#SETTINGS}, the one
 * table of the settings (flag, environment variable, system property, JSON key, default, help),
 * rather than declared again as annotated fields; picocli parses them and prints the help.
 */
final class ServeCommand implements Callable<Integer> {

  private static final String PRINT_CONFIG = "--print-config";

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Map<String, String> sys;

  /** Creates the command, printing to {@code out} and {@code err}, with this environment and these properties. */
  ServeCommand(PrintStream out, PrintStream err, Map<String, String> env, Map<String, String> sys) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.sys = sys;
    spec.name("serve");
    spec.usageMessage()
        .header("Serve the files of DIR over HTTP/1.1 and HTTP/2")
        .description(
            "The first DIR that has a path wins; a DIR written classpath:webroot serves the resources of the"
                + " application's jar.",
            "Each option may also come from a config file (--conf), an environment variable (as listed) or a"
                + " system property (-Dvertxassets.port for --port); the later in this list wins:"
                + " file < env < -D < flag.",
            "")
        .abbreviateSynopsis(true)
        .sortOptions(false)
        // The lines of each option's help, and its default and environment variable, fit in 100 columns.
        .width(100)
        .longOptionsMaxWidth(32)
        .exitCodeListHeading("%nExit status:%n")
        .exitCodeList(exitCodes());
    for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
      String[] help = {s.help(), "default: " + s.defaultText() + "; env " + s.env()};
      if (s.kind() == ServerSettings.Kind.PATHS) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel(s.label()).index("0..*").arity("0..*")
            .type(String[].class).description(help).build());
      } else if (s.kind() == ServerSettings.Kind.FLAG) {
        // A flag alone means true; --dev=false (or --dev false) sets false over a file or the environment.
        spec.addOption(OptionSpec.builder(s.flag()).paramLabel("true|false").arity("0..1").type(boolean.class)
            .description(help).build());
      } else {
        spec.addOption(OptionSpec.builder(s.flag()).paramLabel(s.label()).type(String.class).description(help)
            .build());
      }
    }
    spec.addOption(OptionSpec.builder(PRINT_CONFIG).description("print the merged configuration as JSON and exit")
        .build());
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this help and exit").build());
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "stopped by SIGTERM or SIGINT, gracefully (or --print-config done)");
    codes.put("1", "the server could not start (a port in use)");
    codes.put("2", "wrong arguments or configuration");
    return codes;
  }

  /** Returns the picocli model of the command, whose user object this is. */
  CommandSpec spec() {
    return spec;
  }

  /** Returns the settings a parsed command line gives, with this command's environment and properties. */
  private ServerSettings.Given given(ParseResult parsed) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      if (!option.usageHelp() && !option.longestName().equals(PRINT_CONFIG)) {
        flags.put(option.longestName(), String.valueOf((Object) option.getValue()));
      }
    }
    String[] dirs = parsed.matchedPositionalValue(0, new String[0]);
    return new ServerSettings.Given(flags, List.of(dirs), env, sys);
  }

  /**
   * Returns the settings {@code serve args} gives with this environment and these properties.
   *
   * @throws CommandLine.ParameterException for a wrong argument
   */
  static ServerSettings.Given given(List<String> args, Map<String, String> env, Map<String, String> sys) {
    ServeCommand command = new ServeCommand(System.out, System.err, env, sys);
    return command.given(new CommandLine(command.spec).parseArgs(args.toArray(String[]::new)));
  }

  /**
   * Serves: returns 0 once the server listens (it stops, with status 0, on SIGTERM or SIGINT) or
   * the configuration is printed, 1 when the server could not start, 2 when a setting is wrong.
   * Blocks until the server listens.
   */
  @Override
  public Integer call() {
    ParseResult parsed = spec.commandLine().getParseResult();
    // The native transport (epoll on Linux) when the jar has it; -Dvertxassets.nativeTransport=false for NIO.
    boolean nativeTransport = !"false".equals(sys.get("vertxassets.nativeTransport"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    ServeConfig config;
    try {
      config = ServeConfig.load(vertx, given(parsed)).await();
    } catch (Exception e) {
      err.println("vertx-assets: " + e.getMessage());
      vertx.close();
      return 2;
    }
    if (parsed.hasMatchedOption(PRINT_CONFIG)) {
      out.println(config.json().encodePrettily());
      vertx.close();
      return 0;
    }
    if (config.vertxMetrics()) {
      // Vert.x's own metrics are chosen when an instance is created: the one that read the
      // configuration makes way for one that has them.
      vertx.close();
      vertx = ServerMetrics.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    }
    // Before the deployment: a SIGTERM while the index is built stops cleanly too.
    stopOnSignal(vertx, config.verticle().shutdownGraceSeconds());
    try {
      config.deploy(vertx).await();
    } catch (Exception e) {
      err.println(config.failure(e));
      vertx.close();
      return e instanceof IllegalArgumentException ? 2 : 1;
    }
    return 0;
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
}
