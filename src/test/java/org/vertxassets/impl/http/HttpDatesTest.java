package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HttpDatesTest {

  /** Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110 §5.6.7. */
  private static final long EXAMPLE = 784_111_777L;
  /** 2025-06-01T00:00:00Z, the clock for two-digit years. */
  private static final long NOW = LocalDateTime.of(2025, 6, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Sun Nov 06 08:49:37 1994",
  })
  void allThreeFormsOfTheRfcExampleParse(String value) {
    assertEquals(EXAMPLE, HttpDates.parse(value, NOW));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals(EXAMPLE, HttpDates.parse(" \tSun, 06 Nov 1994 08:49:37 GMT \t"));
  }

  @Test
  void asctimeWithTwoDigitDayParses() {
    assertEquals(EXAMPLE + 10 * 86_400, HttpDates.parse("Wed Nov 16 08:49:37 1994"));
  }

  @Test
  void dayNameNeedNotAgreeWithTheDate() {
    assertEquals(EXAMPLE, HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT"));
  }

  @Test
  void leapDayOfALeapYearParses() {
    assertEquals(825_552_000L, HttpDates.parse("Thu, 29 Feb 1996 00:00:00 GMT"));
  }

  @Test
  void leapSecondIsReadAsSecondFiftyNine() {
    assertEquals(EXAMPLE - 37 + 59, HttpDates.parse("Sun, 06 Nov 1994 08:49:60 GMT"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''",
    "'   '",
    "garbage",
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "sun, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06 nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 gmt",
    "Sum, 06 Nov 1994 08:49:37 GMT",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 94 08:49:37 GMT",
    "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 31 Nov 1994 08:49:37 GMT",
    "Sun, 29 Feb 1900 08:49:37 GMT",
    "Sun, 30 Feb 1996 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 08:60:37 GMT",
    "Sun, 06 Nov 1994 08:49:61 GMT",
    "Sun, 06 Nov 1994 08-49-37 GMT",
    "Sun, 06 Nov +994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:3x GMT",
    "Sun, ٠6 Nov 1994 08:49:37 GMT",
    "Sun,  06 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMTX",
    "Sunday, 06-Nov-1994 08:49:37 GMT",
    "Sun, 06-Nov-94 08:49:37 GMT",
    "Sundae, 06-Nov-94 08:49:37 GMT",
    "Sunday, 06 Nov 94 08:49:37 GMT",
    "Sunday, 06-Nov-9x 08:49:37 GMT",
    "Sun Nov  6 08:49:37 94",
    "Sun Nov 6  08:49:37 1994",
    "Sun Nov  6 08:49:37 1994 GMT",
    "1994-11-06T08:49:37Z",
    "784111777",
  })
  void malformedValuesAreInvalid(String value) {
    assertEquals(HttpDates.INVALID, HttpDates.parse(value));
  }

  @Test
  void nullIsInvalid() {
    assertEquals(HttpDates.INVALID, HttpDates.parse(null));
  }

  @Test
  void hugeValueIsInvalid() {
    assertEquals(HttpDates.INVALID, HttpDates.parse("Sun, ".repeat(200_000)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sunday, 06-Nov-94 08:49:37 GMT  | 1994",
    "Thursday, 01-Jan-70 00:00:00 GMT | 2070",
    "Friday, 01-Jan-76 00:00:00 GMT   | 1976",
    "Saturday, 01-Jan-00 00:00:00 GMT | 2000",
    "Sunday, 01-Jun-75 00:00:00 GMT   | 2075",
    "Monday, 02-Jun-75 00:00:00 GMT   | 1975",
  })
  void twoDigitYearMoreThanFiftyYearsAheadIsInThePast(String value, int year) {
    long parsed = HttpDates.parse(value, NOW);
    assertEquals(year, LocalDateTime.ofEpochSecond(parsed, 0, ZoneOffset.UTC).getYear());
  }

  @Test
  void twoDigitYearNearTheEndOfACenturyCanBeInTheNextOne() {
    long now = LocalDateTime.of(2099, 6, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long parsed = HttpDates.parse("Friday, 01-Jan-00 00:00:00 GMT", now);
    assertEquals(2100, LocalDateTime.ofEpochSecond(parsed, 0, ZoneOffset.UTC).getYear());
  }

  @Test
  void formatWritesImfFixdate() {
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(EXAMPLE));
  }

  @Test
  void formatPadsDayAndTimeToTwoDigits() {
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
  }

  @ParameterizedTest
  @MethodSource("instants")
  void formatAgreesWithJavaTime(long epochSecond) {
    assertEquals(IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)),
        HttpDates.format(epochSecond));
  }

  @ParameterizedTest
  @MethodSource("instants")
  void parseReadsWhatFormatWrites(long epochSecond) {
    assertEquals(epochSecond, HttpDates.parse(HttpDates.format(epochSecond)));
  }

  @Test
  void formatClampsToTheLastFourDigitYear() {
    assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", HttpDates.format(Long.MAX_VALUE));
  }

  @Test
  void formatClampsToTheFirstFourDigitYear() {
    assertEquals(IMF_FIXDATE.format(LocalDateTime.of(0, 1, 1, 0, 0).toInstant(ZoneOffset.UTC)),
        HttpDates.format(Long.MIN_VALUE));
  }

  /** The edges; {@link HttpDatesFuzzTest} checks random instants. */
  static LongStream instants() {
    return LongStream.of(0, -1, EXAMPLE, 951_782_400L, 4_107_542_399L, 253_402_300_799L);
  }
}
