package org.vertxassets.testing;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vertxassets.testing.HeaderFuzz.Request;
import org.vertxassets.testing.HeaderFuzz.Target;

/**
 * A deliberately small second reading of RFC 9110 for {@link HeaderFuzzTest}: the answer to a
 * fuzzed request, worked out from the RFC's grammar with regular expressions and no code of the
 * library. It only answers for plain values (sent once, unfolded, strictly in the grammar's
 * canonical form); for anything else it says it does not know, and the test falls back to the
 * looser checks every answer must pass.
 */
public final class HttpReference {

  /** What §13.2.2 gives for GET or HEAD against one representation. */
  public enum Outcome {
    PROCEED, PRECONDITION_FAILED, NOT_MODIFIED, UNKNOWN
  }

  /** Returned by {@link #date} for a value that is certainly no HTTP-date, which is ignored. */
  private static final long IGNORED = Long.MIN_VALUE;
  private static final long LAST_MODIFIED = Site.MODIFIED.toInstant().getEpochSecond();
  private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?(\"[\\x21\\x23-\\x7e\\x80-\\xff]*\")");
  private static final Pattern IMF_FIXDATE = Pattern.compile(
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4})"
      + " (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
      "Oct", "Nov", "Dec");
  private static final Pattern RANGE = Pattern.compile("bytes=(?:(\\d{1,15})-(\\d{1,15})?|-(\\d{1,15}))");
  private static final Pattern CODING = Pattern.compile(
      "([A-Za-z0-9*!#$%&'+.^_`|~-]+)(?:[ \\t]*;[ \\t]*[qQ]=(0(?:\\.\\d{0,3})?|1(?:\\.0{0,3})?))?");

  private final Request request;

  public HttpReference(Request request) {
    this.request = request;
  }

  /** Returns what the preconditions give against the representation whose ETag is {@code etag}. */
  public Outcome preconditions(String etag) {
    if (request.value("If-Match") != null) {
      Boolean match = listMatches("If-Match", etag, true);
      if (match == null) {
        return Outcome.UNKNOWN;
      }
      if (!match) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else if (request.value("If-Unmodified-Since") != null) {
      Long date = date("If-Unmodified-Since");
      if (date == null) {
        return Outcome.UNKNOWN;
      }
      if (date != IGNORED && LAST_MODIFIED > date) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (request.value("If-None-Match") != null) {
      Boolean match = listMatches("If-None-Match", etag, false);
      return match == null ? Outcome.UNKNOWN : match ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
    }
    if (request.value("If-Modified-Since") != null) {
      Long date = date("If-Modified-Since");
      if (date == null) {
        return Outcome.UNKNOWN;
      }
      if (date != IGNORED && LAST_MODIFIED <= date) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /** Returns true when If-Range lets the Range apply (§13.1.5), false when it does not, null when unknown. */
  public Boolean ifRange(Target target) {
    if (request.value("If-Range") == null) {
      return true;
    }
    if (!request.plain("If-Range")) {
      return null;
    }
    String v = trim(request.value("If-Range"));
    Matcher tag = ENTITY_TAG.matcher(v);
    if (tag.matches()) {
      return tag.group(1) == null && v.equals(target.etags().get("identity"));
    }
    Long date = imfFixdate(v);
    return date == null ? null : date == LAST_MODIFIED;
  }

  /**
   * Returns what the Range gives against {@code length} bytes: {@code "first-last"},
   * {@code "unsatisfiable"}, {@code "ignore"} (a full 200), or null when unknown.
   */
  public String range(long length) {
    if (!request.plain("Range")) {
      return null;
    }
    Matcher m = RANGE.matcher(request.value("Range"));
    if (!m.matches()) {
      return null;
    }
    if (m.group(3) != null) {
      long suffix = Long.parseLong(m.group(3));
      return suffix == 0 ? "unsatisfiable" : Math.max(0, length - suffix) + "-" + (length - 1);
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2) == null ? length - 1 : Long.parseLong(m.group(2));
    if (last < first) {
      return m.group(2) == null ? "unsatisfiable" : "ignore";
    }
    return first >= length ? "unsatisfiable" : first + "-" + Math.min(last, length - 1);
  }

  /**
   * Returns the coding §12.5.3 selects among those stored ({@code sizes}, by token), the highest
   * quality and then the smallest, identity when none is acceptable; or null when unknown.
   */
  public String coding(Map<String, Long> sizes) {
    String header = request.value("Accept-Encoding");
    if (header == null) {
      return "identity";
    }
    if (!request.plain("Accept-Encoding")) {
      return null;
    }
    Map<String, Integer> named = new HashMap<>();
    for (String element : header.split(",", -1)) {
      String e = trim(element);
      if (e.isEmpty()) {
        continue;
      }
      Matcher m = CODING.matcher(e);
      if (!m.matches()) {
        return null;
      }
      String token = m.group(1).toLowerCase(Locale.ROOT).replace("x-gzip", "gzip");
      String qvalue = m.group(2) == null ? "1" : m.group(2);
      int q = new java.math.BigDecimal(qvalue.endsWith(".") ? qvalue + "0" : qvalue).movePointRight(3).intValue();
      if (named.put(token, q) != null) {
        return null;
      }
    }
    String best = null;
    int bestQ = 0;
    for (Map.Entry<String, Long> s : sizes.entrySet()) {
      Integer q = named.getOrDefault(s.getKey(), named.get("*"));
      if (q == null && s.getKey().equals("identity")) {
        // Identity not named nor refused is acceptable, below every coding asked for.
        if (named.containsValue(1)) {
          return null;
        }
        q = 1;
      }
      if (q != null && q > 0 && (q > bestQ || q == bestQ && s.getValue() < sizes.get(best))) {
        best = s.getKey();
        bestQ = q;
      }
    }
    return best == null ? "identity" : best;
  }

  /** Returns whether an entity-tag list matches, or null when it is not plainly in the grammar. */
  private Boolean listMatches(String name, String etag, boolean strong) {
    if (!request.plain(name)) {
      return null;
    }
    String list = trim(request.value(name));
    if (list.equals("*")) {
      return true;
    }
    boolean match = false;
    for (String element : list.split(",", -1)) {
      String e = trim(element);
      if (e.isEmpty()) {
        continue;
      }
      Matcher m = ENTITY_TAG.matcher(e);
      if (!m.matches()) {
        return null;
      }
      match |= m.group(2).equals(etag) && (!strong || m.group(1) == null);
    }
    return match;
  }

  /** Returns the epoch second of a plain IMF-fixdate, {@link #IGNORED} for no date at all, null when unknown. */
  private Long date(String name) {
    if (!request.plain(name)) {
      return null;
    }
    String v = trim(request.value(name));
    Long date = imfFixdate(v);
    if (date != null) {
      return date;
    }
    return v.chars().anyMatch(Character::isDigit) ? null : IGNORED;
  }

  private static Long imfFixdate(String v) {
    Matcher m = IMF_FIXDATE.matcher(v);
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(4)), MONTHS.indexOf(m.group(3)) + 1,
          Integer.parseInt(m.group(2)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
          Integer.parseInt(m.group(7)));
      boolean dayName = t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US).equals(m.group(1));
      return dayName ? t.toEpochSecond(ZoneOffset.UTC) : null;
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Returns {@code s} without the OWS (SP, HTAB) around it, as a recipient reads a field value. */
  private static String trim(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /** Returns whether an Accept-Encoding value names {@code coding} or {@code *} at all. */
  public static boolean mentions(String acceptEncoding, String coding) {
    if (acceptEncoding == null) {
      return false;
    }
    String lower = acceptEncoding.toLowerCase(Locale.ROOT);
    return lower.contains(coding.toLowerCase(Locale.ROOT)) || lower.contains("*");
  }
}
