package org.vertxassets.impl.http;

/** Optional whitespace (RFC 9110 §5.6.3: {@code OWS = *( SP / HTAB )}) around list elements and parameters. */
final class Ows {

  private Ows() {
  }

  /** Returns whether {@code c} is SP or HTAB. */
  static boolean is(char c) {
    return c == ' ' || c == '\t';
  }

  /** Returns the index of the first character of {@code s} in {@code [from, to)} that is not OWS, or {@code to}. */
  static int skip(String s, int from, int to) {
    int k = from;
    while (k < to && is(s.charAt(k))) {
      k++;
    }
    return k;
  }

  /** Returns the end of {@code s} in {@code [from, to)} without its trailing OWS. */
  static int trimEnd(String s, int from, int to) {
    int k = to;
    while (k > from && is(s.charAt(k - 1))) {
      k--;
    }
    return k;
  }
}
