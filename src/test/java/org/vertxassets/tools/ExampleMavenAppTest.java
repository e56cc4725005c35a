package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code examples/maven-app}: it builds with this version of vertx-assets and the tools it was
 * tested with, and its webroot builds strictly, with every reference rewritten. {@code .ci/run}
 * builds the application itself and checks its jar.
 */
class ExampleMavenAppTest {

  /** Surefire runs in the project directory. */
  private static final Path EXAMPLE = Path.of("examples/maven-app");

  @Test
  void theExampleDependsOnThisVersionOfVertxAssets() throws Exception {
    Element project = root(Path.of("pom.xml"));

    assertEquals(child(project, "version"), properties(EXAMPLE.resolve("pom.xml")).get("vertx-assets.version"),
        "vertx-assets.version of " + EXAMPLE.resolve("pom.xml"));
  }

  @Test
  void theExampleRunsTheBuildWithTheVertxAndToolVersionsOfThisProject() throws Exception {
    Map<String, String> ours = properties(Path.of("pom.xml"));
    Map<String, String> example = properties(EXAMPLE.resolve("pom.xml"));

    for (String key : List.of("vertx.version", "picocli.version", "brotli4j.version", "zstd-jni.version")) {
      assertEquals(ours.get(key), example.get(key), key + " of " + EXAMPLE.resolve("pom.xml"));
    }
  }

  @Test
  void webrootBuildsStrictlyWithTheFontTheImageAndTheSourceMapRewritten(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir);

    AssetBuilder.Summary summary = AssetBuilder.build(EXAMPLE.resolve("src/main/webroot"), tree.out,
        new AssetBuilder.Options(true, true));

    assertEquals(List.of(), summary.warnings());
    assertEquals(4, summary.referencesRewritten());
    String css = tree.built("css/app.css");
    assertTrue(css.contains("@import \"base." + tree.hashOf("css/base.css") + ".css\";"), css);
    assertTrue(css.contains("url(\"../fonts/example-sans." + tree.hashOf("fonts/example-sans.woff2")
        + ".woff2?v=1#iefix\")"), css);
    assertTrue(css.contains("url(../img/logo." + tree.hashOf("img/logo.svg") + ".svg)"), css);
    assertTrue(tree.built("js/app.js").endsWith("//# sourceMappingURL=app.js." + tree.hashOf("js/app.js.map")
        + ".map\n"), tree.built("js/app.js"));
  }

  private static Element root(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
  }

  /** Returns the {@code <properties>} of a pom, by name. */
  private static Map<String, String> properties(Path pom) throws Exception {
    Map<String, String> properties = new HashMap<>();
    for (Node n = element(root(pom), "properties").getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element property) {
        properties.put(property.getTagName(), property.getTextContent().trim());
      }
    }
    return properties;
  }

  /** Returns the text of the direct child {@code name} of {@code parent}. */
  private static String child(Element parent, String name) {
    return element(parent, name).getTextContent().trim();
  }

  private static Element element(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }
}
