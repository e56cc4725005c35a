package org.vertxassets;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.vertxassets.ContentReader.Content;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.impl.codec.DeltaName;
import org.vertxassets.impl.codec.Deltas;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.AvailableDictionary;
import org.vertxassets.impl.http.HashedNames;

/**
 * The dictionary-compressed variants of a root's files (RFC 9842), found by name beside them
 * ({@link DeltaName}: {@code app.3f2a9c1b7e4d.js.5e1c0b7a9d2f4c68.dcz} is
 * {@code app.3f2a9c1b7e4d.js} compressed against the dictionary whose SHA-256 starts with those
 * 16 hex digits). The whole SHA-256 is read from the delta's own header ({@link Deltas}), which
 * RFC 9842 puts in front of its stream. Used while one index is built; blocking.
 */
final class DictionaryDeltas {

  /** A delta's encoding, and the key of its dictionary as {@link AvailableDictionary#key} gives it. */
  record Header(Encoding encoding, String dictionary) {
  }

  /** A delta of a file, read: its encoding, its file and its content. */
  record Delta(Encoding encoding, Found file, Content content) {
  }

  private static final System.Logger LOG = System.getLogger(DictionaryDeltas.class.getName());

  private final Map<String, List<String>> byFile = new HashMap<>();

  /** Finds the deltas among the paths {@code rels} of a root: those named as one, beside their file. */
  DictionaryDeltas(Set<String> rels) {
    for (String rel : rels) {
      DeltaName name = DeltaName.parse(rel);
      if (name != null && rels.contains(name.file())) {
        byFile.computeIfAbsent(name.file(), k -> new ArrayList<>()).add(rel);
      }
    }
    byFile.values().forEach(list -> list.sort(null));
  }

  /** Returns whether the path {@code rel} is a delta of another file, which is served only as its variant. */
  boolean isDelta(String rel) {
    DeltaName name = DeltaName.parse(rel);
    return name != null && byFile.getOrDefault(name.file(), List.of()).contains(rel);
  }

  /** Returns the paths of the deltas of the file {@code rel}, sorted; none when it has none. */
  List<String> of(String rel) {
    return byFile.getOrDefault(rel, List.of());
  }

  /**
   * Returns the deltas of the file {@code rel} among {@code files} that can be served, read by
   * {@code reader} (null when it cannot), by the key of their dictionary; a file whose header is
   * not a delta's for the dictionary its name gives, or that cannot be read, is skipped with a
   * warning.
   */
  Map<String, List<Delta>> read(String rel, Map<String, Found> files, BiFunction<Found, String, Content> reader) {
    Map<String, List<Delta>> result = new HashMap<>();
    for (String d : of(rel)) {
      Found found = files.get(d);
      Header header;
      try {
        header = header(found.file(), d);
      } catch (IOException e) {
        header = null;
      }
      Content content = header == null ? null : reader.apply(found, d);
      if (content == null) {
        LOG.log(Level.WARNING, "vertx-assets: {0} is not served: it is not a dictionary-compressed stream"
            + " (RFC 9842) for the dictionary its name gives, or cannot be read", found.file());
        continue;
      }
      result.computeIfAbsent(header.dictionary(), k -> new ArrayList<>()).add(new Delta(header.encoding(), found, content));
    }
    return result;
  }

  /**
   * Returns the header of the delta {@code file} named {@code rel}, or null when it is not one:
   * too short, another magic than its extension's, or a dictionary hash that does not start with
   * the 16 hex digits of its name.
   */
  static Header header(Path file, String rel) throws IOException {
    DeltaName name = DeltaName.parse(rel);
    if (name == null) {
      return null;
    }
    ByteBuffer head = ByteBuffer.allocate(Deltas.headerLength(name.encoding()));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // reads until the header is in, or the file ends
      }
    }
    Deltas.Header header;
    try {
      header = Deltas.readHeader(head.array());
    } catch (IllegalArgumentException e) {
      return null; // another magic, or too short
    }
    if (header.encoding() != name.encoding() || !name.mayBeFor(header.dictionarySha256())) {
      return null;
    }
    return new Header(header.encoding(), AvailableDictionary.key(HexFormat.of().parseHex(header.dictionarySha256())));
  }

  /**
   * Returns the {@code Use-As-Dictionary} value of the immutable file {@code rel}, whose
   * versions are named by {@code names}, or null when it is no dictionary: not code or data, or
   * a name without a hash that names its versions.
   */
  static String useAsDictionary(Pattern names, String rel) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    return HashedNames.isDictionaryType(name) ? HashedNames.useAsDictionary(names, name) : null;
  }
}
