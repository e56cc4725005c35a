package org.vertxassets.server;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vertxassets.tools.BuildCommand;
import org.vertxassets.tools.CommandLines;
import org.vertxassets.tools.CompressCommand;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line of the executable jar: {@code java -jar vertx-assets.jar serve DIR...}, which
 * deploys {@link AssetsVerticle} with the settings of {@link ServerSettings}, and the build
 * tools {@code build} and {@code compress}.
 */
@Command(name = "vertx-assets", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {"Serves static files as a CDN origin would, and prepares them: content-hashed names,"
        + " precompressed variants.", ""},
    commandListHeading = "%nCommands:%n",
    footer = {"%nRun vertx-assets COMMAND --help for the options of a command."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done (serve: stopped by SIGTERM or SIGINT)", "1:the server could not start; the build or"
        + " the compression failed", "2:wrong arguments or configuration"})
public final class Cli implements Callable<Integer> {

  @Spec
  CommandSpec spec;

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
   * 2 when the arguments or the configuration are wrong; {@code build} and {@code compress} as
   * theirs say.
   */
  public static int run(String[] args) {
    Map<String, String> sys = new HashMap<>();
    System.getProperties().forEach((k, v) -> sys.put(String.valueOf(k), String.valueOf(v)));
    return run(args, System.out, System.err, System.getenv(), sys);
  }

  /** As {@link #run(String[])}, printing to {@code out} and {@code err}, with this environment and these properties. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Map<String, String> sys) {
    // Each subcommand is configured before it is added, with its own prefix for errors: picocli's
    // setters reach only the subcommands present when they are called.
    CommandLine cli = CommandLines.configure(new CommandLine(new Cli()), "vertx-assets", out, err);
    cli.addSubcommand("serve", CommandLines.configure(new CommandLine(new ServeCommand(out, err, env, sys).spec()),
        "vertx-assets", out, err));
    cli.addSubcommand("build", BuildCommand.commandLine(out, err));
    cli.addSubcommand("compress", CompressCommand.commandLine(out, err));
    cli.addSubcommand("help", CommandLines.configure(new CommandLine(new HelpCommand()), "vertx-assets", out, err));
    cli.addSubcommand("generate-completion",
        CommandLines.configure(new CommandLine(new GenerateCompletion()), "vertx-assets", out, err));
    return cli.execute(args);
  }

  /** No command: the usage, on standard error, and status 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The version of the jar, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"vertx-assets " + (version != null ? version : "(version unknown: not run from its jar)")};
    }
  }
}
