package org.vertxassets.impl.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content hash in a file name, as bundlers and {@code build} write it: which names carry one
 * (so that the file is immutable), and the name with its hash replaced by a wildcard, which
 * names every version of the same file ({@code index-DO7tlORW.js} and {@code index-BX9vQk2L.js}
 * are both {@code index-*.js}). The wildcard pairs a file with its earlier versions, whose bytes
 * are its compression dictionaries, and is the {@code match} pattern of its
 * {@code Use-As-Dictionary} (RFC 9842 §2.1).
 */
public final class HashedNames {

  /**
   * The default rule of content-hashed file names, described where it is public
   * ({@code AssetsOptions.DEFAULT_IMMUTABLE_PATTERN}). Its group {@code hash} holds the hash of a
   * name that has one after a name part; a bare hash ({@code 0b035c2711f36bad3336.png}) is
   * immutable but names no versions.
   */
  public static final String DEFAULT_PATTERN = "^(?:(?=[0-9a-f]*[a-f])[0-9a-f]{16,}"
      + "|.+[.-](?<hash>(?=[0-9a-f]*[a-f])[0-9a-f]{8,}"
      + "|(?![a-z]{8}\\.)(?![0-9]{8}\\.)(?![A-Z]?[a-z]+[0-9]+\\.)(?!(?:[A-Z][a-z]+)+\\.)(?![a-z]+(?:-[a-z]+)+\\.)"
      + "(?!__[A-Za-z0-9]+__\\.)[A-Za-z0-9_-]{8}))"
      + "(?:\\.[A-Za-z0-9]+){1,3}$";

  /** The name of the group of a name pattern that holds the hash. */
  public static final String HASH_GROUP = "hash";

  // The files whose versions a browser may keep as dictionaries (RFC 9842 §2.1): code and data.
  private static final java.util.Set<String> DICTIONARY_TYPES = java.util.Set.of("js", "mjs", "css", "wasm", "json");

  // The characters a URL pattern gives a meaning to (URL Pattern Standard §1.2), escaped in a match.
  private static final String PATTERN_SYNTAX = "*:()?+{}\\";

  private HashedNames() {
  }

  /**
   * Returns the file name {@code name} (no folder) with its hash replaced by {@code *}
   * ({@code app.3f2a9c1b7e4d.css} → {@code app.*.css}), or null when {@code names} does not match
   * it, has no group {@code hash}, or leaves it empty: the name then has no versions to pair.
   */
  public static String wildcard(Pattern names, String name) {
    Matcher m = names.matcher(name);
    if (!m.matches()) {
      return null;
    }
    int start;
    try {
      start = m.start(HASH_GROUP);
    } catch (IllegalArgumentException e) {
      return null; // a pattern of the user's without the group
    }
    if (start <= 0) {
      return null;
    }
    return name.substring(0, start) + "*" + name.substring(m.end(HASH_GROUP));
  }

  /**
   * Returns whether the file {@code name} is of a type whose versions are compression
   * dictionaries for each other: a script, a stylesheet, WebAssembly or JSON, which a new release
   * changes a little; not an image or a font, which are compressed already.
   */
  public static boolean isDictionaryType(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && DICTIONARY_TYPES.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Returns the {@code Use-As-Dictionary} value of the file {@code name} (no folder): a
   * {@code match} pattern relative to the file's own URL, which the browser resolves against it
   * (RFC 9842 §2.1.1), so that it holds under any mount point; null when the name has no
   * {@link #wildcard}. The name is percent-encoded as in a URL, the characters a URL pattern
   * reads as syntax are escaped, and the whole is a structured-field string (RFC 8941 §3.3.3).
   */
  public static String useAsDictionary(Pattern names, String name) {
    String wildcard = wildcard(names, name);
    if (wildcard == null) {
      return null;
    }
    StringBuilder b = new StringBuilder("match=\"");
    for (byte x : wildcard.getBytes(UTF_8)) {
      int c = x & 0xff;
      if (c == '*') {
        b.append('*');
      } else if (PATTERN_SYNTAX.indexOf(c) >= 0) {
        b.append("\\\\").append((char) c); // a URL-pattern escape, its backslash escaped for the string
      } else if (c > 0x20 && c < 0x7f && c != '"' && c != '%' && c != '#' && c != '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.append('"').toString();
  }
}
