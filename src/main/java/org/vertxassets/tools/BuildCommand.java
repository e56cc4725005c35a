package org.vertxassets.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vertxassets.impl.codec.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The {@code build SRC OUT} command: runs {@link AssetBuilder#build} and reports on it. Warnings
 * and errors go to standard error, one line each; the summary to standard output; progress to
 * standard error, only on a terminal.
 */
@Command(name = "build", sortOptions = false,
    header = "Copy SRC to OUT with content-hashed names; precompress it",
    description = {
        "Copies the files of SRC into OUT, each under a name that carries the hash of its content"
            + " (css/app.css -> css/app.3f2a9c1b7e4d.css) and under its own name, rewrites the references"
            + " of CSS (url(), @import), of HTML pages (src, href, srcset, style) and the sourceMappingURL"
            + " of CSS and JS to the hashed names, and writes OUT/manifest.json, then precompresses OUT as"
            + " compress does (.br, .zst, .gz). HTML pages keep their own names only.",
        "Dotfiles and dot-folders are skipped. OUT may exist: the hashed files of the last"
            + " --keep-releases releases stay, the other files of earlier builds are deleted, and files no"
            + " build wrote are left alone.",
        ""},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:built", "1:the build failed (or --strict found a reference to fix)", "2:wrong arguments"})
public final class BuildCommand implements Callable<Integer> {

  private static final String PREFIX = "vertx-assets build: ";

  @Parameters(index = "0", paramLabel = "SRC", description = "the directory of the assets")
  String src;

  @Parameters(index = "1", paramLabel = "OUT", description = "the directory to write; not SRC, inside it or around it")
  String target;

  @Option(names = "--no-unhashed", description = "write only the hashed names")
  boolean noUnhashed;

  @Option(names = "--strict", description = {"fail, writing nothing, when a reference names no file of SRC or is"
      + " part of a cycle (without it: a warning, and the reference is left as written)"})
  boolean strict;

  @Option(names = "--keep-releases", paramLabel = "N", description = {"how many releases OUT keeps the hashed files"
      + " of, this one included (default: ${DEFAULT-VALUE}); 1 keeps this release only. A page of the previous"
      + " release still loads during a deploy, and a file's earlier versions are the dictionaries of its"
      + " dcb and dcz variants"})
  int keepReleases = Releases.DEFAULT_KEEP;

  @Option(names = "--no-compress", description = "do not precompress OUT")
  boolean noCompress;

  @Option(names = "--quiet", description = "print warnings and errors only")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  private BuildCommand(PrintStream out, PrintStream err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** Runs {@code build} with the arguments that follow it and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Returns the exit status of {@code build} with the arguments that follow it: 0 when built, 1
   * when the build failed or {@code --strict} found references it cannot rewrite, 2 when the
   * arguments are wrong (SRC missing, unreadable or not a directory, OUT inside SRC, an unknown
   * option). Blocks until the build is done.
   */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** As {@link #run(String[])}, printing the summary to {@code out}, the rest to {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.console() != null);
  }

  /** Runs the command; {@code terminal} says whether progress may be shown on {@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return commandLine(out, err, terminal).execute(args);
  }

  /**
   * Returns the command line of {@code build}, printing to {@code out} and {@code err}, with
   * progress on {@code err} when it is a terminal.
   */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(out, err, System.console() != null);
  }

  private static CommandLine commandLine(PrintStream out, PrintStream err, boolean terminal) {
    return CommandLines.configure(new CommandLine(new BuildCommand(out, err, terminal)), "vertx-assets build",
        out, err);
  }

  /** Builds; returns the exit status. Blocks until the build and the compression are done. */
  @Override
  public Integer call() {
    Path src;
    Path target;
    try {
      src = Path.of(this.src);
      target = Path.of(this.target);
    } catch (InvalidPathException e) {
      err.println(PREFIX + "'" + e.getInput() + "' is not a path (" + e.getReason() + "); check SRC and OUT");
      return 2;
    }
    ProgressLine progress = terminal && !quiet ? new ProgressLine(err) : null;
    AssetBuilder.Summary summary;
    try {
      if (keepReleases < 1) {
        err.println(PREFIX + "--keep-releases must be 1 or more (1 keeps this release only), got " + keepReleases);
        return 2;
      }
      summary = AssetBuilder.build(src, target, new AssetBuilder.Options(!noUnhashed, strict, keepReleases),
          progress == null ? AssetBuilder.Progress.NONE : progress);
    } catch (IllegalArgumentException e) {
      clear(progress);
      err.println(PREFIX + e.getMessage());
      return 2;
    } catch (BuildException e) {
      clear(progress);
      e.warnings().forEach(w -> err.println("error: " + w));
      String fix = e.warnings().isEmpty() ? "" : "; fix the references above, or build without --strict";
      err.println(PREFIX + e.getMessage() + fix);
      return 1;
    } catch (IOException e) {
      clear(progress);
      err.println(PREFIX + describe(e) + "; OUT may hold part of this build, but its " + Manifest.NAME
          + " is still the previous build's");
      return 1;
    }
    clear(progress);
    summary.warnings().forEach(w -> err.println("warning: " + w));
    if (!quiet) {
      out.println(PREFIX + summary.files() + plural(summary.files(), " file") + ", " + summary.bytes()
          + plural(summary.bytes(), " byte") + " -> " + target + ": "
          + summary.referencesRewritten() + plural(summary.referencesRewritten(), " reference") + " rewritten, "
          + summary.warnings().size() + plural(summary.warnings().size(), " warning") + ", "
          + summary.staleRemoved() + plural(summary.staleRemoved(), " stale file") + " removed, in "
          + summary.elapsed().toMillis() + " ms");
    }
    if (noCompress) {
      return 0;
    }
    // The same precompression as compress OUT, its progress and summary included.
    return CompressCommand.compress(target.toString(), quiet, out, err);
  }

  private static String plural(long n, String noun) {
    return n == 1 ? noun : noun + "s";
  }

  private static void clear(ProgressLine progress) {
    if (progress != null) {
      progress.clear();
    }
  }

  /** Returns an I/O failure as a line: the file and the reason, rather than only a path. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      return f.getFile() + ": " + reason;
    }
    return e.toString();
  }

  /** One line of progress on a terminal, rewritten in place at most ten times a second. */
  private static final class ProgressLine implements AssetBuilder.Progress {

    private final PrintStream err;
    private long shownAt;
    private int width;

    ProgressLine(PrintStream err) {
      this.err = err;
    }

    @Override
    public void update(String phase, int done, int total) {
      long now = System.nanoTime();
      if (done < total && now - shownAt < 100_000_000L) {
        return;
      }
      shownAt = now;
      String line = PREFIX + phase + " " + done + "/" + total;
      err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      err.flush();
    }

    void clear() {
      if (width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
        width = 0;
      }
    }
  }
}
