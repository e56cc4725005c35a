package org.vertxassets.impl.http;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Response headers set by path, as a {@code _headers} file writes them (Netlify's format, with
 * Cloudflare Pages' {@code ! Name}) or the {@code headers} option gives them: each rule has a
 * {@link PathPattern}, the headers it sets and those it removes. Applied when the index is built,
 * to each file's headers, in order:
 * <ul>
 *   <li>every rule whose pattern matches one of the file's paths applies, in the order written;
 *   <li>a header a later rule sets replaces what an earlier rule set for it (as Netlify does), so
 *       that {@code /*} then {@code /assets/*} each give one {@code Cache-Control}: two, joined,
 *       would repeat {@code max-age}, which RFC 9111 §4.2.1 makes a cache treat as stale. The
 *       lines of one rule that name the same header are joined with {@code ", "};
 *   <li>{@code ! Name} removes the header as the rules before set it, and ours;
 *   <li>what the rules set replaces the server's own header of that name, but for {@code Link},
 *       which is added after the page's own preloads.
 * </ul>
 * The headers the server derives from the bytes or the connection are refused; see {@link #check}.
 */
public final class HeaderRules {

  /** The name of the rules file at the top of a root; it is read, never served. */
  public static final String FILE = "_headers";

  /** No rule at all. */
  public static final HeaderRules NONE = new HeaderRules(List.of());

  /** RFC 9110 §5.1: a field name is a token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  private static final String CONNECTION = "it belongs to one connection, not to a file (RFC 9110 §7.6.1), and"
      + " HTTP/2 refuses a response that has it (RFC 9113 §8.2.2)";

  /** The headers no rule may set or remove, by lower-case name, with the reason. */
  private static final Map<String, String> OWNED = Map.ofEntries(
      Map.entry("content-length", "vertx-assets sends the length of the bytes it sends"),
      Map.entry("content-encoding", "vertx-assets names the coding of the variant it sends"),
      Map.entry("content-range", "vertx-assets sets it on a 206"),
      Map.entry("etag", "vertx-assets derives it from the bytes of each variant"),
      Map.entry("last-modified", "vertx-assets takes it from the file, and conditional requests compare it"),
      Map.entry("vary", "vertx-assets sends it exactly where it negotiates (Accept-Encoding,"
          + " Available-Dictionary, Accept), so that no cache mixes variants up"),
      Map.entry("accept-ranges", "vertx-assets serves byte ranges of every file"),
      Map.entry("date", "vertx-assets sends the time of each response"),
      Map.entry("connection", CONNECTION), Map.entry("keep-alive", CONNECTION),
      Map.entry("proxy-connection", CONNECTION), Map.entry("transfer-encoding", CONNECTION),
      Map.entry("upgrade", CONNECTION), Map.entry("te", CONNECTION), Map.entry("trailer", CONNECTION));

  /** The headers that say how long a response is fresh: development mode keeps its own {@code no-cache}. */
  private static final Set<String> CACHING = Set.of("cache-control", "expires");

  private static final String LINK = "link";

  /** A header a rule sets, as it spells the name. */
  private record Field(String name, String value) {
  }

  /** One rule: what it sets (by lower-case name) and what it removes. */
  private record Rule(PathPattern pattern, Map<String, Field> set, List<String> remove) {
  }

  private final List<Rule> rules;

  private HeaderRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Returns the rule that sets {@code set} and removes {@code remove} on the paths {@code path}
   * matches, as one of the {@code headers} option gives it.
   *
   * @throws IllegalArgumentException saying what is wrong: the path, a name, a value, a header
   *     the server owns, or a rule that does nothing
   */
  public static HeaderRules of(String path, Map<String, String> set, List<String> remove) {
    try {
      PathPattern pattern = PathPattern.compile(path);
      Map<String, Field> fields = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : set.entrySet()) {
        String name = check(e.getKey(), true);
        if (fields.put(name.toLowerCase(Locale.ROOT), new Field(name, value(name, e.getValue()))) != null) {
          throw new IllegalArgumentException("it sets " + name + " twice; give it once, its values joined with"
              + " \", \"");
        }
      }
      for (String name : remove) {
        check(name, false);
      }
      if (fields.isEmpty() && remove.isEmpty()) {
        throw new IllegalArgumentException("it sets and removes nothing");
      }
      return new HeaderRules(List.of(new Rule(pattern, fields, List.copyOf(remove))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the rule for '" + path + "': " + e.getMessage(), e);
    }
  }

  /**
   * Returns the rules of a {@code _headers} file: a line that starts with {@code /} is a path, the
   * lines under it ({@code Name: value}, or {@code ! Name} to remove a header; indented by
   * convention) are its headers, and a line that starts with {@code #} is a comment.
   *
   * @param text the file's text
   * @param file the file's name, for messages
   * @throws IllegalArgumentException for the first line that is wrong, as {@code file:line: what;
   *     the fix}
   */
  public static HeaderRules parse(String text, String file) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    Rule current = null;
    int currentLine = 0;
    for (int n = 1; n <= lines.length; n++) {
      String line = n == 1 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[n - 1];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      boolean path = t.startsWith("/") || t.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
      if (path) {
        finish(current, file, currentLine);
      }
      try {
        if (path) {
          current = new Rule(PathPattern.compile(t), new LinkedHashMap<>(), new ArrayList<>());
          currentLine = n;
          rules.add(current);
          continue;
        }
        boolean remove = t.startsWith("!");
        int colon = t.indexOf(':');
        if (!remove && colon < 0) {
          throw new IllegalArgumentException(Character.isWhitespace(line.charAt(0))
              ? "'" + t + "' has no ':'; write a header as 'Name: value', under the path it is for"
              : "'" + t + "' is not a path: a path starts with '/', such as /assets/*, and its headers follow on"
                  + " indented 'Name: value' lines");
        }
        if (current == null) {
          throw new IllegalArgumentException("'" + t + "' comes before any path; put the path it is for, such as"
              + " /*, on a line above it");
        }
        if (remove) {
          current.remove().add(check(t.substring(1).strip(), false));
          continue;
        }
        String name = check(t.substring(0, colon).strip(), true);
        String value = value(name, t.substring(colon + 1).strip());
        // Netlify: the lines of one rule that name the same header make one, joined with commas.
        current.set().merge(name.toLowerCase(Locale.ROOT), new Field(name, value),
            (a, b) -> new Field(a.name(), a.value() + ", " + b.value()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
      }
    }
    finish(current, file, currentLine);
    return new HeaderRules(rules);
  }

  /** Returns these rules, then {@code later}'s: where both set a header, {@code later}'s value is the one kept. */
  public HeaderRules then(HeaderRules later) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(later.rules);
    return new HeaderRules(all);
  }

  /**
   * Applies to {@code headers} the rules that match any of {@code paths} (a file's URL and its
   * file's own path, which may be the same), as the class comment says. In development mode
   * ({@code development}) {@code Cache-Control} and {@code Expires} are left as they are, so that
   * an edited file is fetched again.
   */
  public void applyTo(MultiMap headers, boolean development, String... paths) {
    Map<String, Field> set = new LinkedHashMap<>();
    Set<String> removed = new LinkedHashSet<>();
    for (Rule rule : rules) {
      if (!matchesAny(rule.pattern(), paths)) {
        continue;
      }
      for (String name : rule.remove()) {
        String lower = name.toLowerCase(Locale.ROOT);
        set.remove(lower);
        removed.add(lower);
      }
      set.putAll(rule.set());
    }
    for (String lower : removed) {
      if (!(development && CACHING.contains(lower))) {
        headers.remove(lower);
      }
    }
    for (Map.Entry<String, Field> e : set.entrySet()) {
      if (development && CACHING.contains(e.getKey())) {
        continue;
      }
      if (e.getKey().equals(LINK)) {
        headers.add(e.getValue().name(), e.getValue().value());
      } else {
        headers.set(e.getValue().name(), e.getValue().value());
      }
    }
  }

  /**
   * Returns {@code name} if a rule may set it ({@code setting}) or remove it; otherwise throws
   * an IllegalArgumentException that says why not. {@code Content-Type} may be set (a file
   * without an extension has no other way to get one) but not removed.
   */
  private static String check(String name, boolean setting) {
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a header name: letters, digits and"
          + " !#$%&'*+-.^_`|~ only (RFC 9110 §5.1)");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String why = OWNED.get(lower);
    if (why != null) {
      throw new IllegalArgumentException(name + " cannot be " + (setting ? "set" : "removed") + " by a rule: " + why
          + "; take it out of the rule");
    }
    if (!setting && lower.equals("content-type")) {
      throw new IllegalArgumentException(name + " cannot be removed by a rule: every response says its media type;"
          + " set the one you want instead");
    }
    return name;
  }

  /** Returns {@code value} stripped, if it is a field value of printable ASCII (RFC 9110 §5.5); otherwise throws. */
  private static String value(String name, String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(name + " has no value; give one, or remove the header with '! " + name + "'");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c < 0x20 || c > 0x7e) && c != '\t') {
        throw new IllegalArgumentException("the value of " + name + " has a character that is not printable ASCII"
            + " (RFC 9110 §5.5): " + String.format(Locale.ROOT, "U+%04X", (int) c) + "; percent-encode it");
      }
    }
    return v;
  }

  /** Fails when the rule that began at {@code line} has no header under it. */
  private static void finish(Rule rule, String file, int line) {
    if (rule != null && rule.set().isEmpty() && rule.remove().isEmpty()) {
      throw new IllegalArgumentException(file + ":" + line + ": the path " + rule.pattern() + " has no header under"
          + " it; give it indented 'Name: value' lines, or delete it (two paths do not share the lines under the"
          + " second)");
    }
  }

  private static boolean matchesAny(PathPattern pattern, String[] paths) {
    for (String path : paths) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
