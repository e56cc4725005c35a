package org.vertxassets.impl.codec;

/**
 * A content coding that an asset can be stored in, with the file-name suffix of its sibling
 * file ({@code app.css.br}) and its token in {@code Accept-Encoding} / {@code Content-Encoding}.
 */
public enum Encoding {
  IDENTITY("identity", ""),
  BROTLI("br", ".br"),
  ZSTD("zstd", ".zst"),
  GZIP("gzip", ".gz");

  /** The encodings that may be stored as sibling files, in the order they are looked for. */
  public static final Encoding[] STORED = {BROTLI, ZSTD, GZIP};

  public final String token;
  public final String suffix;

  Encoding(String token, String suffix) {
    this.token = token;
    this.suffix = suffix;
  }
}
