package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vertxassets.testing.Fuzz;

/**
 * {@link HttpDates} against random instants and random text: an instant written by
 * {@code java.time} in each of the three forms of RFC 9110 §5.6.7 parses back to itself and
 * {@link HttpDates#format} writes it as {@code java.time} does; any text is either no date or a
 * date of a four-digit year that formats back to itself, whatever whitespace surrounds it, and
 * that is no date once lower-cased (HTTP-date is case-sensitive).
 */
class HttpDatesFuzzTest {

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the dates an HTTP-date's four-digit year can name. */
  private static final long FIRST_DATE = -62_167_219_200L;
  private static final long LAST_DATE = 253_402_300_799L;
  /** 2025-06-01T00:00:00Z, the clock for two-digit years. */
  private static final long NOW = LocalDateTime.of(2025, 6, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long FORTY_NINE_YEARS = 49L * 365 * 86_400;
  private static final DateTimeFormatter IMF_FIXDATE = formatter("EEE, dd MMM uuuu HH:mm:ss 'GMT'");
  private static final DateTimeFormatter RFC_850 = formatter("EEEE, dd-MMM-yy HH:mm:ss 'GMT'");
  private static final DateTimeFormatter ASCTIME = formatter("EEE MMM ppd HH:mm:ss uuuu");

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC);
  }

  @Test
  void anInstantInAnyOfTheThreeFormsParsesBackToItself() {
    Fuzz.forAll(Fuzz.SEED, 20_000, fuzz -> fuzz.nextLong(FIRST_DATE, LAST_DATE + 1), t -> {
      Instant instant = Instant.ofEpochSecond(t);
      assertEquals(IMF_FIXDATE.format(instant), HttpDates.format(t));
      assertEquals(t, HttpDates.parse(IMF_FIXDATE.format(instant), NOW), "IMF-fixdate");
      assertEquals(t, HttpDates.parse(ASCTIME.format(instant), NOW), "asctime");
      // A two-digit year names the one within 50 years of the clock (§5.6.7).
      long near = NOW + Math.floorMod(t, 2 * FORTY_NINE_YEARS) - FORTY_NINE_YEARS;
      assertEquals(near, HttpDates.parse(RFC_850.format(Instant.ofEpochSecond(near)), NOW), "RFC 850");
    });
  }

  @Test
  void anyTextIsNoDateOrOneThatFormatsBackToItself() {
    check(fuzz -> fuzz.near("Sun, 06 Nov 1994 08:49:37 GMT", "0123456789 ,:-GMTSunMonNovDec"));
    check(fuzz -> fuzz.near("Sunday, 06-Nov-94 08:49:37 GMT", "0123456789 ,:-GMTSundayNov"));
    check(fuzz -> fuzz.near("Sun Nov  6 08:49:37 1994", "0123456789 :SunNov"));
  }

  @Test
  void textOfTheLengthsOfTheThreeFormsIsNoDateOrOneThatFormatsBackToItself() {
    check(fuzz -> fuzz.string("SunMoTeWdhFriSat,- :0123456789GMTNovFebJanDy\t\"", 20 + fuzz.nextInt(16)));
  }

  private static void check(Function<Fuzz, String> input) {
    Fuzz.forAll(Fuzz.SEED, 100_000, input, s -> {
      long date = HttpDates.parse(s, NOW);
      assertEquals(date, HttpDates.parse(" \t" + s + "\t ", NOW), "surrounded by whitespace");
      if (date != HttpDates.INVALID) {
        assertTrue(date >= FIRST_DATE && date <= LAST_DATE, () -> String.valueOf(date));
        assertEquals(date, HttpDates.parse(HttpDates.format(date)));
        assertEquals(HttpDates.INVALID, HttpDates.parse(s.toLowerCase(Locale.ROOT), NOW), "lower-cased");
      }
    });
  }
}
