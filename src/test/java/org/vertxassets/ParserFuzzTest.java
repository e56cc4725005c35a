package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.AcceptEncoding;
import org.vertxassets.impl.http.AcceptHeader;
import org.vertxassets.impl.http.ByteRanges.ByteRange;
import org.vertxassets.impl.http.ByteRanges.Outcome;
import org.vertxassets.impl.http.ByteRanges;
import org.vertxassets.impl.http.HttpDates;
import org.vertxassets.impl.http.Preconditions;

/**
 * The request-header parsers fed random and mutated input from a fixed seed: none throws, and
 * each result stays within its bounds. A failure names the input, so that it can become a case
 * of the parser's own test.
 */
class ParserFuzzTest {

  private static final long SEED = 0x5eed_cafeL;
  private static final int INPUTS = 30_000;
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the dates an HTTP-date's four-digit year can name. */
  private static final long FIRST_DATE = -62_167_219_200L;
  private static final long LAST_DATE = 253_402_300_799L;

  @Test
  void acceptEncodingGivesEveryCodingAQualityBetweenZeroAndOne() {
    fuzz("br;q=0.5, gzip;q=1.0, zstd, identity;q=0, *;q=0.001, x-gzip", " ,;=.*qQ01-\t\"", s -> {
      AcceptEncoding parsed = AcceptEncoding.parse(s);
      for (Encoding encoding : Encoding.values()) {
        assertTrue(parsed.quality(encoding) >= 0 && parsed.quality(encoding) <= 1000, parsed::toString);
      }
      assertEquals(parsed, AcceptEncoding.memoised(s));
    });
  }

  @Test
  void byteRangesStayInsideTheRepresentationSortedAndApart() {
    Random lengths = new Random(SEED);
    fuzz("bytes=0-99, -5, 100-, 9223372036854775807-", "bytes=BYTES-,0123456789 \t;", s -> {
      long length = lengths.nextInt(4) == 0 ? Long.MAX_VALUE - lengths.nextInt(3) : lengths.nextInt(200);
      Outcome outcome = ByteRanges.parse(s, length);
      List<ByteRange> ranges = outcome.ranges();
      switch (outcome.kind()) {
        case IGNORE, UNSATISFIABLE -> assertTrue(ranges.isEmpty());
        case SINGLE -> assertEquals(1, ranges.size());
        case MULTIPLE -> assertTrue(ranges.size() >= 2 && ranges.size() <= ByteRanges.MAX_RANGES);
        default -> throw new AssertionError(outcome);
      }
      for (int k = 0; k < ranges.size(); k++) {
        ByteRange r = ranges.get(k);
        assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < length, () -> r + " of " + length);
        // Coalesced: sorted, neither overlapping nor touching the previous one.
        assertTrue(k == 0 || r.first() > ranges.get(k - 1).last() + 1, ranges::toString);
      }
    });
  }

  @Test
  void httpDatesAreInvalidOrWithinTheFourDigitYearsAndFormatBackToThemselves() {
    fuzz("Sun, 06 Nov 1994 08:49:37 GMT", "0123456789 ,:-GMTSunMonNovDec", s -> {
      long date = HttpDates.parse(s);
      if (date != HttpDates.INVALID) {
        assertTrue(date >= FIRST_DATE && date <= LAST_DATE, () -> String.valueOf(date));
        assertEquals(date, HttpDates.parse(HttpDates.format(date)));
      }
    });
    fuzz("Sunday, 06-Nov-94 08:49:37 GMT", "0123456789 ,:-GMTSundayNov", s -> {
      long date = HttpDates.parse(s, 1_700_000_000L);
      assertTrue(date == HttpDates.INVALID || date >= FIRST_DATE && date <= LAST_DATE, () -> String.valueOf(date));
    });
    fuzz("Sun Nov  6 08:49:37 1994", "0123456789 :SunNov", HttpDates::parse);
  }

  @Test
  void preconditionsAnswerEveryEntityTagListAndDate() {
    String etag = "\"3f2a9c1b7e4d\"";
    fuzz(etag + ", W/" + etag + ", \"a,b\", *", "\"W/*, \t", s -> {
      assertNotNull(Preconditions.evaluate(s, s, s, s, etag, 1_700_000_000L));
      assertNotNull(Preconditions.evaluate(null, s, s, null, etag, 1_700_000_000L));
      Preconditions.ifRangeMatches(s, etag, 1_700_000_000L);
    });
  }

  @Test
  void acceptHeaderReadsAnyValue() {
    fuzz("text/html;q=0.9, text/*;q=0.5, */*;q=0.1", "text/html*;q=0.15, ", AcceptHeader::acceptsHtml);
  }

  @Test
  void aDecodedPathIsSafeAndEncodesBackToItself() {
    fuzz("/a/b%20c/caf%C3%A9.txt", "/%.abcAF0123456789\\;:", s -> {
      String decoded = RequestPaths.decode(s);
      if (decoded != null) {
        assertFalse(decoded.contains("\\") || decoded.contains("\0"), decoded);
        assertFalse(("/" + decoded + "/").contains("/../") || ("/" + decoded + "/").contains("/./"), decoded);
        assertEquals(decoded, RequestPaths.decode(RequestPaths.encodePath(decoded)));
      }
    });
  }

  @Test
  void anEncodedQueryHasOnlyCharactersALocationMayHold() {
    fuzz("a=1&b=%20c&d=caf\u00e9", "=&%?/ \"<>\r\n\u00e9\u2028", s -> {
      String query = RequestPaths.encodeQuery(s);
      assertTrue(query.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0), query);
    });
  }

  /**
   * Feeds {@code check} with {@link #INPUTS} strings: {@code valid} mutated, strings over
   * {@code alphabet}, and random chars (some above 0xFF, which no HTTP decoder gives but which
   * must not break a parser either). Reports the input that failed.
   */
  private static void fuzz(String valid, String alphabet, Consumer<String> check) {
    Random random = new Random(SEED);
    for (int n = 0; n < INPUTS; n++) {
      String input = switch (n % 3) {
        case 0 -> mutate(random, valid, alphabet);
        case 1 -> string(random, alphabet, random.nextInt(48));
        default -> string(random, null, random.nextInt(48));
      };
      try {
        check.accept(input);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("input " + n + " [" + input + "]: " + e, e);
      }
    }
  }

  private static String mutate(Random random, String valid, String alphabet) {
    StringBuilder sb = new StringBuilder(valid);
    for (int edits = 1 + random.nextInt(4), k = 0; k < edits; k++) {
      int at = random.nextInt(sb.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> sb.insert(at, sb.substring(at, at + random.nextInt(sb.length() - at + 1)));
        case 2 -> {
          if (at < sb.length()) {
            sb.deleteCharAt(at);
          }
        }
        default -> {
          if (at < sb.length()) {
            sb.setCharAt(at, randomChar(random));
          }
        }
      }
    }
    return sb.toString();
  }

  private static String string(Random random, String alphabet, int length) {
    char[] chars = new char[length];
    for (int k = 0; k < length; k++) {
      chars[k] = alphabet != null ? alphabet.charAt(random.nextInt(alphabet.length())) : randomChar(random);
    }
    return new String(chars);
  }

  private static char randomChar(Random random) {
    return random.nextInt(20) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x100);
  }
}
