package org.vertxassets.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.vertxassets.AssetsOptions;
import org.vertxassets.impl.codec.Codecs;

/** A tree of real files for a test, written under a temporary directory. */
public final class Site {

  /** The modification time every file gets unless a test sets another: Tue, 14 Nov 2023 22:13:20 GMT. */
  public static final Instant MODIFIED = Instant.ofEpochSecond(1_700_000_000L);

  public final Path root;

  public Site(Path root) {
    this.root = root;
  }

  /** Writes a UTF-8 text file (parents created), modified at {@link #MODIFIED}, and returns its path. */
  public Path write(String relative, String content) {
    return write(relative, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file (parents created), modified at {@link #MODIFIED}, and returns its path. */
  public Path write(String relative, byte[] content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code relative + ".gz"}, the real gzip of the file, and returns its bytes. */
  public byte[] gzip(String relative) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(Files.readAllBytes(root.resolve(relative)));
      }
      byte[] bytes = out.toByteArray();
      write(relative + ".gz", bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code relative + ".br"}, the real brotli of the file (quality 11), and returns its bytes. */
  public byte[] brotli(String relative) {
    byte[] bytes = Codecs.brotli(read(relative), 11);
    write(relative + ".br", bytes);
    return bytes;
  }

  /** Writes {@code relative + ".zst"}, the real zstd of the file (level 19), and returns its bytes. */
  public byte[] zstd(String relative) {
    byte[] bytes = Codecs.zstd(read(relative), 19);
    write(relative + ".zst", bytes);
    return bytes;
  }

  /**
   * Writes a stand-in variant {@code relative + suffix} with the given bytes. The server treats a
   * variant as opaque bytes, so a test can tell which file was sent by its content.
   */
  public byte[] variant(String relative, String suffix, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    write(relative + suffix, bytes);
    return bytes;
  }

  /** Returns the bytes of a file of this site. */
  public byte[] read(String relative) {
    try {
      return Files.readAllBytes(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns options with this site as the only root, at the mount point. */
  public AssetsOptions options() {
    return new AssetsOptions().addRoot(root.toString());
  }
}
