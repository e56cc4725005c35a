package org.vertxassets.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Requests with random and mutated {@code Accept-Encoding}, {@code Range}, {@code If-Range},
 * {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since} and
 * {@code If-Unmodified-Since} values, drawn from a seeded {@link Fuzz} so that a run can be
 * repeated: valid values, near-valid ones (huge q-values, {@code bytes=-0}, overflowing numbers,
 * whitespace where the grammar has none), mutations of valid ones and garbage bytes, sometimes
 * folded (obs-fold) or sent twice. Every value is made of chars up to 0xFF, one byte each.
 */
public final class HeaderFuzz {

  /** A file of the fixture: its path, its length, and the ETag of each stored coding by token. */
  public record Target(String path, long length, Map<String, String> etags) {
  }

  /**
   * A request to send.
   *
   * @param target the file asked for
   * @param method GET or HEAD
   * @param headers the header lines after Host, as sent
   * @param bent whether a value holds a control byte or an obs-fold, which a server may refuse
   *     with 400 (RFC 9110 §5.5, RFC 9112 §5.2)
   */
  public record Request(Target target, String method, List<Header> headers, boolean bent) {

    /** Returns the request head for {@link RawClient}. */
    public String head() {
      StringBuilder sb = new StringBuilder(method).append(' ').append(target.path()).append(" HTTP/1.1\r\nHost: localhost");
      for (Header h : headers) {
        sb.append("\r\n").append(h.sentName()).append(": ").append(h.sentValue());
      }
      return sb.toString();
    }

    /**
     * Returns the value of a header (list headers sent twice joined with ", ", RFC 9110 §5.3),
     * or null when it was not sent.
     */
    public String value(String name) {
      String joined = null;
      for (Header h : headers) {
        if (h.name().equals(name)) {
          joined = joined == null ? h.value() : joined + ", " + h.value();
        }
      }
      return joined;
    }

    /** Returns whether a header was sent as {@link HeaderFuzz} made it: once, not folded. */
    public boolean plain(String name) {
      return headers.stream().filter(h -> h.name().equals(name)).count() == 1
          && headers.stream().noneMatch(h -> h.name().equals(name) && h.folded());
    }

    @Override
    public String toString() {
      return head().replace("\r\n", "\\r\\n").replace("\t", "\\t");
    }
  }

  /**
   * One header line.
   *
   * @param name the canonical name
   * @param sentName the name with the case it was sent in
   * @param value the value as generated
   * @param folded whether it was sent split by an obs-fold
   */
  public record Header(String name, String sentName, String value, boolean folded) {

    public String sentValue() {
      if (!folded) {
        return value;
      }
      int space = value.indexOf(' ');
      return space < 0 ? value + "\r\n x" : value.substring(0, space) + "\r\n" + value.substring(space);
    }
  }

  /** Last-Modified of every fixture file ({@link Site#MODIFIED}) in the three HTTP-date forms, and around it. */
  public static final String LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT";
  private static final String[] DATES = {
    LAST_MODIFIED, "Tuesday, 14-Nov-23 22:13:20 GMT", "Tue Nov 14 22:13:20 2023",
    "Tue, 14 Nov 2023 22:13:19 GMT", "Tue, 14 Nov 2023 22:13:21 GMT", "Mon, 13 Nov 2023 22:13:20 GMT",
    "Wed, 15 Nov 2023 22:13:20 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    "Sat, 01 Jan 0000 00:00:00 GMT", "Thu, 30 Feb 2023 00:00:00 GMT", "Tue, 14 Nov 2023 24:00:00 GMT",
    "Tue, 14 Nov 2023 22:13:60 GMT", "tue, 14 nov 2023 22:13:20 gmt", "Tue, 14 Nov 2023 22:13:20 UTC",
    "Tue, 14 Nov 2023 22:13:20 +0000", "Tue,  14 Nov 2023 22:13:20 GMT", "Tue 14 Nov 2023 22:13:20 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 2094 08:49:37 GMT",
    "1700000000", "-1", "0", "", "GMT", "Tue, 14 Nov 2023", "Tue, 99 Nov 2023 22:13:20 GMT",
    "Tue, 14 Nov 99999 22:13:20 GMT", "Xyz, 14 Nov 2023 22:13:20 GMT", "Tue, 14 Nov 2023 22:13:20 GMT, x",
  };
  private static final String[] CODINGS = {
    "br", "gzip", "zstd", "identity", "*", "x-gzip", "deflate", "compress", "BR", "Gzip", "ZSTD", "unknown",
  };
  private static final String[] QVALUES = {
    "0", "1", "0.5", "0.001", "0.999", "1.0", "1.000", "0.", "1.", "0.25", "0.000",
  };
  private static final String[] NEAR_ACCEPT_ENCODINGS = {
    "gzip;q=1.0000", "br;q=1.0001", "br;q=2", "gzip;q=-1", "gzip;q=", "gzip;q", "gzip;Q=0.5", "gzip; q=0.5",
    "gzip;q =0.5", "gzip;q= 0.5", "br;q=99999999999999999999", "br;q=0.5e3", "br;q=.5", "br;q=0.0001", ";q=1",
    "gzip;;q=0.5", "gzip,,br", ",", "\"br\"", "br;q=\"1\"", "gzip;level=9", "*;q=0", "identity;q=0",
    "*;q=0, identity;q=0", "br;q=0.5;q=1", "\tbr\t", "br ;q=1", "gzip, br;q=0, br", "x-gzip;q=1, gzip;q=0",
    "br;q=0, *", "*, br;q=0", "identity;q=0, *;q=0", "zstd;q=1, br;q=1, gzip;q=1", "br;q=1;x=y", "br;x=\"a;q=0\"",
  };
  private static final String[] INTERESTING = {
    ",", "\"", ";", "=", " ", "\t", "-", "0", "9", "W/", "/", "*", "q=", "\u00ff", "\u0080", "\\",
    "99999999999999999999", "bytes=", "GMT", ", ",
  };

  private final Fuzz fuzz;
  private final List<Target> targets;

  public HeaderFuzz(long seed, List<Target> targets) {
    this.fuzz = Fuzz.forHeaders(seed);
    this.targets = List.copyOf(targets);
  }

  /** Returns the next request. */
  public Request next() {
    Target target = targets.get(fuzz.nextInt(targets.size()));
    List<Header> headers = new ArrayList<>();
    boolean[] bent = {false};
    maybe(headers, bent, "Accept-Encoding", 0.6, this::acceptEncoding);
    maybe(headers, bent, "Range", 0.5, () -> range(target.length()));
    maybe(headers, bent, "If-Range", 0.25, () -> ifRange(target));
    maybe(headers, bent, "If-Match", 0.25, () -> entityTags(target));
    maybe(headers, bent, "If-None-Match", 0.3, () -> entityTags(target));
    maybe(headers, bent, "If-Modified-Since", 0.3, this::date);
    maybe(headers, bent, "If-Unmodified-Since", 0.25, this::date);
    return new Request(target, fuzz.nextInt(5) == 0 ? "HEAD" : "GET", headers, bent[0]);
  }

  private void maybe(List<Header> headers, boolean[] bent, String name, double p,
      Supplier<String> value) {
    if (!fuzz.chance(p)) {
      return;
    }
    int lines = fuzz.nextInt(20) == 0 ? 2 : 1;
    for (int k = 0; k < lines; k++) {
      String v = value.get();
      boolean folded = fuzz.nextInt(100) == 0;
      bent[0] |= folded || hasControl(v);
      headers.add(new Header(name, randomCase(name), v, folded));
    }
  }

  private String acceptEncoding() {
    int kind = fuzz.nextInt(10);
    if (kind < 5) {
      return codingList();
    }
    if (kind < 7) {
      return fuzz.mutate(codingList(), INTERESTING);
    }
    if (kind < 9) {
      return fuzz.pick(NEAR_ACCEPT_ENCODINGS);
    }
    return fuzz.garbage(40);
  }

  private String codingList() {
    StringBuilder sb = new StringBuilder();
    for (int n = 1 + fuzz.nextInt(4), k = 0; k < n; k++) {
      sb.append(k == 0 ? "" : fuzz.pick(", ", ",", " , ", ",\t", " ,")).append(fuzz.pick(CODINGS));
      if (fuzz.chance(0.5)) {
        sb.append(";q=").append(fuzz.pick(QVALUES));
      }
    }
    return sb.toString();
  }

  private String range(long length) {
    int kind = fuzz.nextInt(10);
    if (kind < 5) {
      return validRange(length);
    }
    if (kind < 7) {
      return fuzz.mutate(validRange(length), INTERESTING);
    }
    if (kind < 9) {
      return fuzz.pick("bytes=-0", "bytes=99999999999999999999-", "bytes=0-99999999999999999999",
          "bytes=-99999999999999999999", "bytes = 0-1", "BYTES=0-1", "bytes=1-0", "bytes=,,", "items=0-1",
          "bytes=0-0,-1", "bytes=\t0-1", "bytes=--1", "bytes=0x10-", "bytes=" + length + "-",
          "bytes=" + (length - 1) + "-", "bytes=0-" + (length - 1), "bytes=-" + length, "bytes=0-0,1-1",
          "bytes=5-9,0-4", "bytes=0-1;2-3", "bytes=\u00ef\u00bc\u0091-2", "bytes=9223372036854775807-",
          "bytes=-9223372036854775808", "bytes=0-9223372036854775807", "bytes=9223372036854775806-9223372036854775807",
          seventeenRanges(), "bytes=" + ", ".repeat(200) + "0-0", "bytes=0-", "bytes=-1", "bytes", "bytes=",
          "bytes=-0, " + length + "-", "bytes=-0,-0");
    }
    return fuzz.chance(0.5) ? fuzz.garbage(40) : "bytes=" + (length + fuzz.nextInt(1000)) + "-";
  }

  private String validRange(long length) {
    StringBuilder sb = new StringBuilder("bytes=");
    for (int n = 1 + (fuzz.nextInt(4) == 0 ? fuzz.nextInt(3) : 0), k = 0; k < n; k++) {
      long a = (long) (fuzz.nextDouble() * (length + 10));
      long b = a + (long) (fuzz.nextDouble() * (length + 10 - a));
      sb.append(k == 0 ? "" : ", ").append(switch (fuzz.nextInt(3)) {
        case 0 -> a + "-" + b;
        case 1 -> a + "-";
        default -> "-" + (long) (fuzz.nextDouble() * (length + 5));
      });
    }
    return sb.toString();
  }

  private String seventeenRanges() {
    StringBuilder sb = new StringBuilder("bytes=");
    for (int k = 0; k < 17; k++) {
      sb.append(k == 0 ? "" : ",").append(2 * k).append('-').append(2 * k);
    }
    return sb.toString();
  }

  private String ifRange(Target target) {
    String identity = target.etags().get("identity");
    return switch (fuzz.nextInt(10)) {
      case 0, 1 -> identity;
      case 2 -> anyEtag(target);
      case 3 -> "W/" + identity;
      case 4, 5 -> fuzz.pick(DATES);
      case 6 -> fuzz.mutate(fuzz.chance(0.5) ? identity : LAST_MODIFIED, INTERESTING);
      case 7 -> fuzz.pick(" " + identity + " ", "\"nope\"", "*", identity.substring(1, identity.length() - 1),
          "W/\"x\"");
      default -> fuzz.garbage(40);
    };
  }

  private String entityTags(Target target) {
    int kind = fuzz.nextInt(10);
    if (kind == 0) {
      return "*";
    }
    StringBuilder sb = new StringBuilder();
    for (int n = 1 + fuzz.nextInt(3), k = 0; k < n; k++) {
      String etag = anyEtag(target);
      sb.append(k == 0 ? "" : fuzz.pick(",", ", ", " ,\t", " , ")).append(switch (fuzz.nextInt(8)) {
        case 0, 1, 2 -> etag;
        case 3 -> "W/" + etag;
        case 4 -> "\"other\"";
        case 5 -> fuzz.pick("*", "\"a,b\"", "W/\"x\"", "\"abc", "abc", "\"\"", "w/" + etag, "W/ " + etag);
        case 6 -> etag.substring(1, etag.length() - 1);
        default -> fuzz.pick("\"", "\"\u00ff\"", "\"a\tb\"", "\"a b\"");
      });
    }
    String list = sb.toString();
    return kind < 7 ? list : kind < 9 ? fuzz.mutate(list, INTERESTING) : fuzz.garbage(40);
  }

  private String date() {
    int kind = fuzz.nextInt(10);
    return kind < 7 ? fuzz.pick(DATES) : kind < 9 ? fuzz.mutate(fuzz.pick(DATES), INTERESTING)
        : fuzz.garbage(40);
  }

  private String anyEtag(Target target) {
    return fuzz.pick(new ArrayList<>(target.etags().values()));
  }

  private String randomCase(String name) {
    if (fuzz.nextInt(4) != 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      sb.append(fuzz.chance(0.5) ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /** Returns whether a value holds a control byte other than HTAB (RFC 9110 §5.5). */
  public static boolean hasControl(String v) {
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
