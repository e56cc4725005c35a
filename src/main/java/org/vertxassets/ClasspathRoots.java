package org.vertxassets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Resolves a root written {@code classpath:webroot} to directories: a folder on the class path is
 * used where it is; a folder inside a jar is extracted once per JVM to a temporary directory,
 * keeping each entry's modification time, and deleted when the JVM exits. Then the index treats
 * them as any directory: ETags from content, variants, zero-copy sends. Blocking.
 */
final class ClasspathRoots {

  static final String SCHEME = AssetsOptions.CLASSPATH_SCHEME;

  /** Extracted jar folders, by URL, so that a rebuild does not extract again. */
  private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

  private ClasspathRoots() {
  }

  /**
   * Returns the directories of a {@code classpath:} root, in class-path order (the first that has
   * a path wins, as with several roots). Blocks; call from a worker.
   *
   * @throws IllegalArgumentException when no folder of that name is on the class path
   */
  static List<Path> resolve(String directory) {
    String name = directory.substring(SCHEME.length());
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ClasspathRoots.class.getClassLoader();
    }
    List<Path> found = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(name))) {
        if (url.getProtocol().equals("file")) {
          found.add(Path.of(url.toURI()));
        } else if (url.getProtocol().equals("jar")) {
          String folder = name;
          found.add(EXTRACTED.computeIfAbsent(url.toString(), u -> extract(url, folder)));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalArgumentException("roots: cannot read " + directory + " from the class path: " + e, e);
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("roots: " + directory + " is not a folder on the class path; package the"
          + " files under " + name + "/ in the application's jar, or give a directory path");
    }
    return found;
  }

  private static Path extract(URL url, String folder) {
    try {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      Path target = Files.createTempDirectory("vertx-assets-classpath-");
      deleteOnExit(target);
      // The connection's JarFile: it decodes the URL (spaces, nested jars) as the class loader did.
      try (JarFile jar = connection.getJarFile()) {
        String prefix = folder + "/";
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
            continue;
          }
          Path file = target.resolve(entry.getName().substring(prefix.length())).normalize();
          if (!file.startsWith(target)) {
            continue; // "../" in an entry name: never written outside the target (zip slip)
          }
          Files.createDirectories(file.getParent());
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setLastModifiedTime(file, FileTime.fromMillis(entry.getTime()));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("roots: cannot extract " + url, e);
    }
  }

  private static void deleteOnExit(Path dir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temporary directory left behind is all that is lost.
      }
    }, "vertx-assets-classpath-cleanup"));
  }

  /** Returns the roots with each {@code classpath:} root replaced by the directories it resolves to. */
  static List<AssetsOptions.Root> directories(List<AssetsOptions.Root> roots) {
    List<AssetsOptions.Root> result = new ArrayList<>();
    for (AssetsOptions.Root root : roots) {
      if (root.directory().startsWith(SCHEME)) {
        for (Path dir : ClasspathRoots.resolve(root.directory())) {
          result.add(new AssetsOptions.Root(dir.toString(), root.prefix()));
        }
      } else {
        result.add(root);
      }
    }
    return result;
  }
}
