package org.vertxassets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sub-resources an HTML page links that a browser may fetch before it reads the page: its
 * stylesheets, scripts, module preloads and preloads, read from the page's text when the index is
 * built, as {@code Link} header values (RFC 8288) with the relation a preload of each takes.
 * Same-origin references only, as the page writes them: a {@code Link} is resolved against the
 * request's URL as the page's own references are against the page's.
 */
final class PageLinks {

  /**
   * One sub-resource.
   *
   * @param href the reference as the page writes it
   * @param params what follows it in a {@code Link}: {@code rel=preload; as=style} and the like
   */
  record Link(String href, String params) {

    /** Returns the {@code Link} header value of this sub-resource. */
    String header() {
      return "<" + href + ">; " + params;
    }
  }

  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<(link|script)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([A-Za-z-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))|([A-Za-z-]+)");

  private PageLinks() {
  }

  /** Returns the same-origin sub-resources {@code html} links, in page order, each once. */
  static List<Link> of(String html) {
    List<Link> links = new ArrayList<>();
    Matcher tag = TAG.matcher(COMMENT.matcher(html).replaceAll(""));
    while (tag.find()) {
      Map<String, String> attributes = attributes(tag.group(2));
      Link link = tag.group(1).equalsIgnoreCase("script") ? script(attributes) : link(attributes);
      if (link != null && sameOrigin(link.href()) && links.stream().noneMatch(l -> l.href().equals(link.href()))) {
        links.add(link);
      }
    }
    return links;
  }

  /**
   * Returns the {@code Link} value that announces the files among {@code immutable} (request
   * paths from the mount point) that the page {@code html} at {@code pagePath} loads first, or
   * null when there is none: those Vite's manifest gives for it when it is an {@code entry} of
   * the root at {@code rootPath}, under the base the page writes; then those its HTML links
   * besides (all of them without a manifest; with one, what it does not know, such as a font
   * the page preloads). Each file once.
   */
  static String header(String html, String pagePath, RootManifests.ViteEntry entry, String rootPath,
      Set<String> immutable) {
    List<String> values = new ArrayList<>();
    Set<String> announced = new HashSet<>();
    List<Link> written = of(html);
    if (entry != null) {
      String base = viteBase(entry.links(), written, rootPath);
      // A file the page writes too is announced as the page loads it: a preload must have the
      // page's CORS mode (crossorigin or not), or the browser fetches the file a second time.
      Map<String, Link> writtenByPath = new HashMap<>();
      for (Link w : written) {
        String target = resolve(pagePath, w.href());
        if (target != null) {
          writtenByPath.putIfAbsent(target, w);
        }
      }
      for (Link link : entry.links()) {
        String path = rootPath + link.href();
        if (immutable.contains(path) && announced.add(path)) {
          Link own = writtenByPath.get(path);
          values.add(new Link(base + link.href(), own != null ? own.params() : link.params()).header());
        }
      }
    }
    for (Link link : written) {
      String target = resolve(pagePath, link.href());
      if (target != null && immutable.contains(target) && announced.add(target)) {
        values.add(link.header());
      }
    }
    return values.isEmpty() ? null : String.join(", ", values);
  }

  /**
   * Returns the prefix under which a page writes the files that Vite's manifest gives for it (paths
   * relative to the root): the one it writes before one of those paths, which is Vite's
   * {@code base} ({@code /} by default, {@code /app/} for {@code base: '/app/'}); {@code rootPath}
   * (the root's path from the mount point, with its slashes) when the page writes none of them.
   */
  private static String viteBase(List<Link> vite, List<Link> written, String rootPath) {
    for (Link w : written) {
      String href = w.href().replaceAll("[?#].*$", "");
      for (Link v : vite) {
        if (href.endsWith("/" + v.href())) {
          return href.substring(0, href.length() - v.href().length());
        }
      }
    }
    return rootPath;
  }

  /**
   * Returns the path a reference of the page at {@code pagePath} names, relative to the mount
   * point, without its query or fragment, or null when it leaves the mount point.
   */
  static String resolve(String pagePath, String href) {
    String path = href.replaceAll("[?#].*$", "");
    if (!path.startsWith("/")) {
      path = pagePath.substring(0, pagePath.lastIndexOf('/') + 1) + path;
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.substring(1).split("/", -1)) {
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          return null;
        }
        segments.remove(segments.size() - 1);
      } else if (!s.equals(".")) {
        segments.add(s);
      }
    }
    return "/" + String.join("/", segments);
  }

  private static Link link(Map<String, String> a) {
    String href = a.get("href");
    String rel = a.getOrDefault("rel", "").toLowerCase(Locale.ROOT);
    if (href == null) {
      return null;
    }
    List<String> rels = List.of(rel.split("\\s+"));
    String crossorigin = a.containsKey("crossorigin") ? "; crossorigin" : "";
    if (rels.contains("stylesheet")) {
      return new Link(href, "rel=preload; as=style" + crossorigin);
    }
    if (rels.contains("modulepreload")) {
      return new Link(href, "rel=modulepreload" + crossorigin);
    }
    String as = a.get("as");
    if (rels.contains("preload") && as != null && as.matches("[a-z]+")) {
      // A font is always fetched in CORS mode: its preload must say so, or it is fetched twice.
      return new Link(href, "rel=preload; as=" + as + (as.equals("font") && crossorigin.isEmpty() ? "; crossorigin"
          : crossorigin));
    }
    return null;
  }

  private static Link script(Map<String, String> a) {
    String src = a.get("src");
    if (src == null) {
      return null;
    }
    String crossorigin = a.containsKey("crossorigin") ? "; crossorigin" : "";
    return "module".equalsIgnoreCase(a.get("type")) ? new Link(src, "rel=modulepreload" + crossorigin)
        : new Link(src, "rel=preload; as=script" + crossorigin);
  }

  private static Map<String, String> attributes(String text) {
    Map<String, String> attributes = new HashMap<>();
    Matcher m = ATTRIBUTE.matcher(text);
    while (m.find()) {
      if (m.group(5) != null) {
        attributes.putIfAbsent(m.group(5).toLowerCase(Locale.ROOT), "");
      } else {
        String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
        attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value.trim());
      }
    }
    return attributes;
  }

  /** Returns whether a reference names a file of this origin: no scheme, no {@code //host}, something to fetch. */
  private static boolean sameOrigin(String href) {
    return !href.isEmpty() && !href.startsWith("//") && !href.startsWith("#") && !href.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
        && href.chars().noneMatch(c -> c < 0x21 || c == '<' || c == '>' || c == '"' || c == 0x7f);
  }
}
