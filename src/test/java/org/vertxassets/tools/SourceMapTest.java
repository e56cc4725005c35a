package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** The sourceMappingURL comments of CSS and JS files rewritten to the hashed names of their maps. */
class SourceMapTest {

  private static final String MAP =
      "{\"version\":3,\"file\":\"app.js\",\"sources\":[\"app.ts\"],\"mappings\":\"AAAA\"}\n";

  private Site tree;

  @BeforeEach
  void writeMaps(@TempDir Path dir) {
    tree = Site.source(dir).with("js/app.js.map", MAP).with("css/app.css.map", MAP.replace("app.js", "app.css"));
  }

  @Test
  void rewritesTheSourceMapCommentOfCss() throws Exception {
    tree.with("css/app.css", "a{}\n/*# sourceMappingURL=app.css.map */\n").build();

    assertEquals("a{}\n/*# sourceMappingURL=app.css." + tree.hashOf("css/app.css.map") + ".map */\n",
        tree.built("css/app.css"));
  }

  @Test
  void rewritesTheSourceMapLineOfJs() throws Exception {
    tree.with("js/app.js", "console.log(1);\n//# sourceMappingURL=app.js.map").build();

    assertEquals("console.log(1);\n//# sourceMappingURL=app.js." + tree.hashOf("js/app.js.map") + ".map",
        tree.built("js/app.js"));
  }

  @Test
  void rewritesTheLegacyForms() throws Exception {
    tree.with("js/app.js", "f();\r\n//@ sourceMappingURL=app.js.map\r\n")
        .with("css/app.css", "a{}\n/*@ sourceMappingURL=app.css.map */").build();

    assertEquals("f();\r\n//@ sourceMappingURL=app.js." + tree.hashOf("js/app.js.map") + ".map\r\n",
        tree.built("js/app.js"));
    assertEquals("a{}\n/*@ sourceMappingURL=app.css." + tree.hashOf("css/app.css.map") + ".map */",
        tree.built("css/app.css"));
  }

  @Test
  void rewritesOnlyTheLastSourceMapLineOfJsAsBrowsersReadOnlyThatOne() throws Exception {
    tree.with("js/app.mjs", "//# sourceMappingURL=old.map\nlet s = \"//# sourceMappingURL=app.js.map\";\n"
        + "//# sourceMappingURL=app.js.map\n").build();

    assertEquals("//# sourceMappingURL=old.map\nlet s = \"//# sourceMappingURL=app.js.map\";\n"
        + "//# sourceMappingURL=app.js." + tree.hashOf("js/app.js.map") + ".map\n", tree.built("js/app.mjs"));
  }

  @Test
  void leavesAnInlineSourceMapAlone() throws Exception {
    String js = "f();\n//# sourceMappingURL=data:application/json;base64,e30=\n";

    AssetBuilder.Summary summary = tree.with("js/app.js", js).build();

    assertEquals(js, tree.built("js/app.js"));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesTheMapItselfAsItIs() throws Exception {
    tree.with("js/app.js", "f();\n//# sourceMappingURL=app.js.map\n").build();

    assertEquals(MAP, tree.built("js/app.js.map"));
  }

  @Test
  void warnsAboutAMissingMapWithFileAndLine() throws Exception {
    AssetBuilder.Summary summary = tree.with("js/lib.js", "f();\ng();\n//# sourceMappingURL=lib.js.map\n")
        .with("css/lib.css", "a{}\n/*# sourceMappingURL=lib.css.map */").build();

    assertEquals(List.of("css/lib.css:2: sourceMappingURL=lib.css.map: no such file",
            "js/lib.js:3: sourceMappingURL=lib.js.map: no such file"),
        summary.warnings().stream().map(Object::toString).toList());
    assertEquals("f();\ng();\n//# sourceMappingURL=lib.js.map\n", tree.built("js/lib.js"));
  }
}
