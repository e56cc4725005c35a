package org.vertxassets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.AvailableDictionary;
import org.vertxassets.impl.http.HashedNames;

/**
 * The dictionary-compressed variants of a root's files (RFC 9842), found by name beside them:
 * {@code app.3f2a9c1b7e4d.js.5e1c0b7a9d2f4c68.dcz} is {@code app.3f2a9c1b7e4d.js} compressed
 * against the dictionary whose SHA-256 starts with those 16 hex digits. The whole SHA-256 is read
 * from the delta's own header, which RFC 9842 puts in front of its stream. Used while one index
 * is built; blocking.
 */
final class DictionaryDeltas {

  /** A delta's encoding, and the key of its dictionary as {@link AvailableDictionary#key} gives it. */
  record Header(Encoding encoding, String dictionary) {
  }

  private static final Pattern NAME = Pattern.compile("^(.+)\\.([0-9a-f]{16})\\.(dcb|dcz)$");
  // RFC 9842 §4 and §5: the magic of each stream, then the dictionary's SHA-256.
  private static final byte[] DCB_MAGIC = {(byte) 0xff, 0x44, 0x43, 0x42};
  private static final byte[] DCZ_MAGIC = {0x5e, 0x2a, 0x4d, 0x18, 0x20, 0x00, 0x00, 0x00};
  // The files whose versions a browser may keep as dictionaries (RFC 9842 §2.1): code and data.
  private static final Set<String> DICTIONARY_TYPES = Set.of("js", "mjs", "css", "wasm", "json");

  private final Map<String, List<String>> byFile = new HashMap<>();

  /** Finds the deltas among the paths {@code rels} of a root: those named as one, beside their file. */
  DictionaryDeltas(Set<String> rels) {
    for (String rel : rels) {
      Matcher m = NAME.matcher(rel);
      if (m.matches() && rels.contains(m.group(1))) {
        byFile.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(rel);
      }
    }
    byFile.values().forEach(list -> list.sort(null));
  }

  /** Returns whether the path {@code rel} is a delta of another file, which is served only as its variant. */
  boolean isDelta(String rel) {
    Matcher m = NAME.matcher(rel);
    return m.matches() && byFile.getOrDefault(m.group(1), List.of()).contains(rel);
  }

  /** Returns the paths of the deltas of the file {@code rel}, sorted; none when it has none. */
  List<String> of(String rel) {
    return byFile.getOrDefault(rel, List.of());
  }

  /**
   * Returns the header of the delta {@code file} named {@code rel}, or null when it is not one:
   * too short, another magic than its extension's, or a dictionary hash that does not start with
   * the 16 hex digits of its name.
   */
  static Header header(Path file, String rel) throws IOException {
    Matcher m = NAME.matcher(rel);
    if (!m.matches()) {
      return null;
    }
    Encoding encoding = m.group(3).equals("dcb") ? Encoding.DCB : Encoding.DCZ;
    byte[] magic = encoding == Encoding.DCB ? DCB_MAGIC : DCZ_MAGIC;
    ByteBuffer head = ByteBuffer.allocate(magic.length + 32);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // reads until the header is in, or the file ends
      }
    }
    if (head.hasRemaining() || !Arrays.equals(head.array(), 0, magic.length, magic, 0, magic.length)) {
      return null;
    }
    byte[] sha256 = Arrays.copyOfRange(head.array(), magic.length, magic.length + 32);
    if (!HexFormat.of().formatHex(sha256, 0, 8).equals(m.group(2))) {
      return null;
    }
    return new Header(encoding, AvailableDictionary.key(sha256));
  }

  /**
   * Returns the {@code Use-As-Dictionary} value of the immutable file {@code rel}, whose
   * versions are named by {@code names}, or null when it is no dictionary: not code or data, or
   * a name without a hash that names its versions.
   */
  static String useAsDictionary(Pattern names, String rel) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (names == null || dot < 0 || !DICTIONARY_TYPES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return null;
    }
    return HashedNames.useAsDictionary(names, name);
  }
}
