package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Tree;

/** Files hashed after the files they name, and cycles, whose inner references stay as written. */
class DependencyOrderTest {

  @Test
  void cssNamesTheHashedNameOfTheCssItImportsAndIsHashedWithIt(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir).write("css/a.css", "@import \"b.css\";\na{}\n").write("css/b.css", "b{}\n");

    AssetBuilder.Summary summary = tree.build();

    String b = "b." + Tree.hash("b{}\n") + ".css";
    String a = "@import \"" + b + "\";\na{}\n";
    assertEquals(a, tree.read("css/a.css"));
    assertEquals("css/a." + Tree.hash(a) + ".css", summary.manifest().get("css/a.css").path());
  }

  @Test
  void aChangeDeepInAChainOfImportsChangesTheHashOfEveryFileAboveIt(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir).write("a.css", "@import 'b.css';").write("b.css", "@import url(c.css);")
        .write("c.css", "a { b: url(d.png) }").write("d.png", "one");
    AssetBuilder.Summary first = tree.build();

    tree.write("d.png", "two");
    AssetBuilder.Summary second = tree.build();

    for (String key : List.of("a.css", "b.css", "c.css", "d.png")) {
      assertNotEquals(first.manifest().get(key).path(), second.manifest().get(key).path(), key);
    }
    assertEquals("@import 'b." + tree.hashOf("b.css") + ".css';", tree.read("a.css"));
  }

  @Test
  void cssFilesThatImportEachOtherAreHashedWithTheirMutualReferencesAsWritten(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir).write("css/a.css", "@import \"b.css\";\na { b: url(../x.png) }")
        .write("css/b.css", "\n@import url(a.css);").write("x.png", "X");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("@import \"b.css\";\na { b: url(../x." + tree.hashOf("x.png") + ".png) }", tree.read("css/a.css"));
    assertEquals("\n@import url(a.css);", tree.read("css/b.css"));
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
    Tree tree = new Tree(dir).write("main.css", "@import \"a.css\";").write("a.css", "@import \"b.css\";")
        .write("b.css", "@import \"c.css\";").write("c.css", "@import \"a.css\";");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("@import \"a." + tree.hashOf("a.css") + ".css\";", tree.read("main.css"));
    assertEquals("a.css:1: @import \"b.css\": in the cycle a.css -> b.css -> c.css -> a.css; left unhashed",
        summary.warnings().get(0).toString());
    assertEquals(3, summary.warnings().size());
  }

  @Test
  void aCssThatNamesItselfIsACycleOfOne(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir).write("app.css", "a { b: url(app.css#x) }");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("a { b: url(app.css#x) }", tree.read("app.css"));
    assertEquals(List.of("app.css:1: url(app.css#x): in the cycle app.css -> app.css; left unhashed"),
        summary.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void strictBuildFailsOnACycle(@TempDir Path dir) {
    Tree tree = new Tree(dir).write("a.css", "@import \"b.css\";").write("b.css", "@import \"a.css\";");

    BuildException e = assertThrows(BuildException.class,
        () -> AssetBuilder.build(tree.src, tree.out, new AssetBuilder.Options(true, true)));

    assertEquals(2, e.warnings().size());
    assertEquals("2 references cannot be rewritten and the build is strict; nothing was written", e.getMessage());
  }
}
