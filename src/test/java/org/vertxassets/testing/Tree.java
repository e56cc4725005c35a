package org.vertxassets.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vertxassets.tools.AssetBuilder;
import org.vertxassets.tools.BuildException;

/** A SRC and an OUT directory under a test's temporary folder, with the helpers the build tests share. */
public final class Tree {

  public final Path src;
  public final Path out;

  public Tree(Path dir) {
    this.src = dir.resolve("src");
    this.out = dir.resolve("out");
  }

  /** Writes a file of SRC, creating its folders. */
  public Tree write(String key, String content) {
    return write(key, content.getBytes(UTF_8));
  }

  public Tree write(String key, byte[] content) {
    try {
      Path file = src.resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a build of SRC into OUT with the default options. */
  public AssetBuilder.Summary build() throws IOException, BuildException {
    return AssetBuilder.build(src, out, AssetBuilder.Options.defaults());
  }

  /** Returns the text of a file of OUT. */
  public String read(String path) {
    return new String(bytes(out.resolve(path)), UTF_8);
  }

  /**
   * Returns the first 12 hex digits of the SHA-256 of the file {@code key} as written in OUT,
   * recomputed from its bytes, after checking that its hashed copy is there with the same bytes.
   */
  public String hashOf(String key) {
    String hash = sha256(bytes(out.resolve(key))).substring(0, 12);
    int dot = key.lastIndexOf('.');
    Path hashed = out.resolve(key.substring(0, dot) + "." + hash + key.substring(dot));
    assertTrue(Files.isRegularFile(hashed), "the hashed copy " + hashed + " is written");
    assertTrue(Arrays.equals(bytes(out.resolve(key)), bytes(hashed)), hashed + " has the same bytes");
    return hash;
  }

  /** Returns every file under a directory by path relative to it, with its bytes. */
  public static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), sha256(bytes(p)));
      }
    }
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

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
