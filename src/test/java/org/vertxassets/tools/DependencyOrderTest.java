package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** Files hashed after the files they name, and cycles, whose inner references stay as written. */
class DependencyOrderTest {

  @Test
  void cssNamesTheHashedNameOfTheCssItImportsAndIsHashedWithIt(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "@import \"b.css\";\na{}\n").with("css/b.css", "b{}\n");

    AssetBuilder.Summary summary = tree.build();

    String b = "b." + Site.hash("b{}\n") + ".css";
    String a = "@import \"" + b + "\";\na{}\n";
    assertEquals(a, tree.built("css/a.css"));
    assertEquals("css/a." + Site.hash(a) + ".css", summary.manifest().get("css/a.css").path());
  }

  @Test
  void aChangeDeepInAChainOfImportsChangesTheHashOfEveryFileAboveIt(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("a.css", "@import 'b.css';").with("b.css", "@import url(c.css);")
        .with("c.css", "a { b: url(d.png) }").with("d.png", "one");
    AssetBuilder.Summary first = tree.build();

    tree.write("d.png", "two");
    AssetBuilder.Summary second = tree.build();

    for (String key : List.of("a.css", "b.css", "c.css", "d.png")) {
      assertNotEquals(first.manifest().get(key).path(), second.manifest().get(key).path(), key);
    }
    assertEquals("@import 'b." + tree.hashOf("b.css") + ".css';", tree.built("a.css"));
  }

  @Test
  void cssFilesThatImportEachOtherAreHashedWithTheirMutualReferencesAsWritten(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "@import \"b.css\";\na { b: url(../x.png) }")
        .with("css/b.css", "\n@import url(a.css);").with("x.png", "X");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("@import \"b.css\";\na { b: url(../x." + tree.hashOf("x.png") + ".png) }", tree.built("css/a.css"));
    assertEquals("\n@import url(a.css);", tree.built("css/b.css"));
    tree.hashOf("css/a.css");
    tree.hashOf("css/b.css");
    assertEquals(List.of(
            "css/a.css:1: @import \"b.css\": in the cycle css/a.css -> css/b.css -> css/a.css; left unhashed",
            "css/b.css:2: url(a.css): in the cycle css/b.css -> css/a.css -> css/b.css; left unhashed"),
        summary.warnings().stream().map(Object::toString).toList());
    assertEquals(1, summary.referencesRewritten());
  }

  @Test
  void aFileOutsideACycleNamesTheHashedNamesOfItsMembers(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("main.css", "@import \"a.css\";").with("a.css", "@import \"b.css\";")
        .with("b.css", "@import \"c.css\";").with("c.css", "@import \"a.css\";");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("@import \"a." + tree.hashOf("a.css") + ".css\";", tree.built("main.css"));
    assertEquals("a.css:1: @import \"b.css\": in the cycle a.css -> b.css -> c.css -> a.css; left unhashed",
        summary.warnings().get(0).toString());
    assertEquals(3, summary.warnings().size());
  }

  @Test
  void aCssThatNamesItselfIsACycleOfOne(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("app.css", "a { b: url(app.css#x) }");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("a { b: url(app.css#x) }", tree.built("app.css"));
    assertEquals(List.of("app.css:1: url(app.css#x): in the cycle app.css -> app.css; left unhashed"),
        summary.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void strictBuildFailsOnACycle(@TempDir Path dir) {
    Site tree = Site.source(dir).with("a.css", "@import \"b.css\";").with("b.css", "@import \"a.css\";");

    BuildException e = assertThrows(BuildException.class,
        () -> AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(true, true)));

    assertEquals(2, e.warnings().size());
    assertEquals("2 references cannot be rewritten and the build is strict; nothing was written", e.getMessage());
  }
}
