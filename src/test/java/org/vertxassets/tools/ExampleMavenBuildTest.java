package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** {@code examples/maven-build}: its webroot builds strictly, with every reference rewritten. */
class ExampleMavenBuildTest {

  /** Surefire runs in the project directory. */
  private static final Path WEBROOT = Path.of("examples/maven-build/src/main/webroot");

  @Test
  void webrootBuildsStrictlyWithTheFontTheImageAndTheSourceMapRewritten(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir);

    AssetBuilder.Summary summary = AssetBuilder.build(WEBROOT, tree.out, new AssetBuilder.Options(true, true));

    assertEquals(List.of(), summary.warnings());
    assertEquals(6, summary.referencesRewritten()); // 4 in CSS and JS, 2 in index.html
    String css = tree.built("css/app.css");
    assertTrue(css.contains("@import \"base." + tree.hashOf("css/base.css") + ".css\";"), css);
    assertTrue(css.contains("url(\"../fonts/example-sans." + tree.hashOf("fonts/example-sans.woff2")
        + ".woff2?v=1#iefix\")"), css);
    assertTrue(css.contains("url(../img/logo." + tree.hashOf("img/logo.svg") + ".svg)"), css);
    assertTrue(tree.built("js/app.js").endsWith("//# sourceMappingURL=app.js." + tree.hashOf("js/app.js.map")
        + ".map\n"), tree.built("js/app.js"));
  }
}
