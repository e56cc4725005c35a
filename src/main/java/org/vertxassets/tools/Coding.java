package org.vertxassets.tools;

import java.nio.file.Path;
import java.util.Set;
import org.vertxassets.impl.codec.Codecs;

/** The variants a file gets, in the order the server prefers them, with their file-name suffix. */
enum Coding {
  BROTLI("br"), ZSTD("zst"), GZIP("gz");

  /** The suffix without its dot, as the state file lists the variants kept. */
  final String name;

  Coding(String name) {
    this.name = name;
  }

  /** Returns the path of this variant of {@code file}: {@code app.css} → {@code app.css.br}. */
  Path variant(Path file) {
    return file.resolveSibling(file.getFileName() + "." + name);
  }

  /** Returns {@code data} in this coding at the level of {@code settings}. Blocks (CPU). */
  byte[] compress(byte[] data, Compressor.Settings settings) {
    switch (this) {
      case BROTLI:
        return Codecs.brotli(data, settings.brotliQuality());
      case ZSTD:
        return Codecs.zstd(data, settings.zstdLevel());
      default:
        return Codecs.gzip(data, settings.gzipLevel());
    }
  }

  /** Loads the native library of this coding, if it has one, ahead of its first use. Blocks. */
  void load() {
    if (this == BROTLI) {
      Codecs.loadBrotli();
    } else if (this == ZSTD) {
      Codecs.loadZstd();
    }
  }

  /**
   * Returns whether {@code file} is a variant of another file of {@code paths} (its name less a
   * suffix), as the server's index decides it: {@code app.css.gz} next to {@code app.css} is one,
   * {@code backup.gz} alone is a file of its own.
   */
  static boolean isVariant(Path file, Set<Path> paths) {
    String n = file.getFileName().toString();
    for (Coding c : values()) {
      String suffix = "." + c.name;
      if (n.endsWith(suffix) && paths.contains(file.resolveSibling(n.substring(0, n.length() - suffix.length())))) {
        return true;
      }
    }
    return false;
  }
}
