package org.vertxassets.impl.codec;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * A content coding that an asset can be stored in, with the file-name suffix of its sibling
 * file ({@code app.css.br}) and its token in {@code Accept-Encoding} / {@code Content-Encoding}.
 * The server looks for the variants under these suffixes, and the tools write them there.
 */
public enum Encoding {
  IDENTITY("identity", ""),
  BROTLI("br", ".br"),
  ZSTD("zstd", ".zst"),
  GZIP("gzip", ".gz"),
  /** Brotli with a compression dictionary, RFC 9842 §4: a delta against an earlier version. */
  DCB("dcb", ".dcb"),
  /** Zstandard with a compression dictionary, RFC 9842 §5: a delta against an earlier version. */
  DCZ("dcz", ".dcz");

  /**
   * The encodings that may be stored as sibling files, in the order they are looked for, which
   * is also the order the tools make them in and the server prefers them in.
   */
  public static final List<Encoding> STORED = List.of(BROTLI, ZSTD, GZIP);

  /**
   * The dictionary encodings (RFC 9842). A file has one variant in each per earlier version of
   * it, stored as {@code name.<16 hex digits of the dictionary's SHA-256>.dcb} (or {@code .dcz}).
   */
  public static final List<Encoding> DICTIONARY = List.of(DCB, DCZ);

  /** The token of the coding in HTTP headers: {@code br}, {@code zstd}, {@code gzip}. */
  public final String token;
  /** The suffix of a variant's file name, dot included: {@code .br}, {@code .zst}, {@code .gz}; empty for identity. */
  public final String suffix;

  Encoding(String token, String suffix) {
    this.token = token;
    this.suffix = suffix;
  }

  /** Returns the suffix without its dot: {@code br}, {@code zst}, {@code gz}; empty for identity. */
  public String extension() {
    return suffix.isEmpty() ? "" : suffix.substring(1);
  }

  /** Returns the path of this variant of {@code file}: {@code app.css} → {@code app.css.br}. */
  public Path variant(Path file) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /**
   * Returns whether the file {@code name} is a variant of another file: its name ends with the
   * suffix of a {@link #STORED} encoding, and {@code exists} says there is a file of that name
   * without it. {@code app.css.gz} next to {@code app.css} is one; {@code backup.gz} alone is a
   * file of its own.
   */
  public static boolean isVariant(String name, Predicate<String> exists) {
    for (Encoding e : STORED) {
      if (name.endsWith(e.suffix) && exists.test(name.substring(0, name.length() - e.suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the file {@code name} ends with the suffix of a {@link #STORED} encoding ({@code x.gz}). */
  public static boolean hasVariantSuffix(String name) {
    return isVariant(name, n -> true);
  }
}
