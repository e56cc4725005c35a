package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.AttackCorpus.Case;
import org.vertxassets.testing.AttackCorpus.Expect;
import org.vertxassets.testing.AttackCorpus;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * SPEC §1 against every line of {@code attack-corpus.txt}: no hostile request target gets a byte
 * from outside the index, a 5xx, or an answer other than the line's. Each target is sent byte for
 * byte over a raw socket to the bundled server ({@link AssetsVerticle}, as {@code serve} runs it)
 * and to an {@link AssetsHandler} mounted under {@code /static/*} on a Router of its own.
 */
@ExtendWith(VertxExtension.class)
class AttackCorpusTest {

  /** What every file outside the index holds; no answer may contain it. */
  static final String LEAK = "LEAK-";
  /** The hard-linked file outside the root: served through its name inside, so no LEAK marker. */
  private static final String HARD_LINKED = "hard-linked: a second name of a file outside the root\n";
  private static final String PREFIX = "/static";

  @TempDir
  static Path dir;
  private static Site site;
  private static TestServer bundled;
  private static TestServer underPrefix;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    site = fixture(dir);
    bundled = TestServer.deploy(vertx, site.config()).await();
    underPrefix = TestServer.mountWithFallback(vertx, site.options(), PREFIX + "/*").await();
  }

  static List<Case> cases() {
    return AttackCorpus.load();
  }

  @Test
  void theCorpusHoldsAtLeastTwoHundredTargets() {
    assertTrue(cases().size() >= 200, cases().size() + " cases");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theBundledServerAnswersAsTheCorpusSays(Case c) {
    RawResponse res;
    try (LogCapture log = LogCapture.start("")) {
      res = send(bundled.raw(c.requestHead("")).await(), c);
      assertEquals(List.of(), log.warnings(), c + ": logged for a client's request:\n" + res.text());
    }
    assertAnswer(c, c.expect(), "", res);
    if (c.expect().status() == 404 || c.expect().status() == 400) {
      // The bundled server's 404 (no notFoundPage configured) and 400 are empty, whichever part
      // of the router gave them: not vertx-web's "Not Found" or "Bad Request" text.
      assertEquals("", res.body(), c + "\n" + res.text());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theHandlerUnderAPrefixAnswersAsTheCorpusSays(Case c) {
    RawResponse res;
    // vertx-web's own Router logs at SEVERE what it refuses (README, Known limits): kept off the
    // console here. The handler itself never logs for a client's request.
    try (LogCapture log = LogCapture.start(); LogCapture router = LogCapture.startQuiet("io.vertx.ext.web")) {
      res = send(underPrefix.raw(c.requestHead(PREFIX)).await(), c);
      assertEquals(List.of(), log.warnings(), c + ": logged for a client's request:\n" + res.text());
    }
    assertAnswer(c, c.underPrefix(), PREFIX, res);
  }

  /** Parses an answer and checks what every answer must satisfy, whatever the line expects. */
  private static RawResponse send(String text, Case c) {
    RawResponse res = c.head() ? RawResponse.parseHead(text) : RawResponse.parse(text);
    assertFalse(res.text().contains(LEAK), c + ": leaked a file outside the index:\n" + res.text());
    assertFalse(res.text().contains("root:x:0:0"), c + ": leaked /etc/passwd:\n" + res.text());
    // The one 5xx allowed: Vert.x's own 501 to a request line of another protocol version.
    boolean refusedVersion = res.status() == 501 && c.foreignVersion() && c.expect().status() == 501;
    assertTrue(res.status() < 500 || refusedVersion, c + ": server error:\n" + res.text());
    return res;
  }

  private static void assertAnswer(Case c, Expect expect, String prefix, RawResponse res) {
    String message = c + "\n" + res.text();
    if (expect.status() == 0) {
      assertTrue(res.status() >= 400 && res.status() < 500, message);
      return;
    }
    assertEquals(expect.status(), res.status(), message);
    switch (expect.status()) {
      case 200 -> {
        String file = new String(site.read(expect.argument()), StandardCharsets.ISO_8859_1);
        assertEquals(String.valueOf(file.length()), res.header("Content-Length"), message);
        assertEquals(c.head() ? "" : file, res.body(), message);
      }
      case 302 -> assertEquals(prefix + expect.argument(), res.header("Location"), message);
      case 405 -> assertEquals("GET, HEAD", res.header("Allow"), message);
      default -> {
      }
    }
  }

  /**
   * Writes the fixture the corpus's header describes: the root {@code dir/site}, and beside it
   * {@code dir/outside} and {@code dir/site-evil}, whose files the links point to.
   */
  static Site fixture(Path dir) throws IOException {
    Site site = new Site(dir.resolve("site"));
    Site outside = new Site(dir.resolve("outside"));
    Site evil = new Site(dir.resolve("site-evil"));
    site.write("index.html", "<!doctype html><h1>corpus home</h1>\n");
    site.write("app.css", "body { color: red; }\n".repeat(8));
    site.variant("app.css", ".br", "br bytes of app.css\n");
    site.variant("app.css", ".gz", "gzip bytes of app.css\n");
    site.variant("app.css", ".zst", "zstd bytes of app.css\n");
    site.write("docs/index.html", "<!doctype html><h1>docs</h1>\n");
    site.write("a/page.txt", "page\n");
    site.write("a/b/deep.txt", "deep\n");
    site.write("caf\u00e9.txt", "cafe in NFC\n");
    site.write("re\u0301sume\u0301.txt", "resume in NFD\n");
    site.write("100%.txt", "one hundred percent\n");
    site.write("100%25.txt", "one hundred percent twenty-five\n");
    site.write("what?.txt", "what\n");
    site.write("hash#tag.txt", "hash tag\n");
    site.write("with space.txt", "with space\n");
    site.write("a+b.txt", "a plus b\n");
    site.write("semi;colon.txt", "semicolon\n");
    site.write(".well-known/security.txt", "Contact: mailto:security@example.com\n");
    for (String hidden : List.of(".env", ".htpasswd", ".git/config", ".git/HEAD", "a/.git/config", "a/b/.htpasswd",
        "a/.hidden/x.txt", "a/.well-known/security.txt", ".well-known/.secret")) {
      site.write(hidden, LEAK + "hidden " + hidden + "\n");
    }
    outside.write("secret.txt", LEAK + "outside secret\n");
    outside.write("index.html", LEAK + "outside index\n");
    evil.write("x.txt", LEAK + "sibling whose name starts with the root's\n");
    Path hardLinked = outside.write("hardlinked.txt", HARD_LINKED);
    Files.createLink(site.root.resolve("hard.txt"), hardLinked);
    Files.createSymbolicLink(site.root.resolve("link-out.txt"), Path.of("../outside/secret.txt"));
    Files.createSymbolicLink(site.root.resolve("link-abs.txt"), outside.root.resolve("secret.txt").toAbsolutePath());
    Files.createSymbolicLink(site.root.resolve("link-sibling.txt"), Path.of("../site-evil/x.txt"));
    Files.createSymbolicLink(site.root.resolve("link-dot.txt"), Path.of(".env"));
    Files.createSymbolicLink(site.root.resolve("dir-out"), Path.of("../outside"));
    Files.createSymbolicLink(site.root.resolve("link-in.txt"), Path.of("a/page.txt"));
    Files.createSymbolicLink(site.root.resolve("dir-in"), Path.of("a"));
    return site;
  }
}
