package org.vertxassets.tools;

/**
 * A reference to another file, found in a CSS, JS or HTML text.
 *
 * @param kind how it is written
 * @param start the offset of the URL's first char in the text
 * @param end the offset just after the URL's last char (the URL is {@code text[start, end)},
 *     without quotes)
 * @param url the URL as written, one char per byte
 * @param line the 1-based line of the URL
 * @param attribute for a reference in an HTML attribute, the element and the attribute
 *     ({@code img srcset}); null otherwise
 */
record Ref(Kind kind, int start, int end, String url, int line, String attribute) {

  /** How a reference is written. */
  enum Kind {
    /** {@code url(x)}, {@code url('x')} or {@code url("x")} in CSS, {@code @import url(x)} included. */
    URL,
    /** {@code @import "x"} or {@code @import 'x'} in CSS. */
    IMPORT,
    /** {@code /*# sourceMappingURL=x *}{@code /} in CSS, {@code //# sourceMappingURL=x} in JS. */
    SOURCE_MAP,
    /** An HTML attribute that names a file the page loads: {@code <script src>}, one URL of an {@code <img srcset>}. */
    ATTRIBUTE
  }

  /**
   * Returns the reference as a message shows it: {@code url(x)}, {@code @import "x"},
   * {@code sourceMappingURL=x} or {@code <img src="x">}.
   */
  String shown() {
    String text = Names.text(url);
    return switch (kind) {
      case URL -> "url(" + text + ")";
      case IMPORT -> "@import \"" + text + "\"";
      case SOURCE_MAP -> "sourceMappingURL=" + text;
      case ATTRIBUTE -> "<" + attribute + "=\"" + text + "\">";
    };
  }
}
