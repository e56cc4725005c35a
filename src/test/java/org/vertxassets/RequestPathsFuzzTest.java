package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vertxassets.testing.Fuzz;

/**
 * {@link RequestPaths} against random request targets: {@code decode} gives what a plain
 * percent-decoding and UTF-8 reading of the target give, or null exactly where that would name no
 * file of the index, and never a path with a dot segment, a NUL or a backslash; a path it
 * accepts encodes back to itself; {@code encodeQuery} leaves only characters a Location may hold.
 */
class RequestPathsFuzzTest {

  private static final String HEX = "0123456789abcdefABCDEF";
  /** Pieces of path segments: names, dots, escapes' own characters, non-ASCII, unsafe ones. */
  private static final List<String> PIECES = List.of("a", "B", "app.css", ".", "..", "...", " ", "%", "%25", "?",
      "#", "+", ";", "\u00e9", "\u4e2d", "\ud83d\ude00", "\\", "\u0000", "~", "'", "\"");

  @Test
  void decodeGivesThePercentDecodedUtf8PathOrNullWhereItNamesNoFile() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> fuzz.near("/a/b%20c/caf%C3%A9.txt", "/%.abcAF0123456789\\;:"), s -> {
      String decoded = RequestPaths.decode(s);
      if (decoded != null) {
        assertFalse(decoded.contains("\\") || decoded.contains("\0"), decoded);
        assertFalse(hasDotSegment(decoded), decoded);
        assertEquals(decoded, RequestPaths.decode(RequestPaths.encodePath(decoded)));
      }
      // The HTTP decoder gives a target as ISO-8859-1, one char per byte: the reference reads those.
      if (s.chars().allMatch(c -> c <= 0xff)) {
        assertEquals(reference(s), decoded);
      }
    });
  }

  @Test
  void aPathOfAnyCharactersEncodesToATargetThatDecodesBackToItUnlessItIsUnsafe() {
    Fuzz.forAll(Fuzz.SEED, 20_000, RequestPathsFuzzTest::path, path -> {
      boolean safe = !path.contains("\\") && !path.contains("\0") && !hasDotSegment(path);
      assertEquals(safe ? path : null, RequestPaths.decode(RequestPaths.encodePath(path)));
    });
  }

  @Test
  void anEncodedQueryHasOnlyCharactersALocationMayHoldAndIsEncodedOnce() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> fuzz.near("a=1&b=%20c&d=caf\u00e9", "=&%?/ \"<>\r\n\u00e9\u2028"), s -> {
      String query = RequestPaths.encodeQuery(s);
      assertTrue(query.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0), query);
      assertEquals(query, RequestPaths.encodeQuery(query), "encoded twice");
      if (s.chars().allMatch(c -> c <= 0xff && c != '%')) {
        // Without escapes of its own, the query's bytes come back from the escapes.
        assertEquals(s, percentDecode(query, StandardCharsets.ISO_8859_1));
      }
    });
  }

  /**
   * Returns the target percent-decoded (each other char one byte) and read as UTF-8, or null
   * where that names no file: a malformed escape, an escaped '/', '\' or NUL, bytes that are not
   * UTF-8, or a result holding a backslash, a NUL or a dot segment.
   */
  private static String reference(String target) {
    for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
      if (i + 2 >= target.length() || HEX.indexOf(target.charAt(i + 1)) < 0 || HEX.indexOf(target.charAt(i + 2)) < 0
          || List.of("2f", "5c", "00").contains(target.substring(i + 1, i + 3).toLowerCase(Locale.ROOT))) {
        return null;
      }
      i += 2;
    }
    byte[] bytes = percentDecode(target, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    String path = new String(bytes, StandardCharsets.UTF_8);
    boolean utf8 = Arrays.equals(bytes, path.getBytes(StandardCharsets.UTF_8));
    return utf8 && !path.contains("\\") && !path.contains("\0") && !hasDotSegment(path) ? path : null;
  }

  /** Returns {@code s} with every well-formed escape replaced by the char of its byte in {@code charset}. */
  private static String percentDecode(String s, Charset charset) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      boolean escape = s.charAt(i) == '%' && i + 2 < s.length() && HEX.indexOf(s.charAt(i + 1)) >= 0
          && HEX.indexOf(s.charAt(i + 2)) >= 0;
      if (escape) {
        out.append(new String(new byte[] {(byte) Integer.parseInt(s.substring(i + 1, i + 3), 16)}, charset));
        i += 2;
      } else {
        out.append(s.charAt(i));
      }
    }
    return out.toString();
  }

  private static boolean hasDotSegment(String path) {
    return Arrays.stream(path.split("/", -1)).anyMatch(segment -> segment.equals(".") || segment.equals(".."));
  }

  /** Returns "/" and one to four segments of one to three pieces each. */
  private static String path(Fuzz fuzz) {
    StringBuilder path = new StringBuilder();
    for (int n = 1 + fuzz.nextInt(4), k = 0; k < n; k++) {
      path.append('/');
      for (int pieces = 1 + fuzz.nextInt(3), p = 0; p < pieces; p++) {
        path.append(fuzz.chance(0.3) ? fuzz.pick(".", "..") : fuzz.pick(PIECES));
      }
    }
    return path.toString();
  }
}
