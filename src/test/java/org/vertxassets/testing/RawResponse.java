package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An HTTP/1.x response read off a raw socket by {@link RawClient}: the status line, the
 * headers by lower-case name, and the bytes after them (as ISO-8859-1 chars, one per byte).
 * Parsing checks what every response of the server must satisfy: no chunked encoding, no header
 * sent twice, and exactly as many body bytes as a {@code Content-Length} declares (SPEC §3, §7).
 *
 * @param statusLine the first line, such as {@code HTTP/1.1 304 Not Modified}
 * @param status the status code
 * @param headers every header, by lower-case name (RFC 9110 §5.1: names are case-insensitive)
 * @param body what followed the blank line
 * @param text the whole response, for assertion messages
 */
public record RawResponse(String statusLine, int status, Map<String, String> headers, String body, String text) {

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d \\d{3}");

  /** Parses what {@link RawClient#exchange} returned, asserting the rules above. */
  public static RawResponse parse(String text) {
    return parse(text, false);
  }

  /**
   * Parses the answer to a HEAD, whose {@code Content-Length} is that of the body a GET would
   * get (RFC 9110 §9.3.2), so it is not compared with the bytes that follow the headers.
   */
  public static RawResponse parseHead(String text) {
    return parse(text, true);
  }

  private static RawResponse parse(String text, boolean head) {
    // Vert.x answers in the version of the request: HTTP/1.0 to HTTP/1.0, even the 501 that
    // refuses an HTTP/2.0 request line.
    assertTrue(STATUS_LINE.matcher(text).lookingAt(), "not an HTTP response: " + text);
    int end = text.indexOf("\r\n\r\n");
    assertTrue(end > 0, "no end of headers in: " + text);
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      assertTrue(colon > 0, "not a header line: " + lines[i] + " in " + text);
      assertNull(headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim()), "repeated header: " + lines[i] + " in " + text);
    }
    String body = text.substring(end + 4);
    assertFalse(headers.containsKey("transfer-encoding"), text);
    String length = headers.get("content-length");
    if (length != null && !head) {
      // Read as ISO-8859-1, one char per byte: the body's length in chars is its length in bytes.
      assertEquals(Long.parseLong(length), body.getBytes(StandardCharsets.ISO_8859_1).length,
          "body length vs Content-Length: " + text);
    }
    return new RawResponse(lines[0], Integer.parseInt(lines[0].substring(9, 12)), headers, body, text);
  }

  /** Returns the value of the header {@code name} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
