package org.vertxassets.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the references to other files in CSS and JS texts (one char per byte), and in the CSS of
 * an HTML page's style elements and attributes for {@link HtmlReferences}.
 *
 * <p>CSS is read by a small hand-written tokenizer rather than by regular expressions: a
 * reference is only a reference outside comments and strings ({@code content: "url(x.png)"} and
 * a commented-out {@code url()} are not), and a regular expression that skips both correctly is
 * harder to read than the forty lines below. It follows CSS Syntax Level 3 (§4.3) where that
 * matters: escapes, strings that end at a newline, unquoted {@code url(} tokens that end at
 * whitespace or {@code )}, and names of any case ({@code URL(}, {@code @IMPORT}). JS needs no
 * tokenizer: only its {@code //# sourceMappingURL=} line is read, the last one as browsers do.
 */
final class References {

  // The body of a /*# sourceMappingURL=x */ comment; the legacy /*@ form too.
  private static final Pattern CSS_SOURCE_MAP = Pattern.compile("^\\s*[#@]\\s*sourceMappingURL=(\\S+)\\s*$");
  // A whole line: //# sourceMappingURL=x (or //@). UNIX_LINES, so that a UTF-8 byte read as
  // U+0085 (NEL) does not end a line.
  private static final Pattern JS_SOURCE_MAP = Pattern.compile(
      "^[ \\t]*//[#@][ \\t]*sourceMappingURL=([^\\s'\"`]+)[ \\t]*\\r?$", Pattern.MULTILINE | Pattern.UNIX_LINES);

  private final String s;
  private final List<Ref> refs = new ArrayList<>();
  private int i;
  // Where the CSS being read ends: the text's end, or the end of a style element or attribute.
  private int limit;
  private int lineAt;
  private int line = 1;

  References(String s) {
    this.s = s;
    this.limit = s.length();
  }

  /** Returns the references of a CSS text, in the order they appear. */
  static List<Ref> inCss(String css) {
    References scanner = new References(css);
    scanner.css(0, css.length());
    return scanner.refs();
  }

  /** Returns the {@code sourceMappingURL} reference of a JS text: none, or its last one. */
  static List<Ref> inJs(String js) {
    Matcher m = JS_SOURCE_MAP.matcher(js);
    int start = -1;
    int end = -1;
    while (m.find()) {
      start = m.start(1);
      end = m.end(1);
    }
    if (start < 0) {
      return List.of();
    }
    References scanner = new References(js);
    scanner.add(Ref.Kind.SOURCE_MAP, start, end);
    return scanner.refs;
  }

  /**
   * Adds the references of the CSS in {@code text[from, to)}: an HTML page's style element or
   * attribute. Regions must come in the order of the text, after any reference added before.
   */
  void css(int from, int to) {
    i = from;
    limit = to;
    while (i < limit) {
      char c = s.charAt(i);
      if (c == '/' && s.startsWith("/*", i)) {
        comment();
      } else if (c == '"' || c == '\'') {
        string();
      } else if (c == '\\') {
        i += 2;
      } else if ((c == 'u' || c == 'U') && s.regionMatches(true, i, "url(", 0, 4) && !isNameChar(i - 1)) {
        url();
      } else if (c == '@' && s.regionMatches(true, i, "@import", 0, 7) && !isNameChar(i + 7)) {
        importRule();
      } else {
        i++;
      }
    }
  }

  /** Skips a comment; adds the URL of a source-map comment. */
  private void comment() {
    int close = s.indexOf("*/", i + 2);
    if (close + 2 > limit) {
      close = -1;
    }
    int end = close < 0 ? limit : close;
    Matcher m = CSS_SOURCE_MAP.matcher(s).region(i + 2, end);
    if (m.matches()) {
      add(Ref.Kind.SOURCE_MAP, m.start(1), m.end(1));
    }
    i = close < 0 ? end : close + 2;
  }

  /**
   * Skips the string that starts at {@code i}; returns the offset of its closing quote, or -1
   * for a string that a newline or the end of the text breaks off (no reference then).
   */
  private int string() {
    char quote = s.charAt(i++);
    while (i < limit) {
      char c = s.charAt(i);
      if (c == quote) {
        return i++;
      }
      if (c == '\n') {
        return -1;
      }
      i += c == '\\' ? 2 : 1;
    }
    return -1;
  }

  /** Reads {@code url(} with a quoted or an unquoted URL; adds it. */
  private void url() {
    i += 4;
    skipWhitespace();
    if (quoted(Ref.Kind.URL)) {
      return;
    }
    int start = i;
    while (i < limit && s.charAt(i) != ')') {
      char c = s.charAt(i);
      if (isWhitespace(c)) {
        int end = i;
        skipWhitespace();
        if (i < limit && s.charAt(i) == ')') {
          add(Ref.Kind.URL, start, end);
        }
        return;
      }
      if (c == '"' || c == '\'' || c == '(') {
        return; // a bad url token, such as url(var(--x)): not a reference
      }
      i += c == '\\' ? 2 : 1;
    }
    if (i < limit && i > start) {
      add(Ref.Kind.URL, start, i);
    }
  }

  /** Reads {@code @import "x"}; an {@code @import url(x)} is left to {@link #url()}. */
  private void importRule() {
    i += 7;
    skipWhitespace();
    quoted(Ref.Kind.IMPORT);
  }

  /** Reads a quoted string at {@code i}, if there is one, and adds its text as a reference; returns whether there was. */
  private boolean quoted(Ref.Kind kind) {
    if (i >= limit || s.charAt(i) != '"' && s.charAt(i) != '\'') {
      return false;
    }
    int start = i + 1;
    int end = string();
    if (end >= 0) {
      add(kind, start, end);
    }
    return true;
  }

  /** Returns the references added so far, in the order of the text. */
  List<Ref> refs() {
    return refs;
  }

  void add(Ref.Kind kind, int start, int end) {
    add(kind, start, end, null);
  }

  /** Adds {@code text[start, end)} as a reference; {@code attribute} names the HTML attribute that holds it, if one does. */
  void add(Ref.Kind kind, int start, int end, String attribute) {
    // References are added in the order of the text, so the line count only moves forward.
    for (; lineAt < start; lineAt++) {
      if (s.charAt(lineAt) == '\n') {
        line++;
      }
    }
    refs.add(new Ref(kind, start, end, s.substring(start, end), line, attribute));
  }

  private void skipWhitespace() {
    while (i < limit && isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /** Returns whether the char at {@code at} may be part of a CSS name, so that {@code myurl(} is not {@code url(}. */
  private boolean isNameChar(int at) {
    if (at < 0 || at >= s.length()) {
      return false;
    }
    char c = s.charAt(at);
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '\\' || c >= 0x80;
  }
}
