package org.vertxassets.impl.codec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a delta's file: the name of the file it encodes, the first {@value #PREFIX_LENGTH}
 * hex digits of its dictionary's SHA-256, and the suffix of its coding, each after a dot:
 * {@code app.3f2a9c1b7e4d.js.9b2e61c0d4a7f385.dcz} is {@code app.3f2a9c1b7e4d.js} sent as dcz to a
 * client holding the version whose SHA-256 starts {@code 9b2e61c0d4a7f385}. It sits next to that
 * file, as its {@code .br} variant does, so that deleting a file's versions with a glob deletes
 * its deltas too. The prefix only finds the delta: its header ({@link Deltas#readHeader}) holds
 * the whole hash, which the server checks. Lowercase hex, so that names differ on file systems
 * that ignore case. Reading and writing such names happens here alone.
 *
 * @param file the name (or path, {@code /}-separated) of the file the delta encodes
 * @param dictionaryPrefix the first {@value #PREFIX_LENGTH} lowercase hex digits of the dictionary's SHA-256
 * @param encoding the delta's coding
 */
public record DeltaName(String file, String dictionaryPrefix, Encoding encoding) {

  /** How many hex digits of the dictionary's SHA-256 a name keeps: 64 bits. */
  public static final int PREFIX_LENGTH = 16;

  private static final Pattern NAME = Pattern.compile("(.+)\\.([0-9a-f]{" + PREFIX_LENGTH + "})\\.(dcb|dcz)");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{" + PREFIX_LENGTH + "}");

  public DeltaName {
    if (!Encoding.DICTIONARY.contains(Objects.requireNonNull(encoding, "encoding"))) {
      throw new IllegalArgumentException("encoding must be dcb or dcz: " + encoding.token);
    }
    if (file == null || file.isEmpty() || file.endsWith("/")) {
      throw new IllegalArgumentException("file must name a file: " + file);
    }
    if (dictionaryPrefix == null || !PREFIX.matcher(dictionaryPrefix).matches()) {
      throw new IllegalArgumentException("dictionaryPrefix must be " + PREFIX_LENGTH + " lowercase hex digits: "
          + dictionaryPrefix);
    }
  }

  /**
   * Returns the name of the delta of {@code file} against the dictionary whose SHA-256 is
   * {@code dictionarySha256} (64 lowercase hex digits, as {@link ContentHash} writes it).
   *
   * @throws IllegalArgumentException when {@code dictionarySha256} is not such a hash
   */
  public static DeltaName of(String file, String dictionarySha256, Encoding encoding) {
    if (!ContentHash.isSha256Hex(dictionarySha256)) {
      throw new IllegalArgumentException("dictionarySha256 must be 64 lowercase hex digits: " + dictionarySha256);
    }
    return new DeltaName(file, dictionarySha256.substring(0, PREFIX_LENGTH), encoding);
  }

  /**
   * Returns the delta that {@code name} names, or null when it is not a delta's name: it does
   * not end with a dot, {@value #PREFIX_LENGTH} lowercase hex digits, and {@code .dcb} or
   * {@code .dcz} after a non-empty file name.
   */
  public static DeltaName parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches() || m.group(1).endsWith("/")) {
      return null;
    }
    return new DeltaName(m.group(1), m.group(2), m.group(3).equals("dcb") ? Encoding.DCB : Encoding.DCZ);
  }

  /** Returns whether the dictionary whose SHA-256 is {@code dictionarySha256} may be this delta's. */
  public boolean mayBeFor(String dictionarySha256) {
    return dictionarySha256.startsWith(dictionaryPrefix);
  }

  /** Returns the path of this delta next to {@code file}: {@code dir/app.js} → {@code dir/app.js.<prefix>.dcz}. */
  public static Path sibling(Path file, String dictionarySha256, Encoding encoding) {
    return file.resolveSibling(of(file.getFileName().toString(), dictionarySha256, encoding).toString());
  }

  /** Returns the name: {@code file.prefix.dcb} or {@code file.prefix.dcz}. */
  @Override
  public String toString() {
    return file + "." + dictionaryPrefix + encoding.suffix;
  }
}
