package org.vertxassets.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.github.luben.zstd.Zstd;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.vertxassets.AssetsOptions;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.tools.AssetBuilder;
import org.vertxassets.tools.BuildException;

/**
 * A tree of real files for a test, written under a temporary directory: the root a server serves,
 * a compressor compresses or a build reads. Every file it writes is modified at {@link #MODIFIED},
 * so that copies of a tree are equal to the byte and the second. A site made by {@link #source}
 * also has an OUT directory that {@link #build} writes to.
 */
public final class Site {

  /** The modification time every file gets unless a test sets another: Tue, 14 Nov 2023 22:13:20 GMT. */
  public static final FileTime MODIFIED = FileTime.from(Instant.ofEpochSecond(1_700_000_000L));

  public final Path root;
  /** Where {@link #build} writes; null for a site made by {@link #Site(Path)}. */
  public final Path out;

  /** Returns a site whose files are written under {@code root}. */
  public Site(Path root) {
    this(root, null);
  }

  private Site(Path root, Path out) {
    this.root = root;
    this.out = out;
  }

  /** Returns a site at {@code dir/src} whose {@link #build} writes to {@code dir/out}. */
  public static Site source(Path dir) {
    return new Site(dir.resolve("src"), dir.resolve("out"));
  }

  /** Writes a UTF-8 text file (parents created), modified at {@link #MODIFIED}, and returns its path. */
  public Path write(String relative, String content) {
    return write(relative, content.getBytes(UTF_8));
  }

  /** Writes a file (parents created), modified at {@link #MODIFIED}, and returns its path. */
  public Path write(String relative, byte[] content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      Files.setLastModifiedTime(file, MODIFIED);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a UTF-8 text file as {@link #write(String, String)} does, and returns this site. */
  public Site with(String relative, String content) {
    write(relative, content);
    return this;
  }

  /** Writes a file as {@link #write(String, byte[])} does, and returns this site. */
  public Site with(String relative, byte[] content) {
    write(relative, content);
    return this;
  }

  /** Writes {@code relative + ".gz"}, the real gzip of the file (level 9), and returns its bytes. */
  public byte[] gzip(String relative) {
    return variant(relative, ".gz", Codecs.gzip(read(relative), 9));
  }

  /** Writes {@code relative + ".br"}, the real brotli of the file (quality 11), and returns its bytes. */
  public byte[] brotli(String relative) {
    return variant(relative, ".br", Codecs.brotli(read(relative), 11));
  }

  /** Writes {@code relative + ".zst"}, the real zstd of the file (level 19), and returns its bytes. */
  public byte[] zstd(String relative) {
    return variant(relative, ".zst", Codecs.zstd(read(relative), 19));
  }

  /**
   * Writes the RFC 9842 delta of the file {@code relative} against {@code dictionary} (an earlier
   * version's bytes) where the server looks for it, {@code relative.<16 hex of the dictionary's
   * SHA-256>.dcz}, and returns its bytes: the magic, the dictionary's SHA-256, then a zstd frame
   * (level 19) made with the dictionary as raw content. Made here with zstd-jni directly, apart
   * from the build's own writer.
   */
  public byte[] dcz(String relative, byte[] dictionary) {
    byte[] sha = sha256Bytes(dictionary);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x5e, 0x2a, 0x4d, 0x18, 0x20, 0x00, 0x00, 0x00});
    out.writeBytes(sha);
    try (com.github.luben.zstd.ZstdCompressCtx ctx = new com.github.luben.zstd.ZstdCompressCtx()) {
      ctx.setLevel(19);
      ctx.loadDict(dictionary);
      out.writeBytes(ctx.compress(read(relative)));
    }
    return variant(relative, "." + HexFormat.of().formatHex(sha, 0, 8) + ".dcz", out.toByteArray());
  }

  /** Returns the {@code Available-Dictionary} value that names {@code dictionary}: its SHA-256 as a byte sequence. */
  public static String availableDictionary(byte[] dictionary) {
    return ":" + java.util.Base64.getEncoder().encodeToString(sha256Bytes(dictionary)) + ":";
  }

  private static byte[] sha256Bytes(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a stand-in variant {@code relative + suffix} with the given text. The server treats a
   * variant as opaque bytes, so a test can tell which file was sent by its content.
   */
  public byte[] variant(String relative, String suffix, String content) {
    return variant(relative, suffix, content.getBytes(UTF_8));
  }

  private byte[] variant(String relative, String suffix, byte[] bytes) {
    write(relative + suffix, bytes);
    return bytes;
  }

  /** Returns the bytes of a file of this site. */
  public byte[] read(String relative) {
    return bytes(root.resolve(relative));
  }

  /** Returns options with this site as the only root, at the mount point. */
  public AssetsOptions options() {
    return new AssetsOptions().addRoot(root.toString());
  }

  /** Returns a configuration of the bundled verticle with this site as the only root. */
  public JsonObject config() {
    return new JsonObject().put("roots", new JsonArray().add(root.toString()));
  }

  /** Returns a build of this site into {@link #out} with the default options. */
  public AssetBuilder.Summary build() throws IOException, BuildException {
    return AssetBuilder.build(root, out, AssetBuilder.Options.defaults());
  }

  /** Returns the text of a file the build wrote to {@link #out}. */
  public String built(String path) {
    return new String(bytes(out.resolve(path)), UTF_8);
  }

  /**
   * Returns the first 12 hex digits of the SHA-256 of the file {@code key} as built in
   * {@link #out}, recomputed from its bytes, after checking that its hashed copy is there with
   * the same bytes.
   */
  public String hashOf(String key) {
    String hash = sha256(bytes(out.resolve(key))).substring(0, 12);
    int dot = key.lastIndexOf('.');
    Path hashed = out.resolve(key.substring(0, dot) + "." + hash + key.substring(dot));
    assertTrue(Files.isRegularFile(hashed), "the hashed copy " + hashed + " is written");
    assertArrayEquals(bytes(out.resolve(key)), bytes(hashed), hashed + " has the same bytes");
    return hash;
  }

  /** Returns a stylesheet of about {@code rules} × 40 bytes that compresses as real CSS does. */
  public static byte[] css(int rules) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rules; i++) {
      sb.append(".c").append(i).append("{margin:").append(i % 17).append("px;color:#")
          .append(Integer.toHexString(0x100000 + i * 977)).append("}\n");
    }
    return sb.toString().getBytes(UTF_8);
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

  /** Returns every file of a tree by relative path ('/'-separated), with its bytes. */
  public static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** Returns every file of a tree by relative path, with the SHA-256 of its bytes: maps that compare by content. */
  public static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    contents(dir).forEach((path, bytes) -> files.put(path, sha256(bytes)));
    return files;
  }

  /** Returns the first 12 hex digits of the SHA-256 of a text's UTF-8 bytes: its hash in a hashed name. */
  public static String hash(String content) {
    return sha256(content.getBytes(UTF_8)).substring(0, 12);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the bytes of any file. */
  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
