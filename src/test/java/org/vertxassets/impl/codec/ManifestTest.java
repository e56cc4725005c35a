package org.vertxassets.impl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader and writer of manifest.json. What a build writes in it: tools.ManifestTest. */
class ManifestTest {

  private static final String A = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String B = "33d8344a7135c42aa3876706b908f95b702d83ff53e05e4aaff17c07bf67a98e";

  private static final Map<String, Manifest.Entry> FILES = Map.of(
      "robots.txt", new Manifest.Entry("robots.ba7816bf8f01.txt", A, 14),
      "css/a \"b\".css", new Manifest.Entry("css/a \"b\".33d8344a7135.css", B, 3));

  @Test
  void rendersSortedKeysWithTwoSpaceIndentationAndAFinalNewline() {
    assertEquals("""
        {
          "version": 1,
          "files": {
            "css/a \\"b\\".css": {
              "path": "css/a \\"b\\".33d8344a7135.css",
              "sha256": "33d8344a7135c42aa3876706b908f95b702d83ff53e05e4aaff17c07bf67a98e",
              "size": 3
            },
            "robots.txt": {
              "path": "robots.ba7816bf8f01.txt",
              "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
              "size": 14
            }
          }
        }
        """, Manifest.render(FILES));
  }

  @Test
  void readsBackWhatItWrites(@TempDir Path dir) throws Exception {
    Manifest.write(dir, FILES);

    Manifest read = Manifest.read(dir.resolve(Manifest.NAME));

    assertEquals(FILES, read.files());
    assertEquals(List.of(), read.invalid());
    assertEquals(List.of("css/a \"b\".css", "robots.txt"), List.copyOf(read.files().keySet()), "in the text's order");
  }

  @Test
  void rewritingTheSameManifestKeepsItsTime(@TempDir Path dir) throws Exception {
    Manifest.write(dir, FILES);
    Path file = dir.resolve(Manifest.NAME);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);

    Manifest.write(dir, FILES);

    assertEquals(old, Files.getLastModifiedTime(file));
    assertFalse(Files.exists(dir.resolve(".manifest.json.tmp")));
  }

  @Test
  void escapesControlCharactersInNames() {
    assertEquals("\"a\\u000ab\\\\c\"", Manifest.quote("a\nb\\c"));
  }

  @Test
  void anEntryWithoutAValidHashOrSizeKeepsItsPathOnly() throws Exception {
    Manifest m = Manifest.parse("""
        {"version": 1, "files": {
          "a.css": {"path": "a.1.css", "sha256": "ABC", "size": 3},
          "b.css": {"path": "b.1.css", "sha256": "%s"},
          "c.css": {"path": "c.1.css"}}}""".formatted(A));

    assertEquals(new Manifest.Entry("a.1.css", null, -1), m.files().get("a.css"));
    assertEquals(new Manifest.Entry("b.1.css", null, -1), m.files().get("b.css"));
    assertNull(m.files().get("c.css").sha256());
  }

  @Test
  void entriesWithoutAPathAreListedApartInTheTextsOrder() throws Exception {
    Manifest m = Manifest.parse("""
        {"version": 1, "files": {"z": 3, "a.css": {"path": "a.1.css"}, "y": {"path": 7}, "x": {}}}""");

    assertEquals(List.of("z", "y", "x"), m.invalid());
    assertEquals(Map.of("a.css", new Manifest.Entry("a.1.css", null, -1)), m.files());
  }

  @Test
  void jsonOfAnotherShapeIsNotOursButIsJson() {
    for (String text : List.of("{\"name\": \"My app\"}", "{\"version\": 2, \"files\": {}}",
        "{\"version\": 1, \"files\": []}", "{\"version\": \"1\", \"files\": {}}")) {
      Manifest.FormatException e = assertThrows(Manifest.FormatException.class, () -> Manifest.parse(text));

      assertTrue(e.isJson(), text);
      assertEquals("no \"version\": 1 with \"files\"", e.getMessage());
    }
  }

  @Test
  void textThatIsNoJsonObjectIsNotJson() {
    for (String text : List.of("{", "not json", "[1, 2]")) {
      Manifest.FormatException e = assertThrows(Manifest.FormatException.class, () -> Manifest.parse(text));

      assertFalse(e.isJson(), text);
      assertTrue(e.getCause() != null, text);
    }
  }

  @Test
  void anEntryValidatesItsHash() {
    assertThrows(IllegalArgumentException.class, () -> new Manifest.Entry("a.css", "abc", 1));
    assertThrows(NullPointerException.class, () -> new Manifest.Entry(null, A, 1));
  }
}
