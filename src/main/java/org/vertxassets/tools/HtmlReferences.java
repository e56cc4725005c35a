package org.vertxassets.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the files an HTML page loads (one char per byte): the URLs of its scripts, stylesheets,
 * icons, preloads, images, media and SVG uses, every URL of a {@code srcset}, and the
 * {@code url()}s of its {@code <style>} elements and {@code style} attributes.
 *
 * <p>The tags are read as the HTML standard's tokenizer reads them (§13.2.5), as far as that
 * matters here: comments, doctypes and end tags hold no reference; attribute values are quoted
 * with either quote or unquoted; the text of {@code <script>}, {@code <textarea>},
 * {@code <title>} and the like is not markup. The addresses people and crawlers keep are left
 * alone: links ({@code <a>}, {@code <area>}, {@code <form>}, {@code <iframe>}) and
 * {@code <link>}s that load nothing into the page ({@code canonical}, {@code alternate},
 * {@code manifest}, whose URL a browser keeps to check an installed app for updates).
 */
final class HtmlReferences {

  /** The references of a page, and the {@code href} of its first {@code <base>}, or null. */
  record Page(List<Ref> refs, String base) {
  }

  // The attributes that hold the URL of a file the element loads, by element.
  private static final Map<String, Set<String>> URLS = Map.ofEntries(
      Map.entry("script", Set.of("src")),
      Map.entry("link", Set.of("href")),
      Map.entry("img", Set.of("src")),
      Map.entry("source", Set.of("src")),
      Map.entry("video", Set.of("src", "poster")),
      Map.entry("audio", Set.of("src")),
      Map.entry("track", Set.of("src")),
      Map.entry("embed", Set.of("src")),
      Map.entry("object", Set.of("data")),
      Map.entry("input", Set.of("src")),
      Map.entry("use", Set.of("href", "xlink:href")),
      Map.entry("image", Set.of("href", "xlink:href")));
  // The attributes that hold a list of image candidates (URL and descriptors, comma-separated).
  private static final Map<String, String> SRCSETS = Map.of("img", "srcset", "source", "srcset", "link", "imagesrcset");
  // The <link rel> keywords of links that load a file into the page.
  private static final Set<String> LOADING_RELS = Set.of("stylesheet", "icon", "apple-touch-icon",
      "apple-touch-icon-precomposed", "mask-icon", "preload", "modulepreload", "prefetch");
  // The elements whose content is text up to their end tag, not markup.
  private static final Set<String> TEXT_ELEMENTS = Set.of("script", "style", "textarea", "title", "xmp", "iframe",
      "noembed", "noframes");

  /** An attribute with a value: its lower-case name and the value's offsets. */
  private record Attribute(String name, int start, int end) {
  }

  private final String s;
  private final References found;
  private String base;
  private int i;

  private HtmlReferences(String s) {
    this.s = s;
    this.found = new References(s);
  }

  /** Returns the references of an HTML text, in the order they appear. */
  static Page inHtml(String html) {
    HtmlReferences scanner = new HtmlReferences(html);
    scanner.scan();
    return new Page(scanner.found.refs(), scanner.base);
  }

  private void scan() {
    while (i < s.length()) {
      int lt = s.indexOf('<', i);
      if (lt < 0) {
        return;
      }
      i = lt + 1;
      if (s.startsWith("!--", i)) {
        int close = s.indexOf("-->", i + 2);
        i = close < 0 ? s.length() : close + 3;
      } else if (i < s.length() && isLetter(s.charAt(i))) {
        startTag();
      } else if (i < s.length() && (s.charAt(i) == '/' || s.charAt(i) == '!' || s.charAt(i) == '?')) {
        int close = s.indexOf('>', i);
        i = close < 0 ? s.length() : close + 1;
      }
    }
  }

  /** Reads a start tag at {@code i} (just after its {@code <}), its attributes, and the text of a text element. */
  private void startTag() {
    int nameStart = i;
    while (i < s.length() && !isWhitespace(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != '>') {
      i++;
    }
    String tag = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
    List<Attribute> attributes = attributes();
    for (Attribute a : attributes) {
      if (a.name().equals("style")) {
        found.css(a.start(), a.end());
      } else if (URLS.getOrDefault(tag, Set.of()).contains(a.name()) && (!tag.equals("link") || loads(attributes))) {
        url(tag + " " + a.name(), a.start(), a.end());
      } else if (a.name().equals(SRCSETS.get(tag))) {
        srcset(tag + " " + a.name(), a.start(), a.end());
      } else if (tag.equals("base") && a.name().equals("href") && base == null) {
        base = s.substring(a.start(), a.end()).strip();
      }
    }
    if (TEXT_ELEMENTS.contains(tag)) {
      int end = endTag(tag);
      if (tag.equals("style")) {
        found.css(i, end);
      }
      i = end;
    }
  }

  /** Reads the attributes of a tag up to and past its {@code >}; returns those with a value. */
  private List<Attribute> attributes() {
    List<Attribute> attributes = new ArrayList<>();
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '>') {
        i++;
        break;
      }
      if (isWhitespace(c) || c == '/') {
        i++;
        continue;
      }
      int nameStart = i++;
      while (i < s.length() && !isWhitespace(s.charAt(i)) && "/>=".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
      skipWhitespace();
      if (i >= s.length() || s.charAt(i) != '=') {
        continue;
      }
      i++;
      skipWhitespace();
      if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
        int close = s.indexOf(s.charAt(i), i + 1);
        int end = close < 0 ? s.length() : close;
        attributes.add(new Attribute(name, i + 1, end));
        i = Math.min(end + 1, s.length());
      } else {
        int start = i;
        while (i < s.length() && !isWhitespace(s.charAt(i)) && s.charAt(i) != '>') {
          i++;
        }
        attributes.add(new Attribute(name, start, i));
      }
    }
    return attributes;
  }

  /** Returns whether a {@code <link>} with these attributes loads its file into the page, by its {@code rel}. */
  private boolean loads(List<Attribute> attributes) {
    for (Attribute a : attributes) {
      if (a.name().equals("rel")) {
        for (String keyword : s.substring(a.start(), a.end()).toLowerCase(Locale.ROOT).split("[ \t\n\f\r]+")) {
          if (LOADING_RELS.contains(keyword)) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  /** Adds the URL of {@code text[start, end)}, without the whitespace around it. */
  private void url(String attribute, int start, int end) {
    while (start < end && isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      found.add(Ref.Kind.ATTRIBUTE, start, end, attribute);
    }
  }

  /**
   * Adds every URL of the image candidates in {@code text[start, end)}, as the HTML standard
   * splits them (§4.8.4.3.10): a URL runs to whitespace, and commas at its end end its candidate;
   * otherwise its descriptors run to the next comma outside parentheses.
   */
  private void srcset(String attribute, int start, int end) {
    int p = start;
    while (p < end) {
      while (p < end && (isWhitespace(s.charAt(p)) || s.charAt(p) == ',')) {
        p++;
      }
      int urlStart = p;
      while (p < end && !isWhitespace(s.charAt(p))) {
        p++;
      }
      int urlEnd = p;
      boolean ended = false;
      while (urlEnd > urlStart && s.charAt(urlEnd - 1) == ',') {
        urlEnd--;
        ended = true;
      }
      if (urlEnd > urlStart) {
        found.add(Ref.Kind.ATTRIBUTE, urlStart, urlEnd, attribute);
      }
      for (int depth = 0; !ended && p < end; p++) {
        char c = s.charAt(p);
        if (c == '(') {
          depth++;
        } else if (c == ')' && depth > 0) {
          depth--;
        } else if (c == ',' && depth == 0) {
          ended = true;
        }
      }
    }
  }

  /** Returns where the end tag of the text element {@code tag} starts, or the text's end; {@code i} is where its text starts. */
  private int endTag(String tag) {
    for (int at = s.indexOf("</", i); at >= 0; at = s.indexOf("</", at + 2)) {
      int after = at + 2 + tag.length();
      if (s.regionMatches(true, at + 2, tag, 0, tag.length())
          && (after >= s.length() || isWhitespace(s.charAt(after)) || s.charAt(after) == '/' || s.charAt(after) == '>')) {
        return at;
      }
    }
    return s.length();
  }

  private void skipWhitespace() {
    while (i < s.length() && isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
