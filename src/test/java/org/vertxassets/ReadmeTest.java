package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first screen holds what a newcomer copies: it must be true as written. */
class ReadmeTest {

  private static final Path README = Path.of("README.md");

  @Test
  void theQuickStartCompilesAsWritten(@TempDir Path dir) throws Exception {
    String java = quickStart();
    Matcher name = Pattern.compile("public final class (\\w+)").matcher(java);
    assertTrue(name.find(), "the quick start is a whole program with its imports:\n" + java);
    Path source = dir.resolve(name.group(1) + ".java");
    Files.writeString(source, java);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();

    boolean compiled = javac.getTask(errors, null, null, List.of("-d", dir.toString(), "-Xlint:all", "-Werror",
        "-cp", System.getProperty("java.class.path")), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile())).call();

    assertTrue(compiled, errors.toString());
    assertTrue(Files.exists(dir.resolve(name.group(1) + ".class")));
  }

  @Test
  void theQuickStartStopsLoudlyWhenItCannotListen() throws Exception {
    String java = quickStart();

    assertTrue(java.contains(".onFailure("), "a failed listen must not leave the program silent and running");
    assertTrue(java.contains("System.exit(1)"), java);
  }

  @Test
  void theFirstScreenGivesTheDependencyAndTheTwoCommands() throws Exception {
    String firstScreen = Files.readString(README).lines().limit(40).reduce("", (a, b) -> a + b + "\n");

    assertTrue(firstScreen.contains("<groupId>org.vertxassets</groupId>"), firstScreen);
    assertTrue(firstScreen.contains("<artifactId>vertx-assets</artifactId>"), firstScreen);
    assertTrue(firstScreen.contains("mvn -q compile exec:java"), firstScreen);
    assertTrue(firstScreen.contains(".ci/run"), firstScreen);
    assertTrue(firstScreen.contains("import org.vertxassets.AssetsHandler;"), firstScreen);
  }

  @Test
  void theVersionInTheReadmeIsThePomsVersion() throws Exception {
    Matcher pom = Pattern.compile("<artifactId>vertx-assets</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    Matcher readme = Pattern.compile("<artifactId>vertx-assets</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(README));

    assertTrue(pom.find() && readme.find());
    assertEquals(pom.group(1), readme.group(1));
  }

  @Test
  void theReadmeLinksOnlyToFilesOfTheRepository() throws Exception {
    Matcher link = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)").matcher(Files.readString(README));
    while (link.find()) {
      String target = link.group(1);
      if (!target.startsWith("http")) {
        assertTrue(new File(target).exists(), "README links to " + target + ", which is not in the repository");
      }
    }
  }

  /** Returns the first Java block of the README. */
  private static String quickStart() throws Exception {
    String text = Files.readString(README);
    int start = text.indexOf("```java\n");
    return text.substring(start + 8, text.indexOf("```", start + 8));
  }
}
