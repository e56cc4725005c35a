package org.vertxassets.impl.http;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.vertxassets.impl.codec.Encoding;

/**
 * The qualities an {@code Accept-Encoding} request header gives each {@link Encoding}
 * (RFC 9110 §12.5.3), in thousandths: 1000 is {@code q=1}, 0 is "not acceptable".
 *
 * <p>Parsing never fails: a part that does not follow {@code coding *( OWS ";" OWS param )}, or
 * whose {@code q} is not a qvalue (§12.4.2), is skipped, and codings we do not store
 * ({@code deflate}, {@code compress}) are ignored. Immutable and thread-safe, so an instance can
 * be memoised and shared.
 */
public final class AcceptEncoding {

  /**
   * The quality of identity when the header neither names it nor has {@code *}: the lowest
   * positive one, so that identity stays acceptable (§12.5.3) but every coding the client
   * explicitly accepts ranks above it.
   */
  public static final int IMPLICIT_IDENTITY_QUALITY = 1;

  private static final Encoding[] ENCODINGS = Encoding.values();
  /** The index {@link #codingAt} uses for {@code *}, after the encodings' ordinals. */
  private static final int STAR = ENCODINGS.length;
  private static final int UNKNOWN = -1;
  private static final int SKIPPED = -1;
  private static final int NOT_Q = -2;
  private static final AcceptEncoding IDENTITY_ONLY = of(notNamed(), -1);
  private static final int MEMO_LIMIT = 256;
  private static final int MEMO_MAX_HEADER_LENGTH = 200;
  private static final ConcurrentHashMap<String, AcceptEncoding> MEMO = new ConcurrentHashMap<>();

  /** Indexed by {@link Encoding#ordinal()}; never exposed, never written after construction. */
  private final int[] qualities;

  private AcceptEncoding(int[] qualities) {
    this.qualities = qualities;
  }

  /**
   * Returns {@link #parse}'s answer for {@code header}, from a bounded memo: browsers send the
   * same few values verbatim, so most requests skip the parsing. Thread-safe.
   */
  public static AcceptEncoding memoised(String header) {
    if (header == null) {
      return IDENTITY_ONLY;
    }
    AcceptEncoding known = MEMO.get(header);
    if (known != null) {
      return known;
    }
    AcceptEncoding parsed = parse(header);
    // Bounded, so that a client sending endless new values costs a parse each, never memory.
    if (MEMO.size() < MEMO_LIMIT && header.length() <= MEMO_MAX_HEADER_LENGTH) {
      MEMO.putIfAbsent(header, parsed);
    }
    return parsed;
  }

  /**
   * Returns the qualities {@code header} gives; a null or blank header, or one without a part we
   * can read, accepts identity only (§12.5.3: no preference, or no coding wanted).
   */
  public static AcceptEncoding parse(String header) {
    if (header == null) {
      return IDENTITY_ONLY;
    }
    int[] named = notNamed();
    int star = -1;
    boolean any = false;
    int length = header.length();
    int start = 0;
    while (start <= length) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      int part = parsePart(header, start, end);
      if (part != SKIPPED) {
        int coding = part >>> 11;
        int quality = part & 0x7ff;
        // A coding listed twice keeps its highest quality.
        if (coding == STAR) {
          star = Math.max(star, quality);
        } else {
          named[coding] = Math.max(named[coding], quality);
        }
        any = true;
      }
      start = end + 1;
    }
    return any ? of(named, star) : IDENTITY_ONLY;
  }

  /** Returns the quality of {@code encoding} in thousandths, 0 if it is not acceptable. */
  public int quality(Encoding encoding) {
    return qualities[encoding.ordinal()];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AcceptEncoding
        && Arrays.equals(qualities, ((AcceptEncoding) other).qualities);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(qualities);
  }

  /** Returns the qualities by token, such as {@code AcceptEncoding[identity=1, br=1000, ...]}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AcceptEncoding[");
    for (Encoding encoding : ENCODINGS) {
      out.append(encoding == ENCODINGS[0] ? "" : ", ").append(encoding.token).append('=')
          .append(qualities[encoding.ordinal()]);
    }
    return out.append(']').toString();
  }

  /** Returns the qualities for those named (-1: not named) and that of {@code *} (-1: absent). */
  private static AcceptEncoding of(int[] named, int star) {
    int[] qualities = new int[STAR];
    for (int k = 0; k < STAR; k++) {
      // §12.5.3: "*" matches any coding not explicitly listed.
      qualities[k] = named[k] >= 0 ? named[k] : Math.max(star, 0);
    }
    // §12.5.3: identity is acceptable unless refused by "identity;q=0", or by "*;q=0" without
    // identity being named.
    int identity = named[Encoding.IDENTITY.ordinal()];
    qualities[Encoding.IDENTITY.ordinal()] =
        identity >= 0 ? identity : star >= 0 ? star : IMPLICIT_IDENTITY_QUALITY;
    return new AcceptEncoding(qualities);
  }

  private static int[] notNamed() {
    int[] named = new int[STAR];
    Arrays.fill(named, -1);
    return named;
  }

  /**
   * Returns {@code coding << 11 | quality} for the part {@code [from, to)}, or {@link #SKIPPED}
   * if it is empty, malformed or names a coding we do not store.
   */
  private static int parsePart(String s, int from, int to) {
    int start = Ows.skip(s, from, to);
    int end = start;
    while (end < to && s.charAt(end) != ';' && !Ows.is(s.charAt(end))) {
      end++;
    }
    int coding = codingAt(s, start, end);
    int quality = 1000;
    boolean qualitySeen = false;
    int next = Ows.skip(s, end, to);
    if (end == start || (next < to && s.charAt(next) != ';')) {
      return SKIPPED;
    }
    // Parameters: *( OWS ";" OWS param ); only "q" (case-insensitive, §12.4.2) matters.
    while (next < to) {
      int paramStart = Ows.skip(s, next + 1, to);
      int paramEnd = paramStart;
      while (paramEnd < to && s.charAt(paramEnd) != ';') {
        paramEnd++;
      }
      int q = qualityParameter(s, paramStart, Ows.trimEnd(s, paramStart, paramEnd));
      if (q != NOT_Q) {
        // A malformed q, or a second one (ambiguous), discards the part.
        if (q < 0 || qualitySeen) {
          return SKIPPED;
        }
        quality = q;
        qualitySeen = true;
      }
      next = paramEnd;
    }
    return coding == UNKNOWN ? SKIPPED : coding << 11 | quality;
  }

  /**
   * Returns the quality of the parameter {@code [from, to)} if it is {@code q} (case-insensitive,
   * §12.4.2), -1 if it is a malformed {@code q}, or {@link #NOT_Q} for another parameter.
   */
  private static int qualityParameter(String s, int from, int to) {
    boolean named = to > from && (s.charAt(from) == 'q' || s.charAt(from) == 'Q')
        && (to == from + 1 || s.charAt(from + 1) == '=' || Ows.is(s.charAt(from + 1)));
    if (!named) {
      return NOT_Q;
    }
    // No whitespace is allowed around "=" in a parameter (§5.6.6).
    return to > from + 1 && s.charAt(from + 1) == '=' ? qvalue(s, from + 2, to) : -1;
  }

  /** Returns the Encoding ordinal or {@link #STAR} named by {@code [from, to)}, or UNKNOWN. */
  private static int codingAt(String s, int from, int to) {
    int length = to - from;
    for (Encoding encoding : ENCODINGS) {
      if (encoding.token.length() == length
          && s.regionMatches(true, from, encoding.token, 0, length)) {
        return encoding.ordinal();
      }
    }
    // §12.5.3 (and §8.4.1.3): "x-gzip" is an alias of gzip.
    if (length == 6 && s.regionMatches(true, from, "x-gzip", 0, 6)) {
      return Encoding.GZIP.ordinal();
    }
    return length == 1 && s.charAt(from) == '*' ? STAR : UNKNOWN;
  }

  /**
   * Returns the qvalue {@code [from, to)} in thousandths, or -1 if it does not match
   * {@code ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} (§12.4.2).
   */
  private static int qvalue(String s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 5) {
      return -1;
    }
    char unit = s.charAt(from);
    if ((unit != '0' && unit != '1') || (length > 1 && s.charAt(from + 1) != '.')) {
      return -1;
    }
    int thousandths = 0;
    int scale = 100;
    for (int k = from + 2; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
    if (unit == '1') {
      return thousandths == 0 ? 1000 : -1;
    }
    return thousandths;
  }
}
