package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.http.HeaderRules;
import org.vertxassets.impl.http.MimeTypes;

/**
 * The naming rules of a build: content hashes, hashed names, and the resolution of a URL written
 * in a file to the path of another file of SRC.
 *
 * <p>Keys are paths relative to SRC with {@code /} separators ({@code css/app.css}). URLs are
 * taken as the file holds them, one char per byte (ISO-8859-1), so that rewriting one never
 * changes a byte around it; they are decoded (percent-escapes, then UTF-8) only to be looked up.
 */
final class Names {

  /** The length of the hash in a hashed name: 12 hex digits, the first 48 bits of the SHA-256. */
  static final int HASH_LENGTH = 12;

  // A scheme (http:, data:, mailto:...) makes a URL absolute: it names nothing in SRC.
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final HexFormat HEX = HexFormat.of();

  private Names() {
  }

  /** The {@link ContentHash} of some content, its size in bytes, and its Subresource Integrity. */
  record Digest(String sha256, long size, String integrity) {

    /** Returns the first {@link Names#HASH_LENGTH} hex digits of the SHA-256, the hash of a hashed name. */
    String hash() {
      return sha256.substring(0, HASH_LENGTH);
    }
  }

  /**
   * Returns whether the file {@code key} (relative to SRC) is written under its own name only,
   * with no hashed copy and no manifest entry: an HTML page, an entry point that browsers ask for
   * by its name, or the {@code _headers} at the top, which the server reads and never serves.
   */
  static boolean keepsItsName(String key) {
    return MimeTypes.isPage(key) || key.equals(HeaderRules.FILE);
  }

  /** Returns the digest of some bytes. */
  static Digest digest(byte[] bytes) {
    return new Digest(ContentHash.sha256Hex(bytes), bytes.length, ContentHash.integrity(bytes));
  }

  /** Returns the digest of a file, read once. Blocks. */
  static Digest digest(Path file) throws IOException {
    MessageDigest digest = ContentHash.newDigest();
    MessageDigest integrity = ContentHash.newIntegrityDigest();
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        integrity.update(buffer, 0, n);
        size += n;
      }
    }
    return new Digest(ContentHash.sha256Hex(digest), size, ContentHash.integrity(integrity));
  }

  /**
   * Returns a file name with {@code hash} before its extension: {@code app.css} becomes
   * {@code app.<hash>.css}, {@code app.min.js} {@code app.min.<hash>.js}, and a name without an
   * extension ({@code LICENSE}, or one that ends with its only dot) {@code LICENSE.<hash>}.
   */
  static String hashedName(String name, String hash) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return name + "." + hash;
    }
    return name.substring(0, dot) + "." + hash + name.substring(dot);
  }

  /** Returns a key with its last segment hashed: {@code css/app.css} to {@code css/app.<hash>.css}. */
  static String hashedKey(String key, String hash) {
    int slash = key.lastIndexOf('/');
    return key.substring(0, slash + 1) + hashedName(key.substring(slash + 1), hash);
  }

  /**
   * Returns true for a URL that names no file of SRC and is left alone: empty or only a query,
   * a fragment ({@code #id}), protocol-relative ({@code //host/x}), or with a scheme
   * ({@code data:}, {@code https:}).
   */
  static boolean isElsewhere(String url) {
    return suffixStart(url) == 0 || url.startsWith("//") || SCHEME.matcher(url).find();
  }

  /**
   * Returns the key that a URL written in the file {@code from} names, or null when it names no
   * possible file: a directory ({@code img/}), or a path that climbs above SRC. A URL starting
   * with {@code /} is resolved against SRC's root; the query and fragment are dropped.
   */
  static String resolve(String from, String url) {
    String path = decode(url.substring(0, suffixStart(url)));
    Deque<String> segments = new ArrayDeque<>();
    if (!path.startsWith("/")) {
      for (String s : from.split("/")) {
        segments.addLast(s);
      }
      segments.removeLast();
    }
    for (String s : path.split("/", -1)) {
      if (s.equals("..")) {
        if (segments.pollLast() == null) {
          return null;
        }
      } else if (!s.isEmpty() && !s.equals(".")) {
        segments.addLast(s);
      }
    }
    return path.endsWith("/") || segments.isEmpty() ? null : String.join("/", segments);
  }

  /**
   * Returns a URL as written with its file name hashed, keeping its directory part, its escapes,
   * its query and its fragment: {@code ../font/a.woff2?v=3#x} to {@code ../font/a.<hash>.woff2?v=3#x}.
   */
  static String rewrite(String url, String hash) {
    int end = suffixStart(url);
    int slash = url.lastIndexOf('/', end - 1);
    String name = url.substring(slash + 1, end);
    String wanted = hashedName(decode(name), hash);
    String hashed = hashedName(name, hash);
    if (!decode(hashed).equals(wanted)) {
      // The extension's dot was escaped (%2E): insert the hash in the decoded name instead.
      hashed = encode(wanted);
    }
    return url.substring(0, slash + 1) + hashed + url.substring(end);
  }

  /** Returns a URL as written (one char per byte) as the text it stands for, for messages. */
  static String text(String url) {
    return new String(url.getBytes(ISO_8859_1), UTF_8);
  }

  /** Returns where the query or fragment of a URL starts, or its length when it has neither. */
  private static int suffixStart(String url) {
    for (int i = 0; i < url.length(); i++) {
      if (url.charAt(i) == '?' || url.charAt(i) == '#') {
        return i;
      }
    }
    return url.length();
  }

  /** Returns a path as written (one char per byte) with its percent-escapes decoded, read as UTF-8. */
  private static String decode(String path) {
    byte[] bytes = path.getBytes(ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(UTF_8);
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  /** Returns a file name percent-encoded but for the characters a CSS url() may hold as they are. */
  private static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte c : name.getBytes(UTF_8)) {
      if (c > 0 && (Character.isLetterOrDigit(c) || "-._~!$&*+,;=:@".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX.withUpperCase().toHexDigits(c));
      }
    }
    return b.toString();
  }
}
