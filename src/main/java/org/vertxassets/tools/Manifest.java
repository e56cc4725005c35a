package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes and reads {@code manifest.json}, the map from each file of a build to its hashed copy:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "files": {
 *     "css/app.css": {
 *       "path": "css/app.3f2a9c1b7e4d.css",
 *       "sha256": "3f2a9c1b7e4d...",
 *       "size": 1234
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Written by hand rather than by a JSON library, so that its text is fixed by this class alone:
 * keys sorted, two-space indentation, {@code ": "} between a name and its value, a final newline.
 */
final class Manifest {

  /** The manifest's name at the root of OUT. */
  static final String NAME = "manifest.json";

  /** The format's version, the {@code version} member; a reader refuses versions it does not know. */
  static final int VERSION = 1;

  private Manifest() {
  }

  /** Returns the manifest's text for files sorted by key. */
  static String json(Map<String, AssetBuilder.ManifestEntry> files) {
    StringBuilder b = new StringBuilder("{\n  \"version\": " + VERSION + ",\n  \"files\": {");
    String separator = "\n";
    for (Map.Entry<String, AssetBuilder.ManifestEntry> e : files.entrySet()) {
      AssetBuilder.ManifestEntry entry = e.getValue();
      b.append(separator).append("    ").append(quote(e.getKey())).append(": {\n")
          .append("      \"path\": ").append(quote(entry.path())).append(",\n")
          .append("      \"sha256\": ").append(quote(entry.sha256())).append(",\n")
          .append("      \"size\": ").append(entry.size()).append("\n    }");
      separator = ",\n";
    }
    return b.append(files.isEmpty() ? "}\n}\n" : "\n  }\n}\n").toString();
  }

  /** Writes the manifest to {@code out}, replacing the old one in one move. Blocks. */
  static void write(Path out, Map<String, AssetBuilder.ManifestEntry> files) throws IOException {
    String text = json(files);
    Path target = out.resolve(NAME);
    if (Files.isRegularFile(target) && Files.readString(target, UTF_8).equals(text)) {
      // Unchanged: it keeps its time, so that compress finds its variants up to date.
      return;
    }
    // A dotfile: no file of SRC can be written under that name.
    Path temporary = out.resolve("." + NAME + ".tmp");
    Files.writeString(temporary, text, UTF_8);
    try {
      Files.move(temporary, out.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(temporary, out.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Returns the keys and paths that the manifest in {@code out} names (the files an earlier build
   * wrote), or an empty set when there is none. Blocks.
   *
   * @throws BuildException when {@code out} has a {@code manifest.json} that is not ours
   */
  static Set<String> previousOutputs(Path out) throws IOException, BuildException {
    Path file = out.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Set.of();
    }
    Set<String> outputs = new TreeSet<>();
    try {
      JsonObject manifest = new JsonObject(Files.readString(file, UTF_8));
      if (!Integer.valueOf(VERSION).equals(manifest.getValue("version")) || manifest.getJsonObject("files") == null) {
        throw new IllegalArgumentException("no \"version\": " + VERSION + " with \"files\"");
      }
      JsonObject files = manifest.getJsonObject("files");
      for (String key : files.fieldNames()) {
        String path = files.getJsonObject(key).getString("path");
        if (path == null) {
          throw new IllegalArgumentException("no \"path\" for \"" + key + "\"");
        }
        outputs.add(key);
        outputs.add(path);
      }
    } catch (DecodeException | CharacterCodingException | ClassCastException | IllegalArgumentException e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new BuildException("OUT '" + out + "' has a " + NAME + " that no build wrote (" + reason
          + "); choose another OUT, or delete that file if it may be replaced", List.of());
    }
    return outputs;
  }

  /** Returns a JSON string: quotes, backslashes and control characters escaped, the rest as it is. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
