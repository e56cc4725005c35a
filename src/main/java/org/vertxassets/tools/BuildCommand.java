package org.vertxassets.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vertxassets.impl.codec.Manifest;

/**
 * The {@code build SRC OUT} command: runs {@link AssetBuilder#build} and reports on it. Warnings
 * and errors go to standard error, one line each; the summary to standard output; progress to
 * standard error, only on a terminal.
 */
public final class BuildCommand {

  static final String USAGE = """
      Usage: build [--no-unhashed] [--strict] [--no-compress] [--quiet] SRC OUT

      Copies the files of SRC into OUT, each under a name that carries the hash of its content
      (css/app.css -> css/app.3f2a9c1b7e4d.css) and under its own name, rewrites the references
      of CSS (url(), @import) and the sourceMappingURL of CSS and JS to the hashed names, and
      writes OUT/manifest.json, then precompresses OUT as compress does (.br, .zst, .gz).
      Dotfiles and dot-folders are skipped. OUT may exist: the files of the previous build that
      this one does not write are deleted; other files are left alone.

        --no-unhashed  write only the hashed names
        --strict       fail, writing nothing, when a reference names no file of SRC or is part
                       of a cycle (without it: a warning, and the reference is left as written)
        --no-compress  do not precompress OUT
        --quiet        print warnings and errors only
        -h, --help     print this help

      Exit status: 0 built, 1 the build failed (or --strict found a reference to fix),
      2 wrong arguments.""";

  private static final String PREFIX = "vertx-assets build: ";

  private BuildCommand() {
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

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.console() != null);
  }

  /** Runs the command; {@code terminal} says whether progress may be shown on {@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    boolean quiet = false;
    boolean keepUnhashed = true;
    boolean strict = false;
    boolean compress = true;
    List<String> operands = new ArrayList<>();
    boolean options = true;
    for (String arg : args) {
      if (options && (arg.equals("-h") || arg.equals("--help"))) {
        out.println(USAGE);
        return 0;
      } else if (options && arg.equals("--")) {
        options = false;
      } else if (options && arg.equals("--quiet")) {
        quiet = true;
      } else if (options && arg.equals("--no-unhashed")) {
        keepUnhashed = false;
      } else if (options && arg.equals("--strict")) {
        strict = true;
      } else if (options && arg.equals("--no-compress")) {
        compress = false;
      } else if (options && arg.startsWith("-") && arg.length() > 1) {
        err.println(PREFIX + "unknown option '" + arg + "'; the options are --no-unhashed, --strict,"
            + " --no-compress, --quiet and --help");
        return 2;
      } else {
        operands.add(arg);
      }
    }
    if (operands.size() != 2) {
      err.println(PREFIX + (operands.size() < 2 ? "SRC and OUT are needed" : "one SRC and one OUT only, not "
          + operands.size() + " paths") + ", as in: build src/main/webroot target/webroot (see --help)");
      return 2;
    }
    Path src;
    Path target;
    try {
      src = Path.of(operands.get(0));
      target = Path.of(operands.get(1));
    } catch (InvalidPathException e) {
      err.println(PREFIX + "'" + e.getInput() + "' is not a path (" + e.getReason() + "); check SRC and OUT");
      return 2;
    }
    ProgressLine progress = terminal && !quiet ? new ProgressLine(err) : null;
    AssetBuilder.Summary summary;
    try {
      summary = AssetBuilder.build(src, target, new AssetBuilder.Options(keepUnhashed, strict),
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
    if (!compress) {
      return 0;
    }
    // The same precompression as compress OUT, its progress and summary included.
    // An absolute path: an OUT named like an option (-out) is not read as one.
    String dir = target.toAbsolutePath().toString();
    return quiet ? CompressCommand.run(new String[] {"--quiet", dir}, out, err)
        : CompressCommand.run(new String[] {dir}, out, err);
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
