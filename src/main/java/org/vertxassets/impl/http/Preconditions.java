package org.vertxassets.impl.http;

/**
 * Conditional request evaluation for GET and HEAD (RFC 9110 §13.1, in the order of §13.2.2),
 * against one selected representation's strong {@code ETag} and {@code Last-Modified}.
 *
 * <p>Nothing here throws: a malformed entity-tag in a list is skipped, an unparsable date is
 * ignored (§13.1.3, §13.1.4). Stateless; safe to call from any thread.
 */
public final class Preconditions {

  /** What a conditional GET or HEAD asks the server to do. */
  public enum Result {
    /** Send the representation (200, or 206 if a Range applies). */
    PROCEED,
    /** Answer 412. */
    PRECONDITION_FAILED,
    /** Answer 304. */
    NOT_MODIFIED
  }

  private Preconditions() {}

  /**
   * Returns the outcome of the preconditions of a GET or HEAD; a null header is absent.
   * {@code etag} is the quoted entity-tag of the selected representation ({@code "3f2a9c"}) and
   * {@code lastModified} its modification time in epoch seconds.
   */
  public static Result evaluate(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
      String ifModifiedSince, String etag, long lastModified) {
    // §13.2.2 step 1: If-Match uses the strong comparison (§13.1.1, §8.8.3.2).
    if (ifMatch != null) {
      if (!anyMatches(ifMatch, etag, true)) {
        return Result.PRECONDITION_FAILED;
      }
    } else {
      // Step 2: If-Unmodified-Since only without If-Match; an invalid date is ignored (§13.1.4).
      long date = HttpDates.parse(ifUnmodifiedSince);
      if (date != HttpDates.INVALID && lastModified > date) {
        return Result.PRECONDITION_FAILED;
      }
    }
    // Step 3: If-None-Match uses the weak comparison (§13.1.2); for GET/HEAD a match is 304.
    if (ifNoneMatch != null) {
      return anyMatches(ifNoneMatch, etag, false) ? Result.NOT_MODIFIED : Result.PROCEED;
    }
    // Step 4: If-Modified-Since only without If-None-Match (§13.1.3).
    long date = HttpDates.parse(ifModifiedSince);
    if (date != HttpDates.INVALID && lastModified <= date) {
      return Result.NOT_MODIFIED;
    }
    return Result.PROCEED;
  }

  /**
   * Returns whether a {@code Range} should be honoured given {@code If-Range} (§13.1.5): true
   * for a null (absent) header, for a strong entity-tag equal to {@code etag}, or for an
   * HTTP-date exactly equal to {@code lastModified}; false for anything else, a weak tag
   * included.
   */
  public static boolean ifRangeMatches(String ifRange, String etag, long lastModified) {
    if (ifRange == null) {
      return true;
    }
    int start = Ows.skip(ifRange, 0, ifRange.length());
    int end = Ows.trimEnd(ifRange, start, ifRange.length());
    // §13.1.5: an entity-tag starts with DQUOTE or "W/", which no HTTP-date does.
    if (ifRange.startsWith("\"", start) || ifRange.startsWith("W/", start)) {
      return matches(ifRange, start, end, etag, true);
    }
    long date = HttpDates.parse(ifRange);
    return date != HttpDates.INVALID && date == lastModified;
  }

  /**
   * Returns whether the field value {@code "*" / #entity-tag} (§13.1.1, §13.1.2) matches
   * {@code etag}; {@code *} counts only as the whole value, as the grammar has it.
   */
  private static boolean anyMatches(String list, String etag, boolean strong) {
    int end = Ows.trimEnd(list, 0, list.length());
    int i = Ows.skip(list, 0, end);
    if (end - i == 1 && list.charAt(i) == '*') {
      return true;
    }
    while (i < end) {
      // An element runs to the next comma outside quotes: etagc allows commas (§8.8.3).
      int elementEnd = i;
      boolean quoted = false;
      while (elementEnd < end && (quoted || list.charAt(elementEnd) != ',')) {
        quoted ^= list.charAt(elementEnd) == '"';
        elementEnd++;
      }
      int elementStart = Ows.skip(list, i, elementEnd);
      if (matches(list, elementStart, Ows.trimEnd(list, elementStart, elementEnd), etag, strong)) {
        return true;
      }
      i = elementEnd + 1;
    }
    return false;
  }

  /**
   * Returns whether {@code [from, to)} is a well-formed entity-tag that matches {@code etag} by
   * the strong comparison (both strong, same opaque-tag) or the weak one (same opaque-tag),
   * §8.8.3.2.
   */
  private static boolean matches(String s, int from, int to, String etag, boolean strong) {
    if (etag == null) {
      return false;
    }
    boolean weak = s.startsWith("W/", from);
    int opaque = weak ? from + 2 : from;
    if (!isOpaqueTag(s, opaque, to)) {
      return false;
    }
    boolean etagWeak = etag.startsWith("W/");
    int etagOpaque = etagWeak ? 2 : 0;
    int length = to - opaque;
    if (strong && (weak || etagWeak)) {
      return false;
    }
    return etag.length() - etagOpaque == length
        && s.regionMatches(opaque, etag, etagOpaque, length);
  }

  /** Returns whether {@code [from, to)} is {@code DQUOTE *etagc DQUOTE} (§8.8.3). */
  private static boolean isOpaqueTag(String s, int from, int to) {
    if (to - from < 2 || s.charAt(from) != '"' || s.charAt(to - 1) != '"') {
      return false;
    }
    for (int k = from + 1; k < to - 1; k++) {
      char c = s.charAt(k);
      // etagc = %x21 / %x23-7E / obs-text
      if (c < 0x21 || c == '"' || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }
}
