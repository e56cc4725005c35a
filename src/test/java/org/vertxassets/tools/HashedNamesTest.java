package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.testing.Site;

/** The names a build gives its files, and what their hashes are of. */
class HashedNamesTest {

  @Test
  void insertsTwelveLowercaseHexDigitsBeforeTheExtension(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/app.css", "a{}");

    String path = tree.build().manifest().get("css/app.css").path();

    assertTrue(path.matches("css/app\\.[0-9a-f]{12}\\.css"), path);
    assertTrue(Files.isRegularFile(tree.out.resolve(path)));
  }

  @Test
  void hashesOnlyTheLastExtensionOfAMinifiedFile(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("js/app.min.js", "f()");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("js/app.min." + Site.hash("f()") + ".js",
        summary.manifest().get("js/app.min.js").path());
  }

  @Test
  void appendsTheHashToANameWithoutExtension(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("LICENSE", "MIT").with("v1.0/notes", "n");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("LICENSE." + Site.hash("MIT"), summary.manifest().get("LICENSE").path());
    assertEquals("v1.0/notes." + Site.hash("n"), summary.manifest().get("v1.0/notes").path());
  }

  @Test
  void anHtmlPageKeepsItsNameAndGetsNoHashedCopyNorManifestEntry(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("index.html", "<h1>home</h1>").with("docs/Guide.HTM", "<p>guide</p>")
        .with("css/app.css", "a{}");

    AssetBuilder.Summary summary = tree.build();

    try (java.util.stream.Stream<Path> files = Files.walk(tree.out)) {
      assertEquals(List.of("css/app." + tree.hashOf("css/app.css") + ".css", "css/app.css", "docs/Guide.HTM",
          "index.html", "manifest.json"), files.filter(Files::isRegularFile)
          .map(p -> tree.out.relativize(p).toString()).sorted().toList());
    }
    assertEquals(java.util.Set.of("css/app.css"), summary.manifest().keySet());
    assertEquals("<h1>home</h1>", tree.built("index.html"));
  }

  @Test
  void theHeadersFileAtTheTopKeepsItsNameAndGetsNoHashedCopyNorManifestEntry(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("_headers", "/*\n  X-Frame-Options: DENY\n").with("docs/_headers", "d");

    AssetBuilder.Summary summary = tree.build();

    try (java.util.stream.Stream<Path> files = Files.walk(tree.out)) {
      assertEquals(List.of("_headers", "docs/_headers", "docs/_headers." + Site.hash("d"),
          "manifest.json"), files.filter(Files::isRegularFile).map(p -> tree.out.relativize(p).toString()).sorted()
          .toList());
    }
    assertEquals(java.util.Set.of("docs/_headers"), summary.manifest().keySet());
    assertEquals("/*\n  X-Frame-Options: DENY\n", tree.built("_headers"));
  }

  @Test
  void readsReferencesOnlyInFilesWhoseExtensionIsCssJsOrHtml(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("img/a.png", "PNG").with("css", "a { b: url(img/a.png) }")
        .with("page.html", "<style>a { b: url(img/a.png) }</style>")
        .with("page.txt", "<style>a { b: url(img/a.png) }</style>")
        .with("lib.MJS", "//# sourceMappingURL=img/a.png");

    AssetBuilder.Summary summary = tree.build();

    assertEquals("a { b: url(img/a.png) }", tree.built("css"));
    assertEquals("<style>a { b: url(img/a." + tree.hashOf("img/a.png") + ".png) }</style>", tree.built("page.html"));
    assertEquals("<style>a { b: url(img/a.png) }</style>", tree.built("page.txt"));
    assertEquals("//# sourceMappingURL=img/a." + tree.hashOf("img/a.png") + ".png", tree.built("lib.MJS"));
    assertEquals(2, summary.referencesRewritten());
  }

  @Test
  void hashIsTheSha256OfTheFinalBytesAsWritten(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("img/a.png", "PNG").with("css/app.css", "a { b: url(../img/a.png) }");

    Manifest.Entry entry = tree.build().manifest().get("css/app.css");

    byte[] written = Site.bytes(tree.out.resolve(entry.path()));
    String sha256 = Site.sha256(written);
    assertFalse(new String(written).contains("url(../img/a.png)"), "the hashed bytes are the rewritten ones");
    assertEquals(sha256, entry.sha256());
    assertEquals(written.length, entry.size());
    assertEquals("css/app." + sha256.substring(0, 12) + ".css", entry.path());
  }

  @Test
  void unhashedCopyHasTheBytesOfTheHashedCopy(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("img/a.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff})
        .with("css/app.css", "a { b: url(../img/a.png) }");

    AssetBuilder.Summary summary = tree.build();

    for (String key : List.of("img/a.png", "css/app.css")) {
      assertArrayEquals(Site.bytes(tree.out.resolve(summary.manifest().get(key).path())),
          Site.bytes(tree.out.resolve(key)), key);
    }
    assertArrayEquals(Site.bytes(tree.root.resolve("img/a.png")), Site.bytes(tree.out.resolve("img/a.png")));
  }

  @Test
  void skipsDotfilesAndDotFoldersButKeepsWellKnown(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with(".env", "SECRET=1").with(".git/config", "x").with("css/.draft.css", "a{}")
        .with("css/app.css", "a{}").with(".well-known/security.txt", "Contact: x");

    AssetBuilder.Summary summary = tree.build();

    assertEquals(List.of(".well-known/security.txt", "css/app.css"), List.copyOf(summary.manifest().keySet()));
    assertFalse(Files.exists(tree.out.resolve(".env")));
    assertFalse(Files.exists(tree.out.resolve(".git")));
    assertFalse(Files.exists(tree.out.resolve("css/.draft.css")));
  }
}
