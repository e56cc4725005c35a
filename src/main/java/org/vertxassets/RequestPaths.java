package org.vertxassets;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns a request into the index's key: the decoded path relative to the handler's mount point. */
final class RequestPaths {

  private RequestPaths() {
  }

  /**
   * Returns the length of the part of {@code ctx.normalizedPath()} that the mount point and the
   * route's own prefix take, so that the rest is the path the index is asked for.
   */
  static int prefixLength(RoutingContext ctx) {
    int length = 0;
    String mountPoint = ctx.mountPoint();
    if (mountPoint != null) {
      length += mountPoint.endsWith("/") ? mountPoint.length() - 1 : mountPoint.length();
    }
    Route route = ctx.currentRoute();
    if (route != null && !route.isRegexPath() && route.getPath() != null) {
      String path = route.getPath();
      length += path.endsWith("/") ? path.length() - 1 : path.length();
    }
    return length;
  }

  /**
   * Returns the decoded form of a normalised request path (RFC 3986 §2.1: every percent-encoded
   * octet decoded, the result read as UTF-8), or null when it cannot name a file in the index: an
   * encoded slash or backslash, a NUL, a backslash, a dot segment, a malformed escape or bytes that
   * are not UTF-8.
   */
  static String decode(String path) {
    if (isAscii(path) && path.indexOf('%') < 0) {
      return isSafe(path) ? path : null;
    }
    ByteBuffer bytes = ByteBuffer.allocate(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c > 0xff) {
        return null;
      }
      if (c != '%') {
        // The HTTP decoder reads the request line as ISO-8859-1: a char is a byte of the target.
        bytes.put((byte) c);
        continue;
      }
      int hi = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        return null;
      }
      int b = hi << 4 | lo;
      // %2F must not become a separator, nor %5C a Windows one, nor %00 end a C string.
      if (b == '/' || b == '\\' || b == 0) {
        return null;
      }
      bytes.put((byte) b);
      i += 2;
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      String decoded = chars.toString();
      return isSafe(decoded) ? decoded : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSafe(String path) {
    if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return false;
    }
    // Vert.x removed dot segments before decoding; any left now came from an encoding.
    String p = path + "/";
    return !p.contains("/../") && !p.contains("/./") && !p.startsWith("../") && !p.startsWith("./");
  }

  /** Returns a decoded path with every byte outside RFC 3986's pchar set and '/' percent-encoded. */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isPathChar(c)) {
        sb.append((char) c);
      } else {
        appendEscaped(sb, c);
      }
    }
    return sb.toString();
  }

  /**
   * Returns a request's query made safe for a {@code Location} header: characters that RFC 3986
   * §3.4 allows in a query (percent-escapes included) are kept, every other byte is
   * percent-encoded.
   */
  static String encodeQuery(String query) {
    StringBuilder sb = null;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      boolean allowed = isPathChar(c) || c == '?' || c == '%';
      if (allowed && sb == null) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(query.length() + 16).append(query, 0, i);
      }
      if (allowed) {
        sb.append(c);
      } else if (c <= 0xff) {
        // The HTTP decoder reads the request line as ISO-8859-1: a char up to 0xFF is one byte.
        appendEscaped(sb, c);
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          appendEscaped(sb, b & 0xff);
        }
      }
    }
    return sb == null ? query : sb.toString();
  }

  /** Returns whether an octet is a pchar of RFC 3986 §3.3 (percent-escapes aside) or '/'. */
  private static boolean isPathChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0;
  }

  private static void appendEscaped(StringBuilder sb, int octet) {
    sb.append('%').append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)))
        .append(Character.toUpperCase(Character.forDigit(octet & 15, 16)));
  }
}
