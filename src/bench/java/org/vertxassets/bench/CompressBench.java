package org.vertxassets.bench;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.vertxassets.impl.codec.Codecs;

/**
 * Times {@code compress} against WhiteNoise's compressor on copies of one or more trees, each tool
 * a fresh process as a user runs it, and prints a markdown table per tree: median wall time over
 * alternating rounds, CPU time, and the bytes of the {@code .br}, {@code .gz} and {@code .zst}
 * variants. bench/compress.sh builds the jar, assembles the trees and runs this:
 * {@code java -cp target/vertx-assets.jar org.vertxassets.bench.CompressBench TREES WORK OUT [ROUNDS] [ABOUT]},
 * TREES being {@code NAME=DIR} pairs separated by commas ({@code large=/w/fixture,small=/w/fixture-small};
 * a bare {@code DIR} is named after its folder). Each round runs every tree.
 * Extra rows of compress with other flags: {@code -Dvariants="zstd 17=--zstd-level 17;1 thread=--threads 1"}.
 * Before each run it waits (at most {@code -Dsettle.max} s) until the machine is quiet, and it runs
 * again (up to {@code -Dattempts} times) a round in which other processes used more than
 * {@code -Dforeign.max}% of a CPU.
 */
public final class CompressBench {

  private static final double FOREIGN_MAX = Double.parseDouble(System.getProperty("foreign.max", "10"));
  private static final int ATTEMPTS = Integer.getInteger("attempts", 3);

  /** One command under test; {@code {dir}} in its arguments is replaced by the tree to compress. */
  private record Tool(String label, List<String> command) {
  }

  /** One timed run: wall, user and system seconds, CPU other processes used meanwhile (% of one CPU). */
  private record Run(double wall, double user, double sys, double foreignPct) {
    double cpu() {
      return user + sys;
    }
  }

  /** The variants a run left: bytes and files per suffix. */
  private record Variants(long br, long gz, long zst, int files) {
  }

  /** A tree to compress, with what was measured on it: runs and variants per tool label. */
  private record Tree(String name, Path dir, Map<String, List<Run>> runs, Map<String, Variants> variants) {
  }

  private CompressBench() {
  }

  public static void main(String[] args) throws Exception {
    List<Tree> trees = new ArrayList<>();
    for (String t : args[0].split(",")) {
      int eq = t.indexOf('=');
      Path dir = Path.of(eq < 0 ? t : t.substring(eq + 1));
      trees.add(new Tree(eq < 0 ? dir.getFileName().toString() : t.substring(0, eq), dir, new LinkedHashMap<>(),
          new LinkedHashMap<>()));
    }
    Path work = Path.of(args[1]);
    Path out = Path.of(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String about = args.length > 4 ? args[4] : "";
    List<Tool> tools = tools();
    List<String> disturbed = new ArrayList<>();
    trees.forEach(tree -> tools.forEach(t -> tree.runs().put(t.label(), new ArrayList<>())));
    int copies = 0;
    for (int r = 0; r < rounds; r++) {
      for (Tree tree : trees) {
        for (int k = 0; k < tools.size(); k++) {
          Tool tool = tools.get((k + r) % tools.size()); // the order rotates each round
          Run run = null;
          for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // A fresh copy each time, so that incremental mode has nothing to skip. Copies are only
            // deleted by the script after the run: ext4 scans past recently deleted inodes when it
            // creates files, which would slow down whichever tool runs after a deletion.
            Path copy = work.resolve("run-" + copies++);
            copy(tree.dir(), copy);
            exec(List.of("sync"));
            QuietMachine.settle(CompressBench::log);
            run = time(tool, copy);
            log(String.format(Locale.ROOT, "round %d/%d, %s tree, %s: %.2f s wall, %.2f s user, %.2f s system,"
                + " others %.0f%% of a CPU", r + 1, rounds, tree.name(), tool.label(), run.wall(), run.user(),
                run.sys(), run.foreignPct()));
            if (!tree.variants().containsKey(tool.label())) {
              tree.variants().put(tool.label(), check(copy));
            }
            if (run.foreignPct() <= FOREIGN_MAX) {
              break;
            }
            if (attempt == ATTEMPTS) {
              disturbed.add(String.format(Locale.ROOT, "round %d, %s tree, %s: other processes used %.0f%% of a CPU",
                  r + 1, tree.name(), tool.label(), run.foreignPct()));
            }
          }
          tree.runs().get(tool.label()).add(run);
        }
      }
    }
    StringBuilder report = new StringBuilder("### compress vs WhiteNoise\n\n");
    if (!about.isBlank()) {
      report.append(about).append("\n\n");
    }
    for (Tree tree : trees) {
      report.append(report(tools, tree, rounds));
    }
    report.append("wall: from start to exit of the process (JVM start-up included). × WhiteNoise: the ratio of the "
        + "medians; same round: the median of the ratios of runs a minute apart, which the drift of a shared "
        + "machine's speed affects less. CPU: user + system of the process, all threads. Every variant was "
        + "checked to decode to its original.\n");
    if (disturbed.isEmpty()) {
      report.append(String.format(Locale.ROOT, "%nNo run was disturbed: other processes used at most %.0f%% of a CPU "
          + "during each.%n", FOREIGN_MAX));
    } else {
      report.append(String.format(Locale.ROOT, "%nRuns disturbed by other processes (kept after %d attempts):%n%n",
          ATTEMPTS));
      disturbed.forEach(d -> report.append("- ").append(d).append('\n'));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.print(report);
  }

  private static List<Tool> tools() {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    List<Tool> tools = new ArrayList<>();
    tools.add(new Tool("vertx-assets compress", List.of(java, "-cp", cp, "org.vertxassets.tools.CompressCommand",
        "--quiet", "{dir}")));
    for (String v : System.getProperty("variants", "").split(";")) {
      if (v.isBlank()) {
        continue;
      }
      String[] kv = v.split("=", 2);
      List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, "org.vertxassets.tools.CompressCommand", "--quiet"));
      cmd.addAll(Arrays.asList(kv[1].trim().split("\\s+")));
      cmd.add("{dir}");
      tools.add(new Tool("vertx-assets compress (" + kv[0].trim() + ")", cmd));
    }
    tools.add(new Tool("WhiteNoise", List.of("/usr/bin/python3", "-m", "whitenoise.compress", "-q", "{dir}")));
    return tools;
  }

  /** Runs a tool under GNU time and returns its wall time, its CPU time and the others' CPU meanwhile. */
  private static Run time(Tool tool, Path tree) throws IOException, InterruptedException {
    Path times = tree.resolveSibling(tree.getFileName() + ".time");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
    tool.command().forEach(a -> cmd.add(a.replace("{dir}", tree.toString())));
    long busy0 = QuietMachine.busyTicks();
    long t0 = System.nanoTime();
    exec(cmd);
    double wall = (System.nanoTime() - t0) / 1e9;
    long busy1 = QuietMachine.busyTicks();
    String[] us = Files.readString(times).trim().split("\\s+");
    double user = Double.parseDouble(us[us.length - 2]);
    double sys = Double.parseDouble(us[us.length - 1]);
    double foreign = Math.max(0, (busy1 - busy0) / QuietMachine.TICKS_PER_SECOND - user - sys);
    return new Run(wall, user, sys, 100 * foreign / wall);
  }

  /** Returns the variants of a tree after checking that each decodes to its original. */
  private static Variants check(Path tree) throws IOException {
    com.aayushatharva.brotli4j.Brotli4jLoader.ensureAvailability();
    long br = 0;
    long gz = 0;
    long zst = 0;
    int files = 0;
    List<Path> all;
    try (Stream<Path> s = Files.walk(tree)) {
      all = s.filter(Files::isRegularFile).toList();
    }
    for (Path p : all) {
      String name = p.getFileName().toString();
      int dot = name.lastIndexOf('.');
      Path original = dot < 0 ? null : p.resolveSibling(name.substring(0, dot));
      if (original == null || !Files.isRegularFile(original)) {
        continue;
      }
      byte[] v = Files.readAllBytes(p);
      byte[] expected = Files.readAllBytes(original);
      byte[] decoded;
      switch (name.substring(dot + 1)) {
        case "br" -> {
          decoded = com.aayushatharva.brotli4j.decoder.Decoder.decompress(v).getDecompressedData();
          br += v.length;
        }
        case "gz" -> {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(v))) {
            decoded = in.readAllBytes();
          }
          gz += v.length;
        }
        case "zst" -> {
          decoded = Zstd.decompress(v, expected.length);
          zst += v.length;
        }
        default -> {
          continue;
        }
      }
      if (!Arrays.equals(expected, decoded)) {
        throw new IllegalStateException(p + " does not decode to " + original);
      }
      files++;
    }
    return new Variants(br, gz, zst, files);
  }

  /** Returns the heading, the table and the goal line of one tree. */
  private static String report(List<Tool> tools, Tree tree, int rounds) throws IOException {
    Map<String, List<Run>> runs = tree.runs();
    Map<String, Variants> variants = tree.variants();
    long[] sizes = fixtureSize(tree.dir());
    double base = median(runs.get("WhiteNoise").stream().mapToDouble(Run::wall).toArray());
    Variants wn = variants.get("WhiteNoise");
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "#### The %s tree%n%n", tree.name()));
    sb.append(String.format(Locale.ROOT, "Fixture: %d files, %.2f MB, of which %d compressible files, %.2f MB; "
        + "the largest %.2f MB. %d rounds, the order of the tools rotating each round; a fresh copy of the tree for "
        + "every run.%n%n", sizes[0], sizes[1] / 1e6, sizes[2], sizes[3] / 1e6, sizes[4] / 1e6, rounds));
    sb.append("| tool | wall s (median) | rounds min–max | × WhiteNoise | × WhiteNoise, same round (median) "
        + "| CPU s (median) | of which system | .br bytes | .gz bytes | .zst bytes | variants |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Tool t : tools) {
      double[] w = runs.get(t.label()).stream().mapToDouble(Run::wall).sorted().toArray();
      double cpu = median(runs.get(t.label()).stream().mapToDouble(Run::cpu).toArray());
      double sys = median(runs.get(t.label()).stream().mapToDouble(Run::sys).toArray());
      Variants v = variants.get(t.label());
      List<Run> own = runs.get(t.label());
      List<Run> wnRuns = runs.get("WhiteNoise");
      double paired = median(IntStream.range(0, own.size())
          .mapToDouble(i -> wnRuns.get(i).wall() / own.get(i).wall()).toArray());
      sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.2f | %.2f | %.2f | %.2f | %,d | %,d | %s | %d |%n",
          t.label(), median(w), w[0], w[w.length - 1], base / median(w), paired, cpu, sys, v.br(), v.gz(),
          v.zst() == 0 ? "—" : String.format(Locale.ROOT, "%,d", v.zst()), v.files()));
    }
    Variants ours = variants.get(tools.get(0).label());
    double speedup = base / median(runs.get(tools.get(0).label()).stream().mapToDouble(Run::wall).toArray());
    boolean met = speedup >= 1.5 && ours.br() <= wn.br() && ours.gz() <= wn.gz();
    sb.append(String.format(Locale.ROOT, "%nGoal (≥ 1.5× WhiteNoise, .br and .gz totals no larger): %s — %.2f×, "
        + ".br %,d vs %,d, .gz %,d vs %,d.%n%n", met ? "met" : "not met", speedup, ours.br(), wn.br(), ours.gz(),
        wn.gz()));
    return sb.toString();
  }

  /** Returns the files and bytes of a tree, those of its compressible files, and its largest file's bytes. */
  private static long[] fixtureSize(Path fixture) throws IOException {
    long[] r = new long[5];
    try (Stream<Path> s = Files.walk(fixture)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        long size = Files.size(p);
        r[0]++;
        r[1] += size;
        r[4] = Math.max(r[4], size);
        if (Codecs.isCompressible(p.getFileName().toString())) {
          r[2]++;
          r[3] += size;
        }
      }
    }
    return r;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("exit status " + p.exitValue() + ": " + String.join(" ", cmd));
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void log(String message) {
    System.err.println("[compress-bench] " + message);
  }
}
