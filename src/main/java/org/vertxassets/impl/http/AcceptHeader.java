package org.vertxassets.impl.http;

import java.util.regex.Pattern;

/** Reads the {@code Accept} request header (RFC 9110 §12.5.1) for the single-page-app fallback. */
public final class AcceptHeader {

  /** A qvalue of RFC 9110 §12.4.2, compiled once: the fallback's requests parse Accept each time. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

  private AcceptHeader() {
  }

  /**
   * Returns whether {@code accept} lists {@code text/html} or {@code text/*} with a quality above
   * zero. A bare {@code *}{@code /*} does not count: {@code fetch()} and API clients send it, and
   * they want the 404 of a missing resource, not the app's HTML. Null or blank: false.
   */
  public static boolean acceptsHtml(String accept) {
    if (accept == null) {
      return false;
    }
    // A limit of -1 keeps empty strings: split(";") of ";" is an empty array, and a client could
    // send that element to make parts[0] throw.
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      String type = parts[0].trim();
      if ((type.equalsIgnoreCase("text/html") || type.equalsIgnoreCase("text/*")) && quality(parts) > 0) {
        return true;
      }
    }
    return false;
  }

  /** Returns the {@code q} parameter of a media range, 1 when absent, 0 when malformed (§12.4.2). */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        String q = p.substring(2).trim();
        if (!QVALUE.matcher(q).matches()) {
          return 0;
        }
        return Double.parseDouble(q);
      }
    }
    return 1;
  }
}
