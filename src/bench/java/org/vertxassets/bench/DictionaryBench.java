package org.vertxassets.bench;

import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Deltas;
import org.vertxassets.impl.codec.Encoding;

/**
 * What RFC 9842 deltas save on real version bumps: for each pair of versions of a file, the
 * bytes of the new version as identity, br and zstd (the variants {@code compress} makes, at
 * {@link Compressor.Settings#DEFAULTS}), and as dcb and dcz against the old version (what
 * {@link Compressor#delta} makes at the same levels, headers included), the better delta's share
 * of br, and the time to make each delta (median of ROUNDS runs after one unmeasured run, one
 * thread, after waiting for a quiet machine). Every delta is decoded with the old version as its
 * dictionary and compared with the new bytes before it is counted. bench/dictionaries.sh
 * assembles the pairs and runs this:
 * {@code java -cp target/vertx-assets.jar org.vertxassets.bench.DictionaryBench PAIRS OUT [ROUNDS] [ABOUT]},
 * PAIRS a file of tab-separated lines {@code group kind file old-version new-version old-path new-path}
 * ({@code kind} {@code npm} or {@code vite}; a group is one version bump, whose files are also
 * summed). Prints a markdown table and the medians, and writes them to OUT.
 */
public final class DictionaryBench {


  private static final Compressor COMPRESSOR = new Compressor(Compressor.Settings.DEFAULTS);

  private record Pair(String group, String kind, String file, String oldVersion, String newVersion, byte[] old,
      byte[] current) {
  }

  private record Row(Pair pair, int br, int zstd, int dcb, int dcz, double dcbMs, double dczMs, double brMs) {
    int best() {
      return Math.min(dcb, dcz);
    }
  }

  private DictionaryBench() {
  }

  public static void main(String[] args) throws Exception {
    List<Pair> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      pairs.add(new Pair(f[0], f[1], f[2], f[3], f[4], Files.readAllBytes(Path.of(f[5])), Files.readAllBytes(Path.of(f[6]))));
    }
    Path out = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String about = args.length > 3 ? args[3] : "";

    List<Row> rows = new ArrayList<>();
    for (Pair p : pairs) {
      byte[] br = COMPRESSOR.compress(Encoding.BROTLI, p.current());
      byte[] zstd = COMPRESSOR.compress(Encoding.ZSTD, p.current());
      byte[] dcb = COMPRESSOR.delta(Encoding.DCB, p.current(), p.old());
      byte[] dcz = COMPRESSOR.delta(Encoding.DCZ, p.current(), p.old());
      check(p, dcb, dcz);
      QuietMachine.settle(DictionaryBench::log);
      double dcbMs = time(rounds, () -> COMPRESSOR.delta(Encoding.DCB, p.current(), p.old()));
      double dczMs = time(rounds, () -> COMPRESSOR.delta(Encoding.DCZ, p.current(), p.old()));
      double brMs = time(rounds, () -> COMPRESSOR.compress(Encoding.BROTLI, p.current()));
      Row row = new Row(p, br.length, zstd.length, dcb.length, dcz.length, dcbMs, dczMs, brMs);
      rows.add(row);
      log(String.format(Locale.ROOT, "%s %s→%s: br %d, dcb %d, dcz %d (%.1f%% of br)", p.file(), p.oldVersion(),
          p.newVersion(), row.br(), row.dcb(), row.dcz(), 100.0 * row.best() / row.br()));
    }
    String report = render(rows, rounds, about);
    System.out.print(report);
    Files.writeString(out, report);
  }

  /** Decodes both deltas with the old version as dictionary, as a client does, and fails unless each gives the new bytes. */
  private static void check(Pair p, byte[] dcb, byte[] dcz) throws IOException {
    String sha256 = ContentHash.sha256Hex(p.old());
    for (byte[] delta : List.of(dcb, dcz)) {
      if (!Deltas.readHeader(delta).dictionarySha256().equals(sha256)) {
        throw new IllegalStateException(p.file() + ": the header names another dictionary");
      }
    }
    if (!Arrays.equals(p.current(), unDcb(Arrays.copyOfRange(dcb, 36, dcb.length), p.old()))
        || !Arrays.equals(p.current(), unDcz(Arrays.copyOfRange(dcz, 40, dcz.length), p.old()))) {
      throw new IllegalStateException(p.file() + ": a delta does not decode to the new version");
    }
  }

  private static byte[] unDcz(byte[] frame, byte[] dictionary) {
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      ctx.loadDict(dictionary, ZstdDictContentType.RAW_CONTENT);
      return ctx.decompress(frame, (int) Zstd.getFrameContentSize(frame));
    }
  }

  /** Brotli4j's decoder driven as its Decoder.decompress drives it, with the dictionary attached raw. */
  private static byte[] unDcb(byte[] stream, byte[] dictionary) throws IOException {
    DecoderJNI.Wrapper decoder = new DecoderJNI.Wrapper(Math.max(1, stream.length));
    try {
      ByteBuffer direct = ByteBuffer.allocateDirect(dictionary.length).put(dictionary).flip();
      if (dictionary.length > 0 && !decoder.attachDictionary(direct)) {
        throw new IOException("the dictionary was not attached");
      }
      decoder.getInputBuffer().put(stream);
      decoder.push(stream.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (decoder.getStatus() != DecoderJNI.Status.DONE) {
        switch (decoder.getStatus()) {
          case OK -> decoder.push(0);
          case NEEDS_MORE_OUTPUT -> take(decoder, out);
          case NEEDS_MORE_INPUT -> {
            decoder.push(0);
            if (decoder.getStatus() == DecoderJNI.Status.NEEDS_MORE_INPUT) {
              throw new IOException("truncated");
            }
          }
          default -> throw new IOException("corrupted input");
        }
      }
      while (decoder.hasOutput()) {
        take(decoder, out);
      }
      return out.toByteArray();
    } finally {
      decoder.destroy();
    }
  }

  private static void take(DecoderJNI.Wrapper decoder, ByteArrayOutputStream out) {
    ByteBuffer chunk = decoder.pull();
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    out.writeBytes(bytes);
  }

  /** Returns the median wall time in ms of {@code rounds} calls, after one unmeasured call. */
  private static double time(int rounds, Supplier<byte[]> work) {
    work.get();
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      work.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return median(ms);
  }

  private static String render(List<Row> rows, int rounds, String about) {
    StringBuilder b = new StringBuilder();
    if (!about.isEmpty()) {
      b.append(about).append("\n\n");
    }
    int q = Compressor.Settings.DEFAULTS.brotliQuality();
    int level = Compressor.Settings.DEFAULTS.zstdLevel();
    b.append("| file | old → new | identity | br " + q + " | zstd " + level + " | dcb " + q + " | dcz " + level
        + " | better delta / br | dcb ms | dcz ms | br ms |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Pair p = r.pair();
      b.append(String.format(Locale.ROOT, "| %s `%s` | %s → %s | %,d | %,d | %,d | %,d | %,d | %.1f%% | %.0f | %.0f | %.0f |%n",
          p.group(), p.file(), p.oldVersion(), p.newVersion(), p.current().length, r.br(), r.zstd(), r.dcb(), r.dcz(),
          100.0 * r.best() / r.br(), r.dcbMs(), r.dczMs(), r.brMs()));
    }
    b.append('\n');
    List<Row> npm = rows.stream().filter(r -> r.pair().kind().equals("npm")).toList();
    if (!npm.isEmpty()) {
      double perFile = median(npm.stream().mapToDouble(r -> (double) r.best() / r.br()).toArray());
      Map<String, long[]> bumps = new LinkedHashMap<>();
      for (Row r : npm) {
        long[] sums = bumps.computeIfAbsent(r.pair().group(), g -> new long[2]);
        sums[0] += r.best();
        sums[1] += r.br();
      }
      double perBump = median(bumps.values().stream().mapToDouble(s -> (double) s[0] / s[1]).toArray());
      b.append(String.format(Locale.ROOT, "Better of dcb and dcz as a share of br, median over the %d npm bumps"
          + " (a bump's files summed): **%.1f%%** (target ≤ 30%%); over their %d files: %.1f%%.%n",
          bumps.size(), 100 * perBump, npm.size(), 100 * perFile));
    }
    for (Row r : rows) {
      if (r.pair().kind().equals("vite")) {
        b.append(String.format(Locale.ROOT, "Vite one-component change (`%s`): **%.1f%%** of br (target ≤ 10%%).%n",
            r.pair().file(), 100.0 * r.best() / r.br()));
      }
    }
    b.append(String.format(Locale.ROOT, "%nSizes in bytes, deltas with their 36/40-byte headers; times are the median"
        + " of %d runs on one thread after one unmeasured run.%n", rounds));
    return b.toString();
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static void log(String message) {
    System.err.println("[dictionaries-bench] " + message);
  }
}
