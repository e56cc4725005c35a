package org.vertxassets.impl.http;

import java.util.List;
import java.util.Objects;

/**
 * The {@code Range} request header (RFC 9110 §14.1.1, §14.2) resolved against a representation
 * length: what to send, without ever throwing for what a client wrote. Stateless; safe to call
 * from any thread.
 */
public final class ByteRanges {

  /** More specs than this and the header is ignored: no amplification (§14.2). */
  public static final int MAX_RANGES = 16;

  private static final Outcome IGNORE = new Outcome(Kind.IGNORE, List.of());
  private static final Outcome UNSATISFIABLE = new Outcome(Kind.UNSATISFIABLE, List.of());

  private ByteRanges() {}

  /** An inclusive byte range of a representation, {@code first <= last}. */
  public record ByteRange(long first, long last) {

    public ByteRange {
      if (first < 0 || last < first) {
        throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
      }
    }

    /** Returns the number of bytes in the range, {@code last - first + 1}. */
    public long length() {
      return last - first + 1;
    }
  }

  /** What to do with a {@code Range} header. */
  public enum Kind {
    /** No header, a malformed one, another unit, too many ranges, or an empty file: send 200. */
    IGNORE,
    /** Well-formed but no range overlaps the representation: send 416. */
    UNSATISFIABLE,
    /** Exactly one range after coalescing: send 206 with {@code Content-Range}. */
    SINGLE,
    /** Two or more ranges apart from each other, in the order asked: multipart/byteranges, or a 200. */
    MULTIPLE
  }

  /** A {@link Kind} and its ranges: one for SINGLE, two or more for MULTIPLE, else none. */
  public record Outcome(Kind kind, List<ByteRange> ranges) {

    public Outcome {
      Objects.requireNonNull(kind, "kind");
      ranges = List.copyOf(ranges);
    }
  }

  /**
   * Returns what {@code header} asks of a representation of {@code length} bytes. Satisfiable
   * ranges are clipped to the representation and merged where they overlap or touch; those left
   * come in the order their first spec was asked, as RFC 9110 §14.2 wants the parts of a
   * multipart answer.
   */
  public static Outcome parse(String header, long length) {
    // A Range on a zero-length file gets a full 200: there is no byte to cut.
    if (header == null || length <= 0) {
      return IGNORE;
    }
    int start = Ows.skip(header, 0, header.length());
    int end = Ows.trimEnd(header, start, header.length());
    // ranges-specifier = range-unit "=" range-set (§14.1.1); units are case-insensitive
    // (§14.1) and no whitespace is allowed around "=".
    if (end - start < 6 || !header.regionMatches(true, start, "bytes=", 0, 6)
        || (end - start > 6 && Ows.is(header.charAt(start + 6)))) {
      return IGNORE;
    }
    long[] firsts = new long[MAX_RANGES];
    long[] lasts = new long[MAX_RANGES];
    int specs = 0;
    int satisfiable = 0;
    boolean needComma = false;
    int i = start + 6;
    // range-set = 1#range-spec: empty list elements are allowed and skipped (§5.6.1).
    while (i < end) {
      char c = header.charAt(i);
      if (c == ',') {
        needComma = false;
        i++;
        continue;
      }
      if (Ows.is(c)) {
        i++;
        continue;
      }
      if (needComma || ++specs > MAX_RANGES) {
        return IGNORE;
      }
      long first = -1;
      if (c != '-') {
        first = 0;
        for (; i < end && isDigit(header.charAt(i)); i++) {
          first = accumulate(first, header.charAt(i));
        }
      }
      if (i >= end || header.charAt(i) != '-') {
        return IGNORE;
      }
      i++;
      int digitsStart = i;
      long last = 0;
      for (; i < end && isDigit(header.charAt(i)); i++) {
        last = accumulate(last, header.charAt(i));
      }
      boolean hasLast = i > digitsStart;
      needComma = true;
      if (i < end && header.charAt(i) != ',' && !Ows.is(header.charAt(i))) {
        return IGNORE;
      }
      if (first < 0) {
        // suffix-range = "-" suffix-length: the last min(n, length) bytes (§14.1.1).
        if (!hasLast) {
          return IGNORE;
        }
        if (last > 0) {
          firsts[satisfiable] = length - Math.min(last, length);
          lasts[satisfiable++] = length - 1;
        }
      } else {
        // int-range = first-pos "-" [ last-pos ]; invalid if last-pos < first-pos (§14.1.1).
        if (hasLast && last < first) {
          return IGNORE;
        }
        if (first < length) {
          firsts[satisfiable] = first;
          lasts[satisfiable++] = hasLast ? Math.min(last, length - 1) : length - 1;
        }
      }
    }
    if (specs == 0) {
      return IGNORE;
    }
    if (satisfiable == 0) {
      return UNSATISFIABLE;
    }
    return coalesce(firsts, lasts, satisfiable);
  }

  /**
   * Returns the ranges with overlapping or adjacent ones merged, in the order asked: a merged
   * range takes the place of the first of its specs.
   */
  private static Outcome coalesce(long[] firsts, long[] lasts, int count) {
    // Specs are numbered in the order asked; insertion sorts: at most MAX_RANGES elements.
    int[] byStart = new int[count];
    for (int k = 0; k < count; k++) {
      int spec = k;
      int j = k - 1;
      for (; j >= 0 && firsts[byStart[j]] > firsts[spec]; j--) {
        byStart[j + 1] = byStart[j];
      }
      byStart[j + 1] = spec;
    }
    long[] mergedFirsts = new long[count];
    long[] mergedLasts = new long[count];
    int[] asked = new int[count];
    int merged = 0;
    for (int k = 0; k < count; k++) {
      int spec = byStart[k];
      // last <= length - 1 < Long.MAX_VALUE, so last + 1 cannot overflow.
      if (merged > 0 && firsts[spec] <= mergedLasts[merged - 1] + 1) {
        mergedLasts[merged - 1] = Math.max(mergedLasts[merged - 1], lasts[spec]);
        asked[merged - 1] = Math.min(asked[merged - 1], spec);
      } else {
        mergedFirsts[merged] = firsts[spec];
        mergedLasts[merged] = lasts[spec];
        asked[merged++] = spec;
      }
    }
    ByteRange[] ranges = new ByteRange[merged];
    for (int k = 0; k < merged; k++) {
      ByteRange range = new ByteRange(mergedFirsts[k], mergedLasts[k]);
      int place = asked[k];
      int j = k - 1;
      for (; j >= 0 && asked[j] > place; j--) {
        asked[j + 1] = asked[j];
        ranges[j + 1] = ranges[j];
      }
      asked[j + 1] = place;
      ranges[j + 1] = range;
    }
    return new Outcome(merged == 1 ? Kind.SINGLE : Kind.MULTIPLE, List.of(ranges));
  }

  /** Returns {@code value * 10 + digit}, saturated at Long.MAX_VALUE. */
  private static long accumulate(long value, char digit) {
    int d = digit - '0';
    return value > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : value * 10 + d;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
