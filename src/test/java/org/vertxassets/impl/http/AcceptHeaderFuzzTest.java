package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vertxassets.testing.Fuzz;

/**
 * {@link AcceptHeader#acceptsHtml} against random {@code Accept} values: built from media ranges
 * whose answer the test knows, it gives that answer; on any value, it ignores the case of ASCII
 * letters and whitespace around delimiters, and an element that names no HTML changes nothing.
 */
class AcceptHeaderFuzzTest {

  private static final String VALID = "text/html;q=0.9, text/*;q=0.5, */*;q=0.1";
  private static final String ALPHABET = "text/html*;q=0.15, \t";
  private static final List<String> HTML = List.of("text/html", "TEXT/HTML", "Text/Html", "text/*", "TEXT/*");
  private static final List<String> NOT_HTML = List.of("*/*", "application/json", "text/plain", "text/htmlx",
      "image/*", "application/xhtml+xml", "");
  /** Values of q (RFC 9110 §12.4.2) above zero, and values that are zero or malformed (which counts as zero). */
  private static final List<String> ABOVE_ZERO = List.of("0.001", "0.5", "1", "1.", "1.000");
  private static final List<String> ZERO = List.of("0", "0.", "0.000", "0.1234", "2", "1.5", "abc", "-1", ".5",
      "1.0001");

  /** A media range as sent: {@code q} is the value of its q parameter, or null for none. */
  private record Range(String type, String parameter, String qName, String q) {

    boolean acceptsHtml() {
      return HTML.contains(type) && (q == null || ABOVE_ZERO.contains(q));
    }

    @Override
    public String toString() {
      return type + parameter + (q == null ? "" : qName + q);
    }
  }

  @Test
  void nullOrBlankAcceptsNoHtml() {
    assertFalse(AcceptHeader.acceptsHtml(null));
    assertFalse(AcceptHeader.acceptsHtml(""));
    assertFalse(AcceptHeader.acceptsHtml(" \t "));
  }

  @Test
  void aHeaderOfKnownMediaRangesGetsTheAnswerTheyGive() {
    Fuzz.forAll(Fuzz.SEED, 20_000, AcceptHeaderFuzzTest::ranges, ranges -> {
      String header = String.join(", ", ranges.stream().map(Range::toString).toList());
      boolean expected = ranges.stream().anyMatch(Range::acceptsHtml);
      assertEquals(expected, AcceptHeader.acceptsHtml(header), header);
    });
  }

  @Test
  void anyValueIsReadTheSameWhateverItsCaseAndWhitespaceAroundDelimiters() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> fuzz.near(VALID, ALPHABET), s -> {
      boolean accepts = AcceptHeader.acceptsHtml(s);
      assertEquals(accepts, AcceptHeader.acceptsHtml(flipAsciiCase(s)), "case flipped");
      assertEquals(accepts, AcceptHeader.acceptsHtml(s.replace(",", " ,\t").replace(";", "\t; ")), "padded");
      // Each element counts alone: one that names no HTML, before or after, changes nothing.
      assertEquals(accepts, AcceptHeader.acceptsHtml("*/*;q=0.8," + s + ", application/json"), "with others");
      if (accepts) {
        assertTrue(s.toLowerCase(Locale.ROOT).contains("text/"), "accepted without naming text/");
      }
    });
  }

  /** Returns one to four media ranges. */
  private static List<Range> ranges(Fuzz fuzz) {
    List<Range> ranges = new ArrayList<>();
    for (int n = 1 + fuzz.nextInt(4), k = 0; k < n; k++) {
      ranges.add(new Range(fuzz.pick(fuzz.chance(0.5) ? HTML : NOT_HTML),
          fuzz.chance(0.2) ? fuzz.pick(";level=1", " ; charset=utf-8") : "", fuzz.pick(";q=", " ; Q=", ";\tq="),
          fuzz.chance(0.4) ? null : fuzz.pick(fuzz.chance(0.5) ? ABOVE_ZERO : ZERO)));
    }
    return ranges;
  }

  /** Returns {@code s} with every ASCII letter in the other case. */
  static String flipAsciiCase(String s) {
    char[] chars = s.toCharArray();
    for (int k = 0; k < chars.length; k++) {
      char c = chars[k];
      chars[k] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return new String(chars);
  }
}
