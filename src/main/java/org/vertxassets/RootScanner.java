package org.vertxassets;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the files of a root that may be served: regular files, not hidden, reached through no
 * symbolic link that leaves the root or lands on a hidden name. Blocking.
 */
final class RootScanner {

  private static final System.Logger LOG = System.getLogger(RootScanner.class.getName());

  /** A regular file found under a root, with the attributes of its target. */
  record Found(Path file, long size, long lastModified) {
  }

  private final Path real;
  private final boolean indexDotfiles;
  private final Map<String, Found> files = new TreeMap<>();

  private RootScanner(Path real, boolean indexDotfiles) {
    this.real = real;
    this.indexDotfiles = indexDotfiles;
  }

  /**
   * Returns the servable files of a root, by path relative to it (no leading slash, {@code /}
   * separators), sorted. Unreadable entries, broken links and special files are skipped with a
   * warning.
   *
   * @throws IllegalArgumentException when the root is not a readable directory
   */
  static Map<String, Found> scan(AssetsOptions.Root root, boolean indexDotfiles) {
    Path dir = Path.of(root.directory()).toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("roots: '" + root.directory() + "' (" + dir
          + ") is not a directory; create it or correct the path");
    }
    try {
      RootScanner scanner = new RootScanner(dir.toRealPath(), indexDotfiles);
      scanner.walk();
      return scanner.files;
    } catch (IOException e) {
      throw new IllegalArgumentException("roots: '" + root.directory() + "' cannot be read: " + e, e);
    }
  }

  /** Returns {@code f} with its size and time as they are now, or null when it is gone. Blocking. */
  static Found listAgain(Found f) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(f.file(), BasicFileAttributes.class);
      return attrs.isRegularFile()
          ? new Found(f.file(), attrs.size(), attrs.lastModifiedTime().to(TimeUnit.SECONDS)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void walk() throws IOException {
    Files.walkFileTree(real, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (d.equals(real)) {
          return FileVisitResult.CONTINUE;
        }
        return isHidden(real.relativize(d)) || !isSafeLink(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        Path rel = real.relativize(f);
        if (isHidden(rel)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          LOG.log(Level.WARNING, "vertx-assets: skipped {0}: broken symbolic link", f);
        } else if (!attrs.isRegularFile()) {
          LOG.log(Level.WARNING, "vertx-assets: skipped {0}: not a regular file", f);
        } else if (isSafeLink(f)) {
          files.put(rel.toString().replace(f.getFileSystem().getSeparator(), "/"),
              new Found(f, attrs.size(), attrs.lastModifiedTime().to(TimeUnit.SECONDS)));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        LOG.log(Level.WARNING, "vertx-assets: skipped {0}: {1}", f, e.toString());
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Returns whether a path relative to the root is a dotfile or inside a dot-folder, and so not served. */
  private boolean isHidden(Path rel) {
    if (indexDotfiles) {
      return false;
    }
    for (int i = 0; i < rel.getNameCount(); i++) {
      String name = rel.getName(i).toString();
      if (name.startsWith(".") && !(i == 0 && name.equals(".well-known"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns true for a path that is not a symbolic link, or a link whose target stays inside the
   * root and is not hidden there (so that {@code assets -> .git} does not serve {@code .git});
   * warns when it returns false.
   */
  private boolean isSafeLink(Path p) {
    if (!Files.isSymbolicLink(p)) {
      return true;
    }
    try {
      Path target = p.toRealPath();
      if (!target.startsWith(real)) {
        LOG.log(Level.WARNING, "vertx-assets: skipped {0}: symbolic link to {1}, outside the root {2}", p, target, real);
        return false;
      }
      if (isHidden(real.relativize(target))) {
        LOG.log(Level.WARNING, "vertx-assets: skipped {0}: symbolic link to the hidden {1}", p, target);
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "vertx-assets: skipped {0}: {1}", p, e.toString());
      return false;
    }
  }
}
