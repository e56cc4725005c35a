package org.vertxassets;

import io.vertx.core.MultiMap;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.HeaderRules;

/**
 * What changes the headers of one root's files, in this order: the rules of its {@code _headers}
 * file, then those of the {@code headers} option (which so win where both set a header, as
 * Netlify's configuration file wins over its {@code _headers}), then the headers hook. All of it
 * runs when the index is built, once per file, never per request.
 */
final class RootHeaders {

  /** Headers whose values only the server can know; the headers hook may not set them. */
  private static final List<String> SERVER_HEADERS = List.of("ETag", "Content-Length", "Content-Encoding",
      "Content-Range", "Date", "Transfer-Encoding");

  private final HeaderRules rules;
  private final BiConsumer<String, MultiMap> hook;
  private final boolean development;

  private RootHeaders(HeaderRules rules, BiConsumer<String, MultiMap> hook, boolean development) {
    this.rules = rules;
    this.hook = hook;
    this.development = development;
  }

  /**
   * Returns the headers of a root whose files are {@code files}, taking its {@code _headers} file
   * (and any variant of it a compressor wrote) out of them: it is read, never served. Blocks.
   *
   * @throws IllegalArgumentException naming the file and line of a rule that is wrong, or the file
   *     when it cannot be read as UTF-8 text
   */
  static RootHeaders take(Map<String, Found> files, AssetsOptions options) {
    Found file = files.remove(HeaderRules.FILE);
    for (Encoding e : Encoding.STORED) {
      files.remove(HeaderRules.FILE + e.suffix);
    }
    HeaderRules rules = file == null ? HeaderRules.NONE : HeaderRules.parse(read(file), file.file().toString());
    for (AssetsOptions.HeaderRule r : options.getHeaders()) {
      rules = rules.then(HeaderRules.of(r.path(), r.set(), r.remove()));
    }
    return new RootHeaders(rules, options.getHeadersHook(), options.isDevelopment());
  }

  /**
   * Changes {@code headers}, those of the file at {@code file} served at {@code served} (both
   * relative to the mount point; the same but for index files and clean URLs), by the rules whose
   * path matches either, then by the hook.
   *
   * @throws IllegalStateException when the hook set a header the server owns
   */
  void apply(String served, String file, MultiMap headers) {
    rules.applyTo(headers, development, served, file);
    if (hook == null) {
      return;
    }
    hook.accept(served, headers);
    for (String h : SERVER_HEADERS) {
      if (headers.contains(h)) {
        throw new IllegalStateException("the headers hook set '" + h + "' on " + served
            + ": vertx-assets sets that header itself; remove it from the hook");
      }
    }
  }

  private static String read(Found file) {
    try {
      return Files.readString(file.file(), StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file.file() + ": is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new IllegalArgumentException(file.file() + ": cannot be read (" + e + "); check its permissions");
    }
  }
}
