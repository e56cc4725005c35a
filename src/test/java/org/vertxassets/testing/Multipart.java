package org.vertxassets.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/*} body read as a client reads it (RFC 2046 §5.1.1), written apart from the
 * server's code: parts are found by their delimiters, never by the lengths their headers give.
 * A body part ends where {@code CRLF --boundary} begins; the first delimiter may start the body
 * or follow a preamble; after the close delimiter only an epilogue may follow. Anything else
 * fails with a message saying where.
 */
public final class Multipart {

  private static final Pattern BOUNDARY = Pattern.compile(
      ";\\s*boundary=(?:\"([^\"]{1,70})\"|([0-9A-Za-z'()+_,./:=?-]{1,70}))", Pattern.CASE_INSENSITIVE);

  /** One body part: its header fields by lower-case name, and its bytes. */
  public record Part(Map<String, String> headers, byte[] body) {

    /** Returns the value of a header field of this part (any case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private Multipart() {
  }

  /** Returns the {@code boundary} parameter of a {@code Content-Type}, or fails. */
  public static String boundary(String contentType) {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new AssertionError("no boundary in " + contentType);
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  /** Returns the parts of {@code body}, whose {@code Content-Type} is {@code contentType}, in order. */
  public static List<Part> parse(String contentType, byte[] body) {
    byte[] dash = ("--" + boundary(contentType)).getBytes(ISO_8859_1);
    byte[] delimiter = ("\r\n--" + boundary(contentType)).getBytes(ISO_8859_1);
    // The first delimiter starts the body or ends a preamble with CRLF before it.
    int at = 0;
    if (!startsAt(body, dash, 0)) {
      at = indexOf(body, delimiter, 0);
      if (at < 0) {
        throw new AssertionError("no delimiter in the body");
      }
      at += 2;
    }
    at += dash.length;
    List<Part> parts = new ArrayList<>();
    while (true) {
      if (startsAt(body, "--".getBytes(ISO_8859_1), at)) {
        return parts; // the close delimiter; the rest is the epilogue, which a client ignores
      }
      at = skipPaddingAndCrlf(body, at);
      Map<String, String> headers = new TreeMap<>();
      while (!startsAt(body, "\r\n".getBytes(ISO_8859_1), at)) {
        int eol = indexOf(body, "\r\n".getBytes(ISO_8859_1), at);
        if (eol < 0) {
          throw new AssertionError("part " + parts.size() + ": header line without CRLF at " + at);
        }
        String line = new String(body, at, eol - at, ISO_8859_1);
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new AssertionError("part " + parts.size() + ": not a header field: " + line);
        }
        headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        at = eol + 2;
      }
      at += 2;
      int end = indexOf(body, delimiter, at);
      if (end < 0) {
        throw new AssertionError("part " + parts.size() + " is not closed by a delimiter");
      }
      parts.add(new Part(headers, Arrays.copyOfRange(body, at, end)));
      at = end + delimiter.length;
    }
  }

  /** Returns what follows the close delimiter of {@code body}: its epilogue, with the CRLF before it. */
  public static String afterClose(String contentType, byte[] body) {
    byte[] close = ("\r\n--" + boundary(contentType) + "--").getBytes(ISO_8859_1);
    int at = indexOf(body, close, 0);
    if (at < 0) {
      throw new AssertionError("no close delimiter");
    }
    return new String(body, at + close.length, body.length - at - close.length, ISO_8859_1);
  }

  /** Skips linear white space (RFC 2046's transport padding) and the CRLF after a delimiter. */
  private static int skipPaddingAndCrlf(byte[] body, int at) {
    while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
      at++;
    }
    if (!startsAt(body, "\r\n".getBytes(ISO_8859_1), at)) {
      throw new AssertionError("no CRLF after a delimiter at " + at);
    }
    return at + 2;
  }

  private static boolean startsAt(byte[] body, byte[] what, int at) {
    if (at < 0 || at + what.length > body.length) {
      return false;
    }
    for (int i = 0; i < what.length; i++) {
      if (body[at + i] != what[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] what, int from) {
    for (int i = from; i + what.length <= body.length; i++) {
      if (startsAt(body, what, i)) {
        return i;
      }
    }
    return -1;
  }
}
