package org.vertxassets.impl.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The path of a header rule, as Netlify's and Cloudflare Pages' {@code _headers} files write it,
 * matched against a decoded path relative to the mount point: {@code *} stands for any run of
 * characters, slashes included ({@code /assets/*} covers every file under {@code assets/},
 * {@code /*.css} every stylesheet), and {@code :name} for one segment ({@code /docs/:version/*}).
 * The rest is literal and case-sensitive, as the index's lookup is; {@code %XX} escapes are
 * decoded, so that {@code /caf%C3%A9/*} and {@code /café/*} are one pattern.
 */
public final class PathPattern {

  private final String text;
  private final Pattern regex;

  private PathPattern(String text, Pattern regex) {
    this.text = text;
    this.regex = regex;
  }

  /**
   * Returns the pattern {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong: no leading {@code /}, an absolute URL,
   *     a space, a query or fragment, or an escape that is not UTF-8 or names a separator
   */
  public static PathPattern compile(String text) {
    if (text.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("'" + text + "' is an absolute URL: a rule names a path from the mount point,"
          + " such as /assets/*");
    }
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("'" + text + "' does not start with '/': a rule names a path from the mount"
          + " point, such as /assets/*");
    }
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        throw new IllegalArgumentException("'" + text + "' has a space: a path is one word (write %20 for a space"
            + " in a file name)");
      }
      if (c == '?' || c == '#') {
        throw new IllegalArgumentException("'" + text + "' has a query or a fragment: a rule matches paths only");
      }
      boolean placeholder = c == ':' && i + 1 < text.length() && isLetter(text.charAt(i + 1));
      if (c != '*' && !placeholder) {
        literal.append(c);
        continue;
      }
      appendLiteral(regex, literal, text);
      if (c == '*') {
        regex.append(".*");
      } else {
        // Cloudflare's placeholder: a letter, then letters, digits or underscores; one segment.
        i++;
        while (i + 1 < text.length() && (isLetter(text.charAt(i + 1)) || Character.isDigit(text.charAt(i + 1))
            || text.charAt(i + 1) == '_')) {
          i++;
        }
        regex.append("[^/]+");
      }
    }
    appendLiteral(regex, literal, text);
    return new PathPattern(text, Pattern.compile(regex.toString()));
  }

  /** Returns whether the decoded path {@code path} (relative to the mount point) matches this pattern. */
  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /** Returns the pattern as written. */
  @Override
  public String toString() {
    return text;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static void appendLiteral(StringBuilder regex, StringBuilder literal, String text) {
    if (literal.length() == 0) {
      return;
    }
    String decoded = decode(literal.toString());
    if (decoded == null) {
      throw new IllegalArgumentException("'" + text + "' has a percent-escape that is not UTF-8 or that names '/',"
          + " '\\' or NUL, which no path of the index holds");
    }
    regex.append(Pattern.quote(decoded));
    literal.setLength(0);
  }

  /**
   * Returns {@code raw} with its {@code %XX} escapes decoded as UTF-8, or null for a malformed
   * escape, bytes that are not UTF-8, or an escaped {@code /}, {@code \} or NUL, which the
   * request path never decodes to (so a pattern with one would never match).
   */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
      int b = hi << 4 | lo;
      if (lo < 0 || b == '/' || b == '\\' || b == 0) {
        return null;
      }
      bytes.write(b);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
