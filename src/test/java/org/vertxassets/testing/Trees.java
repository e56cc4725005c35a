package org.vertxassets.testing;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Contents, trees and decoders shared by the tests of the build package. */
public final class Trees {

  /** The time every fixture file is given, so that copies of a tree are equal to the byte and the second. */
  public static final FileTime TIME = FileTime.fromMillis(1_735_689_600_000L); // 2025-01-01T00:00:00Z

  private Trees() {
  }

  /** Returns a stylesheet of about {@code rules} × 40 bytes that compresses as real CSS does. */
  public static byte[] css(int rules) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rules; i++) {
      sb.append(".c").append(i).append("{margin:").append(i % 17).append("px;color:#")
          .append(Integer.toHexString(0x100000 + i * 977)).append("}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns {@code n} bytes that no compressor can shrink, the same for the same seed. */
  public static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** Writes {@code bytes} at {@code root/rel}, making its folders, with the fixture time. */
  public static Path write(Path root, String rel, byte[] bytes) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    Files.setLastModifiedTime(p, TIME);
    return p;
  }

  /** Returns every file of a tree by relative path, with its bytes. */
  public static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** Returns brotli-compressed bytes decoded by brotli4j's decoder. */
  public static byte[] unbrotli(byte[] compressed) throws IOException {
    Brotli4jLoader.ensureAvailability();
    DirectDecompress d = Decoder.decompress(compressed);
    if (d.getResultStatus() != DecoderJNI.Status.DONE) {
      throw new IOException("brotli: " + d.getResultStatus());
    }
    return d.getDecompressedData();
  }

  /** Returns a zstd frame decoded, with the size its header declares. */
  public static byte[] unzstd(byte[] compressed) {
    long size = Zstd.getFrameContentSize(compressed);
    if (size < 0) {
      throw new IllegalArgumentException("no content size in the frame: " + size);
    }
    return Zstd.decompress(compressed, (int) size);
  }

  /** Returns a gzip member decoded by the JDK. */
  public static byte[] gunzip(byte[] compressed) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
