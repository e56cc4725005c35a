package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.http.Preconditions.Result;
import org.vertxassets.testing.Fuzz;

/**
 * {@link Preconditions} against random conditional headers: built from entity-tags and dates the
 * test knows, the result is the one RFC 9110 §13.2.2 gives, step by step; on any value, a header
 * that a step says to ignore changes nothing, and a match needs the entity-tag or {@code *}.
 */
class PreconditionsFuzzTest {

  private static final String ETAG = "\"3f2a9c1b7e4d\"";
  private static final long LAST_MODIFIED = 1_700_000_000L;
  private static final String VALID = ETAG + ", W/" + ETAG + ", \"a,b\", *";
  private static final String ALPHABET = "\"W/*, \t3f2a9cw\u00ff\u0100";
  /** List elements that match the representation's tag by the strong comparison (§8.8.3.2). */
  private static final List<String> STRONG = List.of(ETAG);
  /** Elements that match by the weak comparison only. */
  private static final List<String> WEAK = List.of("W/" + ETAG);
  /**
   * Elements that match by neither: other tags, a "*" inside a list, malformed tags. None leaves a
   * quote open, which would run on through the commas after it (etagc allows commas, §8.8.3).
   */
  private static final List<String> OTHER = List.of("\"other\"", "W/\"other\"", "\"a,b\"", "*", "3f2a9c1b7e4d",
      "'3f2a9c1b7e4d'", "w/" + ETAG, "W/ " + ETAG, "\"3f2a9c1b7e4d\"x", "\"\"");

  /** Conditional headers as sent (null: absent), with what the test knows of each list and date. */
  private record Headers(List<String> ifMatch, Long ifUnmodifiedSince, List<String> ifNoneMatch,
      Long ifModifiedSince) {

    Result evaluate() {
      return Preconditions.evaluate(list(ifMatch), date(ifUnmodifiedSince), list(ifNoneMatch),
          date(ifModifiedSince), ETAG, LAST_MODIFIED);
    }

    /** Returns the result of §13.2.2, steps 1 to 4, for GET and HEAD. */
    Result expected() {
      if (ifMatch != null) {
        if (!matches(ifMatch, STRONG)) {
          return Result.PRECONDITION_FAILED;
        }
      } else if (ifUnmodifiedSince != null && ifUnmodifiedSince != Long.MIN_VALUE
          && LAST_MODIFIED > ifUnmodifiedSince) {
        return Result.PRECONDITION_FAILED;
      }
      if (ifNoneMatch != null) {
        return matches(ifNoneMatch, STRONG) || matches(ifNoneMatch, WEAK) ? Result.NOT_MODIFIED : Result.PROCEED;
      }
      if (ifModifiedSince != null && ifModifiedSince != Long.MIN_VALUE && LAST_MODIFIED <= ifModifiedSince) {
        return Result.NOT_MODIFIED;
      }
      return Result.PROCEED;
    }

    /** Returns whether the list is the single {@code *}, or holds one of {@code tags}. */
    private static boolean matches(List<String> list, List<String> tags) {
      return list.equals(List.of("*")) || list.stream().anyMatch(tags::contains);
    }

    private static String list(List<String> list) {
      return list == null ? null : String.join(", ", list);
    }

    /** Returns the date as an IMF-fixdate, or text that is no date for Long.MIN_VALUE. */
    private static String date(Long date) {
      return date == null ? null : date == Long.MIN_VALUE ? "yesterday" : HttpDates.format(date);
    }
  }

  @Test
  void knownTagsAndDatesGiveTheResultOfTheRfcSteps() {
    Fuzz.forAll(Fuzz.SEED, 20_000, PreconditionsFuzzTest::headers, h -> assertEquals(h.expected(), h.evaluate()));
  }

  @Test
  void ifRangeMatchesOnlyTheStrongTagOrTheExactDate() {
    Fuzz.forAll(Fuzz.SEED, 20_000, fuzz -> fuzz.pick(" ", "", "\t") + fuzz.pick(ETAG, "W/" + ETAG, "\"other\"",
        HttpDates.format(LAST_MODIFIED), HttpDates.format(LAST_MODIFIED + fuzz.pick(-86_400, -1, 1, 3600)),
        "yesterday") + fuzz.pick(" ", ""), ifRange -> {
          String value = ifRange.strip();
          boolean expected = value.equals(ETAG) || value.equals(HttpDates.format(LAST_MODIFIED));
          assertEquals(expected, Preconditions.ifRangeMatches(ifRange, ETAG, LAST_MODIFIED));
        });
  }

  @Test
  void anyValueIsIgnoredWhereTheStepsSayAndMatchesOnlyWithTheTagOrAStar() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> fuzz.near(VALID, ALPHABET), s -> {
      String date = HttpDates.format(LAST_MODIFIED);
      Result ifMatch = evaluate(s, null, null, null);
      // Step 1: a failed If-Match decides; a passed one leaves the rest, without If-Unmodified-Since.
      assertEquals(ifMatch == Result.PRECONDITION_FAILED ? ifMatch : evaluate(null, null, ETAG, null),
          evaluate(s, "Thu, 01 Jan 1970 00:00:00 GMT", ETAG, null));
      // Step 3: If-None-Match decides, without If-Modified-Since.
      assertEquals(evaluate(null, null, s, null), evaluate(null, null, s, date));
      if (ifMatch == Result.PROCEED || evaluate(null, null, s, null) == Result.NOT_MODIFIED) {
        assertTrue(s.contains(ETAG) || s.contains("*"), "matched without the tag or a star");
      }
      if (Preconditions.ifRangeMatches(s, ETAG, LAST_MODIFIED)) {
        assertTrue(s.contains(ETAG) || HttpDates.parse(s) == LAST_MODIFIED, "If-Range matched neither");
      }
    });
  }

  private static Result evaluate(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
      String ifModifiedSince) {
    return Preconditions.evaluate(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, ETAG, LAST_MODIFIED);
  }

  private static Headers headers(Fuzz fuzz) {
    return new Headers(fuzz.chance(0.5) ? list(fuzz) : null, fuzz.chance(0.5) ? date(fuzz) : null,
        fuzz.chance(0.5) ? list(fuzz) : null, fuzz.chance(0.5) ? date(fuzz) : null);
  }

  /** Returns {@code *} alone, or one to three elements. */
  private static List<String> list(Fuzz fuzz) {
    if (fuzz.chance(0.1)) {
      return List.of("*");
    }
    List<String> list = new ArrayList<>();
    for (int n = 1 + fuzz.nextInt(3), k = 0; k < n; k++) {
      list.add(fuzz.pick(fuzz.pick(STRONG, WEAK, OTHER, OTHER)));
    }
    return list;
  }

  /** Returns a date around the last modification, or Long.MIN_VALUE for text that is no date. */
  private static long date(Fuzz fuzz) {
    return fuzz.chance(0.1) ? Long.MIN_VALUE : LAST_MODIFIED + fuzz.pick(-86_400L, -1L, 0L, 1L, 86_400L);
  }
}
