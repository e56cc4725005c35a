package org.vertxassets.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vertxassets.impl.codec.Compressor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code compress DIR} command: precompresses a tree in place with {@link TreeCompressor}, with
 * a progress line on a terminal and a summary at the end.
 */
@Command(name = "compress", sortOptions = false,
    header = "Write .br, .zst and .gz variants next to the files of DIR",
    description = {
        "Writes DIR/**/name.br, name.zst and name.gz next to every compressible file of DIR, in place."
            + " A variant is kept only when it is at most --max-ratio of its file's size, and gets the file's"
            + " modification time. Already-compressed formats (png, jpg, webp, woff2, zip, mp4, pdf, ...),"
            + " hidden files and folders are left alone. Runs again only on what changed: what it made is"
            + " recorded in the file .vertx-assets-compress of DIR (delete it to redo everything).",
        ""},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "1:a file could not be read or written", "2:wrong arguments"})
public final class CompressCommand implements Callable<Integer> {

  private static final String NAME = "vertx-assets compress";

  @Parameters(paramLabel = "DIR", description = "the directory whose files to compress")
  String dir;

  @Option(names = "--threads", paramLabel = "N",
      description = "worker threads (default: the number of CPUs, ${DEFAULT-VALUE} here)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--brotli-quality", paramLabel = "Q",
      description = "brotli quality, 0-11 (default: ${DEFAULT-VALUE})")
  int brotli = Compressor.Settings.DEFAULTS.brotliQuality();

  @Option(names = "--zstd-level", paramLabel = "L", description = "zstd level, 1-22 (default: ${DEFAULT-VALUE})")
  int zstd = Compressor.Settings.DEFAULTS.zstdLevel();

  @Option(names = "--gzip-level", paramLabel = "L", description = "gzip level, 1-9 (default: ${DEFAULT-VALUE})")
  int gzip = Compressor.Settings.DEFAULTS.gzipLevel();

  @Option(names = "--max-ratio", paramLabel = "R", description = "keep a variant only if at most R times its"
      + " file's size, 0 < R <= 1 (default: ${DEFAULT-VALUE})")
  double maxRatio = Compressor.Settings.DEFAULTS.maxRatio();

  @Option(names = "--previous", paramLabel = "PREV", description = {"the previous release's output (another"
      + " bundler's, such as Vite's last dist): each hashed script, stylesheet, WebAssembly or JSON file of DIR"
      + " gets dcb and dcz deltas (RFC 9842) against its earlier versions there, the files of the same folder"
      + " whose names differ only by the hash. A tree that build wrote has them without it"})
  String previous;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  @Spec
  CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  private CompressCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
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
    return commandLine(out, err).execute(args);
  }

  /** Returns the command line of {@code compress}, printing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return CommandLines.configure(new CommandLine(new CompressCommand(out, err)), NAME, out, err);
  }

  /** Compresses {@code dir} with the default settings, as {@code compress [--quiet] DIR} does. */
  static int compress(String dir, boolean quiet, PrintStream out, PrintStream err) {
    CompressCommand command = new CompressCommand(out, err);
    command.dir = dir;
    command.quiet = quiet;
    return command.call();
  }

  /** Compresses; returns the exit status. Blocks until the tree is done. */
  @Override
  public Integer call() {
    checkRange("--threads", threads, 1, 1024);
    checkRange("--brotli-quality", brotli, 0, 11);
    checkRange("--zstd-level", zstd, 1, 22);
    checkRange("--gzip-level", gzip, 1, 9);
    if (!(maxRatio > 0 && maxRatio <= 1)) {
      throw usage("--max-ratio must be a number greater than 0 and at most 1, as 0.95, not " + maxRatio);
    }
    try {
      checkDirectory(dir);
      if (previous != null) {
        checkPrevious(previous, dir);
      }
    } catch (IllegalArgumentException e) {
      err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    TreeCompressor compressor = new TreeCompressor(new Compressor.Settings(brotli, zstd, gzip, maxRatio), threads);
    if (previous != null) {
      compressor = compressor.previous(Path.of(previous));
    }
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

  private void checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw usage(option + " must be a whole number from " + min + " to " + max + ", not " + value);
    }
  }

  /** Returns a wrong argument, reported as the command line reports its own (one line, exit 2). */
  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
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
    if (s.dcb().files() + s.dcz().files() > 0) {
      row(sb, "dcb", s.dcb());
      row(sb, "dcz", s.dcz());
    }
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

  /** Checks that PREV is a directory other than DIR; the message names the option and the fix. */
  private static void checkPrevious(String previous, String dir) {
    Path path;
    try {
      path = Path.of(previous);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("--previous '" + previous + "' is not a valid path: " + e.getReason());
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("--previous '" + previous + "' is not a directory; give the output folder"
          + " of the previous release, kept aside before this build (as dist-previous)");
    }
    if (path.toAbsolutePath().normalize().equals(Path.of(dir).toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--previous '" + previous + "' is DIR itself; give the previous release's"
          + " output, kept aside before this build");
    }
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
