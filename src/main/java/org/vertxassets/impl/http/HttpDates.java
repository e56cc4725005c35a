package org.vertxassets.impl.http;

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7), hand-written so that no input can throw
 * and no exception is used for control flow. Netty's {@code DateFormatter} is not used: its parser
 * reads dates as cookies are read (RFC 6265 §5.1.1), accepting values that are not HTTP-dates,
 * which a conditional request must ignore (§13.1.3), and resolves a two-digit year by a fixed
 * window rather than §5.6.7's fifty-years rule; its formatter's calendar turns Julian before 1583.
 *
 * <p>All three forms are accepted, as a recipient must: IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 * HTTP-date is case-sensitive (§5.6.7), so day names, month names and {@code GMT} must be spelt
 * exactly as in the grammar. A leap second ({@code :60}) is read as {@code :59}, which keeps the
 * result within the minute the sender named. Stateless; safe to call from any thread.
 */
public final class HttpDates {

  /** Returned by {@link #parse} for a value that is not a valid HTTP-date. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] LONG_DAYS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
  };
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final int SECONDS_PER_DAY = 86_400;
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the span a four-digit year can express. */
  private static final long MIN_FORMATTABLE = daysFromCivil(0, 1, 1) * SECONDS_PER_DAY;
  private static final long MAX_FORMATTABLE =
      daysFromCivil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;

  private HttpDates() {}

  /**
   * Returns the epoch second {@code value} denotes, or {@link #INVALID} if it is null or not an
   * HTTP-date in one of the three forms of RFC 9110 §5.6.7. Surrounding whitespace is ignored.
   * A two-digit RFC 850 year is resolved against the system clock.
   */
  public static long parse(String value) {
    return parse(value, System.currentTimeMillis() / 1000);
  }

  /**
   * Returns the epoch second {@code value} denotes, or {@link #INVALID}, resolving a two-digit
   * RFC 850 year as if the current time were {@code nowEpochSecond}.
   */
  public static long parse(String value, long nowEpochSecond) {
    if (value == null) {
      return INVALID;
    }
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && value.charAt(end - 1) <= ' ') {
      end--;
    }
    int length = end - start;
    if (length == 29 && value.charAt(start + 3) == ',') {
      return imfFixdate(value, start);
    }
    if (length == 24 && value.charAt(start + 3) == ' ') {
      return asctime(value, start);
    }
    if (length >= 30 && length <= 33) {
      return rfc850(value, start, length - 24, nowEpochSecond);
    }
    return INVALID;
  }

  /** Returns {@code epochSecond} as an IMF-fixdate, clamped to the years 0000 to 9999. */
  public static String format(long epochSecond) {
    long clamped = Math.max(MIN_FORMATTABLE, Math.min(MAX_FORMATTABLE, epochSecond));
    long days = Math.floorDiv(clamped, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(clamped, SECONDS_PER_DAY);
    long civil = civilFromDays(days);
    StringBuilder out = new StringBuilder(29);
    // 1970-01-01 was a Thursday, index 3 in DAYS.
    out.append(DAYS[Math.floorMod(days + 3, 7)]).append(", ");
    appendDigits(out, civil % 100, 2);
    out.append(' ').append(MONTHS[(int) (civil / 100 % 100) - 1]).append(' ');
    appendDigits(out, civil / 10_000, 4);
    out.append(' ');
    appendDigits(out, secondOfDay / 3600, 2);
    out.append(':');
    appendDigits(out, secondOfDay / 60 % 60, 2);
    out.append(':');
    appendDigits(out, secondOfDay % 60, 2);
    return out.append(" GMT").toString();
  }

  // IMF-fixdate = day-name "," SP day SP month SP year SP hour ":" minute ":" second SP "GMT"
  private static long imfFixdate(String s, int i) {
    if (indexOf(DAYS, s, i) < 0 || s.charAt(i + 4) != ' ' || s.charAt(i + 7) != ' '
        || s.charAt(i + 11) != ' ' || s.charAt(i + 16) != ' ' || s.charAt(i + 25) != ' '
        || !s.startsWith("GMT", i + 26)) {
      return INVALID;
    }
    return epoch(digits(s, i + 12, 4), indexOf(MONTHS, s, i + 8) + 1, digits(s, i + 5, 2),
        timeOfDay(s, i + 17));
  }

  // asctime-date = day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP year
  private static long asctime(String s, int i) {
    if (indexOf(DAYS, s, i) < 0 || s.charAt(i + 7) != ' ' || s.charAt(i + 10) != ' '
        || s.charAt(i + 19) != ' ') {
      return INVALID;
    }
    int day = s.charAt(i + 8) == ' ' ? digits(s, i + 9, 1) : digits(s, i + 8, 2);
    return epoch(digits(s, i + 20, 4), indexOf(MONTHS, s, i + 4) + 1, day,
        timeOfDay(s, i + 11));
  }

  // rfc850-date = day-name-l "," SP day "-" month "-" 2DIGIT SP time-of-day SP "GMT"
  private static long rfc850(String s, int i, int nameLength, long nowEpochSecond) {
    int n = i + nameLength;
    int dayName = indexOf(LONG_DAYS, s, i);
    if (dayName < 0 || LONG_DAYS[dayName].length() != nameLength || s.charAt(n) != ','
        || s.charAt(n + 1) != ' ' || s.charAt(n + 4) != '-' || s.charAt(n + 8) != '-'
        || s.charAt(n + 11) != ' ' || s.charAt(n + 20) != ' ' || !s.startsWith("GMT", n + 21)) {
      return INVALID;
    }
    int twoDigitYear = digits(s, n + 9, 2);
    int month = indexOf(MONTHS, s, n + 5) + 1;
    int day = digits(s, n + 2, 2);
    int time = timeOfDay(s, n + 12);
    if (twoDigitYear < 0 || month < 1 || day < 0 || time < 0) {
      return INVALID;
    }
    // §5.6.7: a two-digit year that would be more than 50 years in the future means the most
    // recent past year with the same last two digits; we read every year into the 100-year
    // window that ends 50 years from now.
    long now = Math.max(MIN_FORMATTABLE, Math.min(MAX_FORMATTABLE, nowEpochSecond));
    long nowDays = Math.floorDiv(now, SECONDS_PER_DAY);
    long nowCivil = civilFromDays(nowDays);
    long nowYear = nowCivil / 10_000;
    long limit = (nowCivil + 50 * 10_000) * 100_000L + Math.floorMod(now, SECONDS_PER_DAY);
    long year = nowYear - nowYear % 100 + twoDigitYear;
    if (key(year, month, day, time) > limit) {
      year -= 100;
    } else if (key(year + 100, month, day, time) <= limit) {
      year += 100;
    }
    return epoch(year, month, day, time);
  }

  /** Returns a number that orders date-times as they order in time. */
  private static long key(long year, int month, int day, int secondOfDay) {
    return (year * 10_000 + month * 100 + day) * 100_000L + secondOfDay;
  }

  /** Returns the epoch second, or INVALID if any part is missing (-1) or out of range. */
  private static long epoch(long year, int month, int day, int secondOfDay) {
    if (year < 0 || month < 1 || secondOfDay < 0 || day < 1 || day > daysInMonth(year, month)) {
      return INVALID;
    }
    return daysFromCivil(year, month, day) * SECONDS_PER_DAY + secondOfDay;
  }

  /** Returns the second of the day of {@code HH:MM:SS} at {@code i}, or -1. */
  private static int timeOfDay(String s, int i) {
    int hour = digits(s, i, 2);
    int minute = digits(s, i + 3, 2);
    int second = digits(s, i + 6, 2);
    if (s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':' || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return -1;
    }
    return hour * 3600 + minute * 60 + Math.min(second, 59);
  }

  /** Returns the value of the {@code count} ASCII digits at {@code i}, or -1. */
  private static int digits(String s, int i, int count) {
    int value = 0;
    for (int k = i; k < i + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Returns the index of the name that {@code s} holds at {@code i}, or -1. */
  private static int indexOf(String[] names, String s, int i) {
    for (int k = 0; k < names.length; k++) {
      if (s.startsWith(names[k], i)) {
        return k;
      }
    }
    return -1;
  }

  private static int daysInMonth(long year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Returns the days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
  private static long daysFromCivil(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** Returns the date of an epoch day as {@code yyyy * 10000 + mm * 100 + dd}. */
  private static long civilFromDays(long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return year * 10_000 + month * 100 + day;
  }

  private static void appendDigits(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int k = digits.length(); k < width; k++) {
      out.append('0');
    }
    out.append(digits);
  }
}
