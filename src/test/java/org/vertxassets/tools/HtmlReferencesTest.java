package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.testing.Fuzz;
import org.vertxassets.testing.Site;

/** The references of an HTML page rewritten to hashed names by {@code build}, and those left as written. */
class HtmlReferencesTest {

  private Site tree;
  private AssetBuilder.Summary summary;

  @BeforeEach
  void writeTargets(@TempDir Path dir) {
    tree = Site.source(dir)
        .with("css/app.css", "body { background: url(../img/bg.png) }\n")
        .with("js/app.js", "console.log('app')\n")
        .with("js/vendor.js", "console.log('vendor')\n")
        .with("img/bg.png", "PNG bg")
        .with("img/logo.png", "PNG logo")
        .with("img/logo@2x.png", "PNG logo 2x")
        .with("img/hero 800.jpg", "JPEG 800")
        .with("img/icons.svg", "<svg/>")
        .with("fonts/inter.woff2", "WOFF2")
        .with("media/intro.mp4", "MP4")
        .with("favicon.ico", "ICO")
        .with("about.html", "<!doctype html><title>about</title>\n")
        .with("feed.xml", "<rss/>")
        .with("site.webmanifest", "{}");
  }

  /** Returns the page {@code path} as built from {@code html}. */
  private String build(String path, String html) throws IOException, BuildException {
    tree.write(path, html);
    summary = tree.build();
    return tree.built(path);
  }

  private String hashed(String key) {
    String hash = tree.hashOf(key);
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return name.substring(0, dot) + "." + hash + name.substring(dot);
  }

  @Test
  void rewritesScriptsStylesheetsIconsAndPreloads() throws Exception {
    String html = build("index.html", """
        <!doctype html>
        <link rel="stylesheet" href="css/app.css">
        <link rel=icon href=/favicon.ico>
        <LINK REL="preload" HREF='fonts/inter.woff2' as=font crossorigin>
        <link href="js/vendor.js" rel="modulepreload">
        <script type="module" src="./js/app.js"></script>
        """);

    assertEquals("""
        <!doctype html>
        <link rel="stylesheet" href="css/%s">
        <link rel=icon href=/%s>
        <LINK REL="preload" HREF='fonts/%s' as=font crossorigin>
        <link href="js/%s" rel="modulepreload">
        <script type="module" src="./js/%s"></script>
        """.formatted(hashed("css/app.css"), hashed("favicon.ico"), hashed("fonts/inter.woff2"),
        hashed("js/vendor.js"), hashed("js/app.js")), html);
    assertEquals(5, summary.referencesRewritten() - 1); // and the CSS's url()
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void rewritesImagesMediaAndSvgUses() throws Exception {
    String html = build("docs/guide.html", """
        <img src="../img/logo.png" alt="logo">
        <video src="/media/intro.mp4" poster="../img/bg.png"></video>
        <svg><use href="../img/icons.svg#star"/><use xlink:href="../img/icons.svg#moon"/></svg>
        """);

    assertEquals("""
        <img src="../img/%1$s" alt="logo">
        <video src="/media/%2$s" poster="../img/%3$s"></video>
        <svg><use href="../img/%4$s#star"/><use xlink:href="../img/%4$s#moon"/></svg>
        """.formatted(hashed("img/logo.png"), hashed("media/intro.mp4"), hashed("img/bg.png"),
        hashed("img/icons.svg")), html);
  }

  @Test
  void rewritesEveryUrlOfASrcsetAndKeepsItsDescriptors() throws Exception {
    String html = build("index.html", "<img srcset=\"img/logo.png 1x,img/logo@2x.png 2x\">\n"
        + "<picture><source srcset=' img/hero%20800.jpg 800w , img/logo.png' sizes=\"(min-width: 40em) 80vw\">"
        + "<img src=img/logo.png></picture>\n"
        + "<link rel=preload as=image imagesrcset=\"img/logo.png 1x, img/logo@2x.png 2x\">\n");

    String logo = hashed("img/logo.png");
    String logo2x = hashed("img/logo@2x.png");
    assertEquals("<img srcset=\"img/" + logo + " 1x,img/" + logo2x + " 2x\">\n"
        + "<picture><source srcset=' img/hero%20800." + tree.hashOf("img/hero 800.jpg") + ".jpg 800w , img/" + logo
        + "' sizes=\"(min-width: 40em) 80vw\"><img src=img/" + logo + "></picture>\n"
        + "<link rel=preload as=image imagesrcset=\"img/" + logo + " 1x, img/" + logo2x + " 2x\">\n", html);
  }

  @Test
  void rewritesTheUrlsOfStyleElementsAndAttributes() throws Exception {
    String html = build("index.html", "<style>\n@font-face { src: url(fonts/inter.woff2) }\n"
        + "/* url(img/missing.png) */ .a { content: \"url(x)\" }\n</style>\n"
        + "<div style=\"background: url('img/logo.png')\"></div>\n");

    assertEquals("<style>\n@font-face { src: url(fonts/" + hashed("fonts/inter.woff2") + ") }\n"
        + "/* url(img/missing.png) */ .a { content: \"url(x)\" }\n</style>\n"
        + "<div style=\"background: url('img/" + hashed("img/logo.png") + "')\"></div>\n", html);
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesLinksAndTheAddressesOthersKeepAlone() throws Exception {
    String source = """
        <link rel="canonical" href="/about.html">
        <link rel="alternate" type="application/rss+xml" href="/feed.xml">
        <link rel="manifest" href="/site.webmanifest">
        <link rel="preconnect" href="https://fonts.example">
        <a href="img/logo.png">the logo</a> <a href="about.html">about</a> <a href="docs/">docs</a>
        <iframe src="about.html"></iframe><form action="/search"></form>
        <img src="data:image/png;base64,iVBORw0KGgo=" srcset="https://cdn.example/a.png 2x">
        """;

    assertEquals(source, build("index.html", source));
    assertEquals(List.of(), summary.warnings());
    assertEquals(1, summary.referencesRewritten()); // the CSS's url() only
  }

  @Test
  void leavesTheTextOfScriptsCommentsAndTextAreasAlone() throws Exception {
    String source = """
        <!-- <script src="js/app.js"></script> -->
        <script>document.write('<img src="img/logo.png">')</script>
        <textarea><img src="img/logo.png"></textarea><title><img src=img/logo.png></title>
        <script type="text/template"><link rel=stylesheet href="css/app.css"></SCRIPT >
        """;

    assertEquals(source, build("index.html", source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void aPageKeepsItsNameAndAReferenceToAPageIsNotHashed() throws Exception {
    build("index.html", "<object data=\"about.html\"></object><img src=img/logo.png>");

    assertTrue(Files.isRegularFile(tree.out.resolve("index.html")));
    try (Stream<Path> files = Files.list(tree.out)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("(index|about)\\..+\\.html")).toList());
    }
    assertEquals(List.of("css/app.css", "img/logo.png"), Manifest.read(tree.out.resolve(Manifest.NAME)).files()
        .keySet().stream().filter(k -> k.endsWith(".html") || k.equals("css/app.css") || k.equals("img/logo.png"))
        .sorted().toList());
    assertEquals("<object data=\"about.html\"></object><img src=img/" + hashed("img/logo.png") + ">",
        tree.built("index.html"));
  }

  @Test
  void resolvesRelativeUrlsFromTheBase() throws Exception {
    String html = build("docs/deep/page.html", "<base href=\"/\"><img src=\"img/logo.png\">");

    assertEquals("<base href=\"/\"><img src=\"img/" + hashed("img/logo.png") + "\">", html);
  }

  @Test
  void leavesRelativeUrlsAloneUnderABaseElsewhere() throws Exception {
    String source = "<base href=\"https://cdn.example/v1/\"><img src=\"img/logo.png\">";

    assertEquals(source, build("index.html", source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void warnsAboutAFileThatIsNotThereWithItsLine() throws Exception {
    build("index.html", "<!doctype html>\n<title>x</title>\n<script src=\"js/missing.js\"></script>\n"
        + "<img srcset=\"img/logo.png 1x, img/gone.png 2x\">\n");

    assertEquals(List.of("index.html:3: <script src=\"js/missing.js\">: no such file",
        "index.html:4: <img srcset=\"img/gone.png\">: no such file"),
        summary.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void aStrictBuildFailsOnAMissingFileOfAPage() {
    tree.write("index.html", "<link rel=stylesheet href=css/missing.css>");

    BuildException e = assertThrows(BuildException.class,
        () -> AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(true, true)));
    assertEquals(List.of("index.html:1: <link href=\"css/missing.css\">: no such file"),
        e.warnings().stream().map(Object::toString).toList());
    assertFalse(Files.exists(tree.out.resolve("index.html")));
  }

  @Test
  void keepsEveryOtherByteOfAPage() throws Exception {
    String source = "<!doctype html><meta charset=utf-8><p>café → ☕</p><img src=\"img/logo.png\"><p>ü</p>\n";

    build("index.html", source);

    String expected = source.replace("img/logo.png", "img/" + hashed("img/logo.png"));
    assertArrayEquals(expected.getBytes(UTF_8), Site.bytes(tree.out.resolve("index.html")));
  }

  @Test
  void everyLocalSrcAndHrefOfABuiltSitePointsAtAHashedFileThatExists() throws Exception {
    tree.write("index.html", """
        <!doctype html><link rel=stylesheet href=css/app.css><script src=js/app.js defer></script>
        <img src=img/logo.png srcset="img/logo@2x.png 2x"><a href=about.html>about</a>""");
    tree.write("docs/index.html", "<link rel=stylesheet href=../css/app.css><img src='/img/bg.png'>");
    summary = tree.build();

    List<String> loaded = new ArrayList<>();
    for (String page : List.of("index.html", "docs/index.html")) {
      Matcher m = Pattern.compile("(?:src|href|srcset)=['\"]?([^'\" >]+)").matcher(tree.built(page));
      while (m.find()) {
        String url = m.group(1);
        if (url.endsWith(".html")) {
          continue;
        }
        Path file = url.startsWith("/") ? tree.out.resolve(url.substring(1)) : tree.out.resolve(page).resolveSibling(url);
        assertTrue(url.matches(".*\\.[0-9a-f]{12}\\.[a-z0-9]+"), page + ": " + url + " is hashed");
        assertTrue(Files.isRegularFile(file.normalize()), page + ": " + url + " exists");
        loaded.add(url);
      }
    }
    assertEquals(6, loaded.size(), loaded.toString());
  }

  @Test
  void anyTextIsReadWithoutFailingAndEveryReferenceIsInsideIt() {
    String page = "<!doctype html><base href=/><link rel=\"stylesheet icon\" href='css/app.css'>"
        + "<style>a{b:url(x.png)}</style><img src=a.png srcset=\"b.png 1x, c.png (x,y) 2x,d.png,\" style='c:url(\"e\")'>"
        + "<!-- x --><script>var a = '</scr' + 'ipt>'</script><use xlink:href=#s />";
    Fuzz.forAll(Fuzz.SEED, 20_000, f -> f.near(page, "<>/='\" !-,()url:srcet \n"), text -> {
      List<Ref> refs = HtmlReferences.inHtml(text).refs();
      int previous = 0;
      for (Ref ref : refs) {
        assertTrue(previous <= ref.start() && ref.start() <= ref.end() && ref.end() <= text.length(), ref.toString());
        assertEquals(text.substring(ref.start(), ref.end()), ref.url());
        assertTrue(ref.line() >= 1, ref.toString());
        previous = ref.end();
      }
    });
  }
}
