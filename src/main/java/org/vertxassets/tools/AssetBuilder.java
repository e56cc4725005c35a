package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.vertxassets.impl.codec.Manifest;

/**
 * Builds a tree of assets for far-future caching, as Django's {@code ManifestStaticFilesStorage}
 * does: copies SRC to OUT, giving every file a name that carries the hash of its content
 * ({@code css/app.3f2a9c1b7e4d.css}), rewrites the references of CSS, JS and HTML files to those
 * names, and writes {@code OUT/manifest.json}, which maps each file to its hashed name. An HTML
 * page is written under its own name only, with its references rewritten: it is an entry point.
 *
 * <ul>
 *   <li>Dotfiles and dot-folders are skipped, but for a top-level {@code .well-known}, which the
 *       server serves.
 *   <li>A file's hash is the SHA-256 of its final bytes, after its references are rewritten; so a
 *       file is hashed after the files it names (an imported CSS before the CSS that imports it).
 *   <li>References that name no file of SRC are left as they are, with a {@link Warning}. So are
 *       references between the files of a cycle (two CSS files that {@code @import} each other):
 *       neither hash can contain the other, so each member is hashed with those references
 *       unhashed, and each such reference gets a warning that names the cycle.
 *   <li>A strict build ({@link Options#strict()}) fails on any warning, before writing anything.
 *   <li>OUT may exist. Every file the build writes is replaced. A file that the previous
 *       {@code manifest.json} in OUT names (as a key or a path) and that this build does not
 *       write is stale: it is deleted, and so are the folders that leaves empty. Any other file
 *       in OUT is left alone, and so is OUT when its {@code manifest.json} is not one of ours.
 * </ul>
 *
 * <p>Two builds of the same SRC write byte-identical files under identical names, and a
 * byte-identical manifest.
 */
public final class AssetBuilder {

  private AssetBuilder() {
  }

  /**
   * What a build does beyond hashing.
   *
   * @param keepUnhashed whether each file is also written under its own name, with the same bytes
   *     as its hashed copy ({@code --no-unhashed} turns it off; default true)
   * @param strict whether a reference that cannot be rewritten (no such file, or in a cycle)
   *     fails the build instead of being warned about ({@code --strict}; default false)
   * @param keepReleases how many releases' hashed files OUT holds, this one included
   *     ({@code --keep-releases}; default 3): a page of the previous release still loads during a
   *     rolling deploy, and the files a returning visitor has are the dictionaries of their new
   *     versions; the hashed files of older releases are deleted, with their variants
   */
  public record Options(boolean keepUnhashed, boolean strict, int keepReleases) {

    public Options {
      if (keepReleases < 1) {
        throw new IllegalArgumentException("keepReleases must be 1 or more (1: this release only), got "
            + keepReleases);
      }
    }

    /** Options that keep the default number of releases. */
    public Options(boolean keepUnhashed, boolean strict) {
      this(keepUnhashed, strict, Releases.DEFAULT_KEEP);
    }

    /** Returns the options of a plain {@code build SRC OUT}: unhashed copies kept, not strict, three releases. */
    public static Options defaults() {
      return new Options(true, false);
    }
  }

  /**
   * A reference that was left as written.
   *
   * @param file the referring file, relative to SRC ({@code css/app.css})
   * @param line the 1-based line of the reference
   * @param reference the reference as shown in messages: {@code url(../img/x.png)},
   *     {@code @import "x.css"} or {@code sourceMappingURL=x.js.map}
   * @param problem why it was left: {@code no such file}, or the cycle it is part of
   */
  public record Warning(String file, int line, String reference, String problem) {

    /** Returns the warning as one line: {@code css/app.css:12: url(../img/missing.png): no such file}. */
    @Override
    public String toString() {
      return file + ":" + line + ": " + reference + ": " + problem;
    }
  }

  /**
   * What a build did.
   *
   * @param manifest the manifest's files, sorted by key
   * @param bytes the bytes of the files, each counted once (its hashed copy)
   * @param referencesRewritten the references rewritten to a hashed name
   * @param staleRemoved the stale files of an earlier build removed from OUT
   * @param warnings the references left as written, in file and line order
   * @param elapsed how long the build took
   */
  public record Summary(Map<String, Manifest.Entry> manifest, long bytes, int referencesRewritten, int staleRemoved,
      List<Warning> warnings, Duration elapsed) {

    public Summary {
      manifest = Collections.unmodifiableMap(new TreeMap<>(manifest));
      warnings = List.copyOf(warnings);
      Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Returns the number of files built: the number of entries of the manifest. */
    public int files() {
      return manifest.size();
    }
  }

  /** Receives the progress of a build: {@code done} of {@code total} files through a phase. */
  interface Progress {

    Progress NONE = (phase, done, total) -> {
    };

    void update(String phase, int done, int total);
  }

  /**
   * Returns the summary of a build of {@code src} into {@code out}. Blocks; call from a worker.
   *
   * @throws IllegalArgumentException when {@code src} is not a readable directory, or when
   *     {@code out} is {@code src}, lies inside it, contains it, or is not a directory; the
   *     message names the argument ({@code SRC} or {@code OUT}) and the fix
   * @throws BuildException when the build cannot be made as asked; nothing is written then
   * @throws IOException when a file cannot be read or written
   */
  public static Summary build(Path src, Path out, Options options) throws IOException, BuildException {
    return build(src, out, options, Progress.NONE);
  }

  static Summary build(Path src, Path out, Options options, Progress progress) throws IOException, BuildException {
    long start = System.nanoTime();
    Path root = source(src);
    Path target = output(root, out);
    Linker.Result linked = Linker.link(SourceTree.scan(root), progress);
    if (options.strict() && !linked.warnings().isEmpty()) {
      int n = linked.warnings().size();
      throw new BuildException(n + (n == 1 ? " reference" : " references")
          + " cannot be rewritten and the build is strict; nothing was written", linked.warnings());
    }
    Map<String, Linker.Linked> plan = OutputTree.plan(linked.files(), options.keepUnhashed());
    Manifest previous = OutputTree.previousManifest(target);
    Map<String, Manifest.Entry> manifest = new TreeMap<>();
    long bytes = 0;
    for (Linker.Linked f : linked.files().values()) {
      if (Names.keepsItsName(f.key())) {
        continue; // an entry point, or _headers, keeps its name: no hashed copy to map it to
      }
      manifest.put(f.key(), new Manifest.Entry(f.hashedKey(), f.digest().sha256(), f.digest().size(),
          f.digest().integrity()));
      bytes += f.digest().size();
    }
    OutputTree.write(target, plan, progress);
    List<Map<String, Manifest.Entry>> earlier =
        Releases.earlier(previous, manifest, plan.keySet(), options.keepReleases(), target);
    Set<String> kept = new HashSet<>(plan.keySet());
    kept.addAll(Releases.paths(earlier));
    int stale = OutputTree.removeStale(target, OutputTree.outputs(previous), kept);
    Manifest.write(target, manifest, earlier);
    // A second after the newest source, not the clock: the index trusts the manifest's hashes for
    // files not modified since it was written, and compress records its time like any file's.
    long newest = 0;
    for (Linker.Linked f : linked.files().values()) {
      newest = Math.max(newest, Files.getLastModifiedTime(f.source()).toMillis());
    }
    Files.setLastModifiedTime(target.resolve(Manifest.NAME), FileTime.fromMillis(newest / 1000 * 1000 + 1000));
    return new Summary(manifest, bytes, linked.rewritten(), stale, linked.warnings(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Returns the real path of SRC, checked to be a readable directory. */
  private static Path source(Path src) {
    if (!Files.exists(src)) {
      throw new IllegalArgumentException("SRC '" + src + "' does not exist; give the directory of your assets,"
          + " as in: build src/main/webroot target/webroot");
    }
    if (!Files.isDirectory(src)) {
      throw new IllegalArgumentException("SRC '" + src + "' is not a directory; give the directory of your assets,"
          + " not a file in it");
    }
    if (!Files.isReadable(src) || !Files.isExecutable(src)) {
      throw new IllegalArgumentException("SRC '" + src + "' cannot be read; check its permissions");
    }
    try {
      return src.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("SRC '" + src + "' cannot be read (" + e + "); check its permissions", e);
    }
  }

  /** Returns OUT as an absolute path, checked to be a directory or nothing, and apart from SRC. */
  private static Path output(Path root, Path out) {
    Path real = realPath(out);
    if (real.equals(root)) {
      throw new IllegalArgumentException("OUT '" + out + "' is SRC itself; write the build to another directory,"
          + " such as target/webroot");
    }
    if (real.startsWith(root)) {
      throw new IllegalArgumentException("OUT '" + out + "' is inside SRC '" + root + "', so the next build would"
          + " copy this one; choose an OUT outside SRC, such as target/webroot");
    }
    if (root.startsWith(real)) {
      throw new IllegalArgumentException("OUT '" + out + "' contains SRC '" + root + "', so the build could write"
          + " over its sources; choose an OUT outside SRC, such as target/webroot");
    }
    if (Files.exists(real) && !Files.isDirectory(real)) {
      throw new IllegalArgumentException("OUT '" + out + "' exists and is not a directory; remove it or choose"
          + " another OUT");
    }
    return real;
  }

  /** Returns the real path of a path that may not exist yet: its deepest existing ancestor's, resolved. */
  private static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path p = absolute; p != null; p = p.getParent()) {
      try {
        return p.toRealPath().resolve(p.relativize(absolute));
      } catch (IOException e) {
        // Not there yet: try its parent.
      }
    }
    return absolute;
  }
}
