package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

/** Lists the files of SRC that a build copies. */
final class SourceTree {

  private SourceTree() {
  }

  /**
   * Returns the regular files under {@code root} by key (path relative to it, {@code /}
   * separators), sorted. Symbolic links are followed; dotfiles and dot-folders are skipped but for
   * a top-level {@code .well-known}, as the server skips them. Blocks.
   *
   * @throws IOException when an entry cannot be read, or is a broken link: a build that silently
   *     left a file out would serve pages that name it
   */
  static Map<String, Path> scan(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        boolean skip = !dir.equals(root) && isHidden(root.relativize(dir));
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path relative = root.relativize(file);
        if (isHidden(relative)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          throw new FileSystemException(file.toString(), null, "broken symbolic link");
        }
        if (attrs.isRegularFile()) {
          files.put(relative.toString().replace(root.getFileSystem().getSeparator(), "/"), file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  private static boolean isHidden(Path relative) {
    for (int i = 0; i < relative.getNameCount(); i++) {
      String name = relative.getName(i).toString();
      if (name.startsWith(".") && !(i == 0 && name.equals(".well-known"))) {
        return true;
      }
    }
    return false;
  }
}
