package org.vertxassets.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.nio.file.FileSystemException;
import org.vertxassets.impl.codec.Compressor;

/**
 * The {@code compress DIR} command: precompresses a tree in place with {@link TreeCompressor}, with
 * a progress line on a terminal and a summary at the end.
 */
public final class CompressCommand {

  private static final String NAME = "vertx-assets compress";

  private static final String USAGE = """
      Usage: compress [options] DIR

      Writes DIR/**/name.br, name.zst and name.gz next to every compressible file of DIR, in place.
      A variant is kept only when it is at most --max-ratio of its file's size, and gets the file's
      modification time. Already-compressed formats (png, jpg, webp, woff2, zip, mp4, pdf, ...),
      hidden files and folders are left alone. Runs again only on what changed: what it made is
      recorded in DIR/.vertx-assets-compress (delete it to redo everything).

      Options:
        --threads N           worker threads (default: the number of CPUs, %d here)
        --brotli-quality Q    brotli quality, 0-11 (default: %d)
        --zstd-level L        zstd level, 1-22 (default: %d)
        --gzip-level L        gzip level, 1-9 (default: %d)
        --max-ratio R         keep a variant only if at most R times its file's size, 0 < R <= 1
                              (default: %s)
        --quiet, -q           print nothing but errors
        --help, -h            print this and exit

      Exit status: 0 done, 1 a file could not be read or written, 2 wrong arguments.""";

  private CompressCommand() {
  }

  /**
   * Runs {@code compress} on its own ({@code java -cp ... org.vertxassets.tools.CompressCommand
   * DIR}) and exits with its status.
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs {@code compress} with these arguments on the standard streams and returns its exit
   * status: 0 when done, 1 when a file could not be read or written, 2 when the arguments are
   * wrong. Blocks until the tree is done.
   */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** As {@link #run(String[])}, printing the summary to {@code out} and errors and progress to {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Compressor.Settings d = Compressor.Settings.DEFAULTS;
    int threads = Runtime.getRuntime().availableProcessors();
    int brotli = d.brotliQuality();
    int zstd = d.zstdLevel();
    int gzip = d.gzipLevel();
    double maxRatio = d.maxRatio();
    boolean quiet = false;
    String dir = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "--help", "-h" -> {
            out.println(usage());
            return 0;
          }
          case "--quiet", "-q" -> quiet = true;
          case "--threads" -> threads = intValue(arg, value != null ? value : next(args, ++i, arg), 1, 1024);
          case "--brotli-quality" -> brotli = intValue(arg, value != null ? value : next(args, ++i, arg), 0, 11);
          case "--zstd-level" -> zstd = intValue(arg, value != null ? value : next(args, ++i, arg), 1, 22);
          case "--gzip-level" -> gzip = intValue(arg, value != null ? value : next(args, ++i, arg), 1, 9);
          case "--max-ratio" -> maxRatio = ratioValue(arg, value != null ? value : next(args, ++i, arg));
          default -> {
            if (arg.startsWith("-") && !arg.equals("-")) {
              throw new IllegalArgumentException("unknown option '" + arg + "'; the options are --threads,"
                  + " --brotli-quality, --zstd-level, --gzip-level, --max-ratio, --quiet, --help");
            }
            if (dir != null) {
              throw new IllegalArgumentException("one DIR only, got '" + dir + "' and '" + arg
                  + "'; run compress once per directory");
            }
            dir = arg;
          }
        }
      }
      if (dir == null) {
        throw new IllegalArgumentException("missing DIR, the directory to compress, as in: compress target/site"
            + " (see --help)");
      }
      checkDirectory(dir);
    } catch (IllegalArgumentException e) {
      err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    TreeCompressor compressor = new TreeCompressor(new Compressor.Settings(brotli, zstd, gzip, maxRatio), threads);
    Progress progress = !quiet && System.console() != null ? new Progress(err) : null;
    TreeCompressor.Summary summary;
    try {
      summary = progress == null
          ? compressor.compressTree(Path.of(dir), total -> { }, file -> { })
          : compressor.compressTree(Path.of(dir), progress::start, file -> progress.fileDone());
    } catch (IOException | RuntimeException e) {
      if (progress != null) {
        progress.end();
      }
      err.println(NAME + ": failed in '" + dir + "': " + describe(e) + "; the files done so far are kept");
      return 1;
    }
    if (progress != null) {
      progress.end();
    }
    if (!quiet) {
      out.print(report(summary, threads));
    }
    return 0;
  }

  /** Returns the usage text, with the defaults. */
  static String usage() {
    Compressor.Settings d = Compressor.Settings.DEFAULTS;
    return String.format(Locale.ROOT, USAGE, Runtime.getRuntime().availableProcessors(), d.brotliQuality(),
        d.zstdLevel(), d.gzipLevel(), d.maxRatio());
  }

  /** Returns the summary of a run: the counts, then bytes before and after per encoding. */
  static String report(TreeCompressor.Summary s, int threads) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d file%s: %d compressed, %d up to date, %d not compressible;"
        + " %.2f s on %d thread%s%n", s.filesSeen(), s.filesSeen() == 1 ? "" : "s", s.filesCompressed(),
        s.filesUpToDate(), s.filesSkipped(), s.elapsed().toNanos() / 1e9, threads, threads == 1 ? "" : "s"));
    sb.append(String.format(Locale.ROOT, "%-9s %7s %15s %15s %7s%n", "encoding", "files", "bytes before",
        "bytes after", "ratio"));
    row(sb, "br", s.brotli());
    row(sb, "zstd", s.zstd());
    row(sb, "gzip", s.gzip());
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, TreeCompressor.Totals t) {
    String ratio = t.originalBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%",
        100.0 * t.variantBytes() / t.originalBytes());
    sb.append(String.format(Locale.ROOT, "%-9s %7d %15d %15d %7s%n", name, t.files(), t.originalBytes(),
        t.variantBytes(), ratio));
  }

  /** Returns an exception as a short sentence: {@code /a/b: access denied}. */
  static String describe(Exception e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String reason = f.getReason() != null ? f.getReason()
          : f.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
              .toLowerCase(Locale.ROOT);
      return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value, as in: " + option + " " + example(option));
    }
    return args[i];
  }

  private static String example(String option) {
    return option.equals("--max-ratio") ? "0.95" : option.equals("--threads") ? "2" : "9";
  }

  private static int intValue(String option, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the range.
    }
    throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
        + ", not '" + value + "'");
  }

  private static double ratioValue(String option, String value) {
    try {
      double v = Double.parseDouble(value.strip());
      if (v > 0 && v <= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the range.
    }
    throw new IllegalArgumentException(option + " must be a number greater than 0 and at most 1, as 0.95,"
        + " not '" + value + "'");
  }

  private static void checkDirectory(String dir) {
    Path path;
    try {
      path = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("DIR '" + dir + "' is not a valid path: " + e.getReason());
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("DIR '" + dir + "' does not exist (" + path.toAbsolutePath()
          + "); give the directory of the files to compress");
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("DIR '" + dir + "' is not a directory; give the directory that holds"
          + " the files, not a file");
    }
    if (!Files.isReadable(path) || !Files.isExecutable(path)) {
      throw new IllegalArgumentException("DIR '" + dir + "' cannot be read; give read permission on it"
          + " (chmod u+rx)");
    }
    if (!Files.isWritable(path)) {
      throw new IllegalArgumentException("DIR '" + dir + "' cannot be written, and the variants go next to"
          + " its files; give write permission on it (chmod u+w) or compress a copy");
    }
  }

  /** The progress line: files done of the total, rewritten in place on a terminal. Thread-safe. */
  private static final class Progress {
    private final PrintStream err;
    private int done;
    private int total;

    Progress(PrintStream err) {
      this.err = err;
    }

    synchronized void start(int total) {
      this.total = total;
      print(0);
    }

    synchronized void fileDone() {
      print(++done);
    }

    private void print(int n) {
      int width = 30;
      int filled = total == 0 ? width : (int) ((long) n * width / total);
      err.print("\rcompress [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + n + "/" + total + " files");
      err.flush();
    }

    synchronized void end() {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
    }
  }
}
