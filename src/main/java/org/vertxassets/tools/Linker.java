package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vertxassets.impl.http.MimeTypes;

/**
 * Decides the final bytes and the hash of every file of a build, in memory: CSS, JS and HTML
 * files are read and their references rewritten, every other file is only hashed (and later
 * copied as it is). A reference to an HTML page is left as written: a page keeps its name.
 *
 * <p>A file's hash covers its rewritten bytes, so it can only be computed once the files it names
 * have theirs. The texts and the references between them form a graph; Tarjan's
 * algorithm yields its strongly connected components with every component after those it
 * reaches, which is the order to hash them in. A component of more than one file, or a file that
 * names itself, is a cycle: the references inside it are left as written, with a warning.
 */
final class Linker {

  /**
   * A file of the build with its final bytes.
   *
   * @param key its path relative to SRC
   * @param source the file in SRC
   * @param content its rewritten bytes, or null when they are the source's bytes
   * @param digest the SHA-256 and size of its final bytes
   */
  record Linked(String key, Path source, byte[] content, Names.Digest digest) {

    /** Returns the key of the hashed copy: {@code css/app.3f2a9c1b7e4d.css}. */
    String hashedKey() {
      return Names.hashedKey(key, digest.hash());
    }
  }

  /** The files of a build by key, sorted, the warnings in file and line order, and the references rewritten. */
  record Result(Map<String, Linked> files, List<AssetBuilder.Warning> warnings, int rewritten) {
  }

  /** A CSS or JS file: its bytes as chars, its references, and the key each names (null: left alone). */
  private record Text(Path source, String text, List<Ref> refs, List<String> targets) {
  }

  private final Map<String, Path> sources;
  private final Map<String, Linked> linked = new TreeMap<>();
  private final Map<String, Text> texts = new TreeMap<>();
  private final List<AssetBuilder.Warning> warnings = new ArrayList<>();
  private int rewritten;
  // Tarjan's state: the visit number and lowest reachable visit number of each text, and the stack.
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> low = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();

  private Linker(Map<String, Path> sources) {
    this.sources = sources;
  }

  /** Returns the linked files of a build of {@code sources} (by key, as {@link SourceTree#scan} gives them). Blocks. */
  static Result link(Map<String, Path> sources, AssetBuilder.Progress progress) throws IOException {
    Linker linker = new Linker(sources);
    int done = 0;
    for (Map.Entry<String, Path> e : sources.entrySet()) {
      linker.read(e.getKey(), e.getValue());
      progress.update("hashing", ++done, sources.size());
    }
    for (String key : linker.texts.keySet()) {
      if (!linker.index.containsKey(key)) {
        linker.connect(key);
      }
    }
    linker.warnings.sort(Comparator.comparing(AssetBuilder.Warning::file).thenComparingInt(AssetBuilder.Warning::line));
    return new Result(Collections.unmodifiableMap(linker.linked), List.copyOf(linker.warnings), linker.rewritten);
  }

  private void read(String key, Path file) throws IOException {
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    boolean css = extension.equals("css");
    boolean page = MimeTypes.isPage(key);
    if (!css && !page && !extension.equals("js") && !extension.equals("mjs") && !extension.equals("cjs")) {
      linked.put(key, new Linked(key, file, null, Names.digest(file)));
      return;
    }
    String text = new String(Files.readAllBytes(file), ISO_8859_1);
    List<Ref> refs;
    String from = key;
    if (page) {
      HtmlReferences.Page html = HtmlReferences.inHtml(text);
      refs = html.refs();
      from = html.base() == null ? key : baseOf(key, html.base());
    } else {
      refs = css ? References.inCss(text) : References.inJs(text);
    }
    List<String> targets = new ArrayList<>();
    for (Ref ref : refs) {
      targets.add(from == null ? null : resolve(key, from, ref));
    }
    texts.put(key, new Text(file, text, refs, targets));
  }

  /**
   * Returns the key that the relative URLs of a page with {@code <base href>} are resolved from
   * (a file in the base's folder), or null when the base is elsewhere and so is every relative URL.
   */
  private static String baseOf(String page, String base) {
    if (Names.isElsewhere(base)) {
      return base.isEmpty() || base.startsWith("#") || base.startsWith("?") ? page : null;
    }
    String folder = base.substring(0, base.lastIndexOf('/') + 1);
    return Names.resolve(page, folder + "_");
  }

  /**
   * Returns the key a reference written in {@code key} names (a relative one resolved from
   * {@code from}), or null when it is left alone: a URL elsewhere, an HTML page (which has no
   * hashed copy), or no file of SRC (warned).
   */
  private String resolve(String key, String from, Ref ref) {
    if (Names.isElsewhere(ref.url())) {
      return null;
    }
    String target = Names.resolve(from, ref.url());
    if (target == null || !sources.containsKey(target)) {
      warnings.add(new AssetBuilder.Warning(key, ref.line(), ref.shown(), "no such file"));
      return null;
    }
    return MimeTypes.isPage(target) ? null : target;
  }

  /** Tarjan's strongconnect: visits {@code v} and the texts it names, finishing each component once complete. */
  private void connect(String v) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : texts.get(v).targets()) {
      if (w == null || !texts.containsKey(w)) {
        continue;
      }
      if (!index.containsKey(w)) {
        connect(w);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      finish(component);
    }
  }

  /** Rewrites and hashes the texts of a component; every file they name outside it is already linked. */
  private void finish(Set<String> component) {
    for (String key : component) {
      Text t = texts.get(key);
      StringBuilder b = new StringBuilder(t.text().length() + 64);
      int at = 0;
      for (int i = 0; i < t.refs().size(); i++) {
        Ref ref = t.refs().get(i);
        String target = t.targets().get(i);
        if (target == null) {
          continue;
        }
        if (component.contains(target)) {
          warnings.add(new AssetBuilder.Warning(key, ref.line(), ref.shown(),
              "in the cycle " + String.join(" -> ", cycle(key, target, component)) + "; left unhashed"));
          continue;
        }
        b.append(t.text(), at, ref.start()).append(Names.rewrite(ref.url(), linked.get(target).digest().hash()));
        at = ref.end();
        rewritten++;
      }
      byte[] content = b.append(t.text(), at, t.text().length()).toString().getBytes(ISO_8859_1);
      linked.put(key, new Linked(key, t.source(), content, Names.digest(content)));
    }
  }

  /** Returns a shortest cycle through the reference from {@code from} to {@code to}: from, to, ..., from. */
  private List<String> cycle(String from, String to, Set<String> component) {
    List<String> path = new ArrayList<>();
    if (!from.equals(to)) {
      // Breadth-first from `to` back to `from`, inside the component (which is strongly connected).
      Map<String, String> parent = new HashMap<>(Map.of(to, to));
      Deque<String> queue = new ArrayDeque<>(List.of(to));
      while (!parent.containsKey(from)) {
        String v = queue.remove();
        for (String w : texts.get(v).targets()) {
          if (w != null && component.contains(w) && parent.putIfAbsent(w, v) == null) {
            queue.add(w);
          }
        }
      }
      for (String v = from; !v.equals(to); v = parent.get(v)) {
        path.add(v);
      }
    }
    path.add(to);
    path.add(from);
    Collections.reverse(path);
    return path;
  }
}
