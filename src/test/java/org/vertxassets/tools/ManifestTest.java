package org.vertxassets.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** OUT/manifest.json, the determinism of a build, and what a build does to an OUT that exists. */
class ManifestTest {

  @Test
  void writesTheManifestAsSortedTwoSpaceJsonWithAFinalNewline(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("robots.txt", "User-agent: *\n").with("img/bg.png", "png\n")
        .with("css/site.css", "body{background:url(../img/bg.png)}\n");

    tree.build();

    // The hashes were computed outside Java, from the bytes the build should write (sha256sum;
    // openssl dgst -sha384 -binary | base64 for the integrity).
    assertEquals("""
        {
          "version": 1,
          "files": {
            "css/site.css": {
              "integrity": "sha384-Bjgyz6CFeeUYB5YHxoRrY5c1fcePgu1NmE57KsK/+jrxNarbyN0e83KOozOunrhC",
              "path": "css/site.d041817b7f24.css",
              "sha256": "d041817b7f2432b4c1bb1714411368af1dd66c40bd9c8a2630cf4e7717511074",
              "size": 49
            },
            "img/bg.png": {
              "integrity": "sha384-7sJsBhj01b3y+C0uYCKGKxPiUwSWGafT+D6NJh3znQOTwbSDoRW5XF9qJjnJ41Xl",
              "path": "img/bg.33d8344a7135.png",
              "sha256": "33d8344a7135c42aa3876706b908f95b702d83ff53e05e4aaff17c07bf67a98e",
              "size": 4
            },
            "robots.txt": {
              "integrity": "sha384-mTfcbCzepi6gqLW09F4/GUg4JGLmk2sUEpc5OkdPF6OCJWr7JomhEP5G8ys90gw4",
              "path": "robots.fd89345af6ac.txt",
              "sha256": "fd89345af6aca5dab85f2aa6a830e270a362b1fa6b5f19607ddd773a081ed651",
              "size": 14
            }
          }
        }
        """, tree.built("manifest.json"));
    assertEquals("body{background:url(../img/bg.33d8344a7135.png)}\n", tree.built("css/site.d041817b7f24.css"));
  }

  @Test
  void writesAnEmptyManifestForAnEmptySrc(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir);
    Files.createDirectories(tree.root);

    tree.build();

    assertEquals("{\n  \"version\": 1,\n  \"files\": {}\n}\n", tree.built("manifest.json"));
  }

  @Test
  void escapesQuotesInNamesAndKeepsOtherCharactersAsTheyAre(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("say \"hi\" \\ café.txt", "x");

    tree.build();

    assertTrue(tree.built("manifest.json").contains("\"say \\\"hi\\\" \\\\ café.txt\": {\n"
        + "      \"integrity\": \"sha384-11LCxR+6DimqGQVwqdQlPkQHegWNMpf6OlYw1b0BJiL5fCisrtMTtcg7uZDKp9qF\",\n      \"path\": "
        + "\"say \\\"hi\\\" \\\\ café.2d711642b726.txt\","), tree.built("manifest.json"));
  }

  @Test
  void twoBuildsOfOneSrcWriteByteIdenticalTrees(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "@import 'b.css'; a { b: url(../img/x.png) }")
        .with("css/b.css", "@import 'a.css';").with("img/x.png", "X").with("js/app.js", "//# sourceMappingURL=m.map")
        .with("js/m.map", "{}").with("z/ünïcode.txt", "u");
    Path other = dir.resolve("other");

    tree.build();
    AssetBuilder.build(tree.root, other, AssetBuilder.Options.defaults());

    assertEquals(Site.snapshot(tree.out), Site.snapshot(other));
    assertEquals(13, Site.snapshot(other).size());
  }

  @Test
  void twoBuildsWriteTheSameBytesBookkeepingIncludedAndTheSourcesTimes(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "a { b: url(../img/x.png) }\n".repeat(40)).with("img/x.png", "X")
        .with("index.html", "<link rel=stylesheet href=css/a.css>\n" + "<h1>home</h1>\n".repeat(40));
    Path other = dir.resolve("other");
    java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

    assertEquals(0, BuildCommand.run(new String[] {"--quiet", tree.root.toString(), tree.out.toString()}, quiet, quiet));
    assertEquals(0, BuildCommand.run(new String[] {"--quiet", tree.root.toString(), other.toString()}, quiet, quiet));

    // diff -r: every file, the state file of compress included, has the same bytes.
    Map<String, String> first = everything(tree.out);
    assertEquals(first, everything(other));
    assertTrue(first.containsKey(".vertx-assets-compress") && first.containsKey("css/a.css.br"), first.keySet().toString());
    assertTrue(tree.built("index.html").startsWith("<link rel=stylesheet href=css/a." + tree.hashOf("css/a.css") + ".css>"));
    // A file and its variants carry its source's time, not the time they were written, which
    // compress records: that is what keeps its bookkeeping the same from build to build.
    for (String file : List.of("css/a.css", "css/a." + tree.hashOf("css/a.css") + ".css", "css/a.css.br", "index.html")) {
      assertEquals(Site.MODIFIED, Files.getLastModifiedTime(tree.out.resolve(file)), file);
    }
  }

  /** Returns every file of a tree, dotfiles included, with the SHA-256 of its bytes. */
  private static Map<String, String> everything(Path dir) throws Exception {
    Map<String, String> files = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Site.sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  @Test
  void rebuildingIntoTheSameOutChangesNothing(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "a { b: url(../img/x.png) }").with("img/x.png", "X");
    tree.build();
    Map<String, String> first = Site.snapshot(tree.out);

    AssetBuilder.Summary summary = tree.build();

    assertEquals(first, Site.snapshot(tree.out));
    assertEquals(0, summary.staleRemoved());
  }

  @Test
  void noUnhashedWritesOnlyTheHashedNamesAndTheSameManifest(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "a { b: url(../img/x.png) }").with("img/x.png", "X");
    Path other = dir.resolve("other");
    tree.build();

    AssetBuilder.Summary summary = AssetBuilder.build(tree.root, other, new AssetBuilder.Options(false, false));

    assertEquals(List.of("css/" + Path.of(summary.manifest().get("css/a.css").path()).getFileName(),
            "img/" + Path.of(summary.manifest().get("img/x.png").path()).getFileName(), "manifest.json"),
        List.copyOf(Site.snapshot(other).keySet()));
    assertEquals(tree.built("manifest.json"), Files.readString(other.resolve("manifest.json")));
  }

  @Test
  void rebuildRemovesTheFilesOfTheLastBuildThatItDoesNotWriteAndKeepsOthers(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("css/a.css", "a{}").with("old/gone.txt", "bye").with("img/x.png", "X");
    String oldCss = tree.build().manifest().get("css/a.css").path();
    Files.writeString(tree.out.resolve("css/mine.txt"), "not from a build");
    Files.delete(tree.root.resolve("old/gone.txt"));
    tree.write("css/a.css", "a{color:red}");

    AssetBuilder.Summary summary = AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(true, false, 1));

    assertFalse(Files.exists(tree.out.resolve(oldCss)), "the old hashed copy is stale");
    assertFalse(Files.exists(tree.out.resolve("old")), "the folder left empty is removed");
    assertTrue(Files.exists(tree.out.resolve("css/mine.txt")), "a file no build wrote is kept");
    assertEquals(3, summary.staleRemoved());
    assertEquals("a{color:red}", tree.built("css/a.css"));
    assertTrue(Files.exists(tree.out.resolve(summary.manifest().get("img/x.png").path())));
  }

  @Test
  void refusesAnOutWhoseManifestIsNotOurs(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("a.txt", "a");
    Files.createDirectories(tree.out);
    Files.writeString(tree.out.resolve("manifest.json"), "{\"main.js\": \"main.1234.js\"}");

    BuildException e = assertThrows(BuildException.class, tree::build);

    assertTrue(e.getMessage().contains("has a manifest.json that no build wrote"), e.getMessage());
    assertFalse(Files.exists(tree.out.resolve("a.txt")));
  }

  @Test
  void refusesAnOutWhoseManifestHasAnEntryWithoutAPath(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("a.txt", "a");
    Files.createDirectories(tree.out);
    Files.writeString(tree.out.resolve("manifest.json"), "{\"version\": 1, \"files\": {\"a.txt\": {}}}");

    BuildException e = assertThrows(BuildException.class, tree::build);

    assertTrue(e.getMessage().contains("has a manifest.json that no build wrote (no \"path\" for \"a.txt\")"),
        e.getMessage());
  }

  @Test
  void refusesASrcManifestJsonThatWouldTakeThePlaceOfTheManifest(@TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("manifest.json", "{\"name\": \"My app\"}");

    BuildException e = assertThrows(BuildException.class, tree::build);
    AssetBuilder.Summary summary = AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(false, false));

    assertTrue(e.getMessage().contains("rename it"), e.getMessage());
    assertTrue(Files.exists(tree.out.resolve(summary.manifest().get("manifest.json").path())));
  }

  @Test
  void refusesTwoFilesThatWouldBeWrittenToOnePath(@TempDir Path dir) throws Exception {
    String hash = Site.hash("a");
    Site tree = Site.source(dir).with("a.txt", "a").with("a." + hash + ".txt", "not a");

    BuildException e = assertThrows(BuildException.class, tree::build);

    assertEquals("SRC files a." + hash + ".txt and a.txt would both be written to a." + hash + ".txt;"
        + " rename one of them", e.getMessage());
  }
}
