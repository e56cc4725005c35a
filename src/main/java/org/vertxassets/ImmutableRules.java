package org.vertxassets;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vertxassets.impl.http.HashedNames;

/**
 * Decides which files are content-hashed, so that a new version always has a new URL and the old
 * one may be cached forever, and counts them by the rule that said so. Used while one index is
 * built; not thread-safe.
 */
final class ImmutableRules {

  /** Why a file is immutable, in the order the rules are asked. */
  enum Rule {
    OUR_MANIFEST("manifest.json"),
    VITE_MANIFEST("Vite's manifest"),
    FOLDER("bundler folder"),
    NAME("name");

    final String label;

    Rule(String label) {
      this.label = label;
    }
  }

  /**
   * Folders whose every file a bundler names by content: Next.js's {@code _next/static/} (its
   * {@code _buildManifest.js} sits under a build id), SvelteKit's {@code _app/immutable/} (not
   * {@code _app/version.json}) and Astro's {@code _astro/}.
   */
  static final List<String> FOLDERS = List.of("_next/static/", "_app/immutable/", "_astro/");

  /** Top folders where bundlers put their hashed output; see {@link #looksBundled}. */
  private static final List<String> BUNDLER_FOLDERS = List.of("assets/", "static/", "_next/", "_app/", "_astro/");

  private final Pattern name;
  private final Map<Rule, Integer> counts = new EnumMap<>(Rule.class);

  /** Creates the rules with {@code namePattern} (a regular expression on file names) or none. */
  ImmutableRules(String namePattern) {
    this.name = namePattern == null ? null : Pattern.compile(namePattern);
  }

  /**
   * Returns the rule that names the versions of a file ({@link HashedNames#wildcard}): the name
   * rule {@code namePattern} when it marks its hash with a group {@code hash}, as the default
   * does; else the default, which names the versions of {@code build}'s and the bundlers' files.
   */
  static Pattern versions(String namePattern) {
    boolean marksItsHash = namePattern != null && namePattern.contains("(?<" + HashedNames.HASH_GROUP + ">");
    return Pattern.compile(marksItsHash ? namePattern : HashedNames.DEFAULT_PATTERN);
  }

  /**
   * Returns the rule that makes the file at {@code rel} (relative to its root) immutable, counting
   * it, or null when none does.
   */
  Rule match(String rel, RootManifests manifests) {
    Rule rule = manifests.vite().contains(rel) ? Rule.VITE_MANIFEST
        : manifests.immutable().contains(rel) ? Rule.OUR_MANIFEST
        : inFolder(rel) ? Rule.FOLDER
        : name != null && name.matcher(rel.substring(rel.lastIndexOf('/') + 1)).matches() ? Rule.NAME
        : null;
    if (rule != null) {
      counts.merge(rule, 1, Integer::sum);
    }
    return rule;
  }

  /** Returns how many files each rule made immutable so far, by its label, in rule order, none left out. */
  Map<String, Integer> counts() {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (Rule r : Rule.values()) {
      result.put(r.label, counts.getOrDefault(r, 0));
    }
    return result;
  }

  /** Returns how many files the rules made immutable so far. */
  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Returns whether a root's files look like a bundler's output: an {@code index.html} at the top
   * and scripts or stylesheets under one of the folders bundlers write to.
   */
  static boolean looksBundled(Iterable<String> rels) {
    boolean page = false;
    boolean bundle = false;
    for (String rel : rels) {
      page |= rel.equals("index.html");
      bundle |= (rel.endsWith(".js") || rel.endsWith(".css")) && BUNDLER_FOLDERS.stream().anyMatch(rel::startsWith);
    }
    return page && bundle;
  }

  private static boolean inFolder(String rel) {
    String path = "/" + rel;
    for (String folder : FOLDERS) {
      if (path.contains("/" + folder)) {
        return true;
      }
    }
    return false;
  }
}
