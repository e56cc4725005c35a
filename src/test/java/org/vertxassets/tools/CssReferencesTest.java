package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/** The references of a CSS file rewritten to hashed names, and those left as written. */
class CssReferencesTest {

  private Site tree;
  private AssetBuilder.Summary summary;

  @BeforeEach
  void writeTargets(@TempDir Path dir) {
    tree = Site.source(dir)
        .with("img/logo.png", "PNG")
        .with("img/my logo.png", "PNG with a space")
        .with("img/café.png", "PNG with an accent")
        .with("fonts/icons.woff2", "WOFF2")
        .with("css/base.css", "h1 { margin: 0 }\n");
  }

  /** Returns css/app.css as built from {@code css}. */
  private String build(String css) throws IOException, BuildException {
    tree.write("css/app.css", css);
    summary = tree.build();
    return tree.built("css/app.css");
  }

  private String logo() {
    return "logo." + tree.hashOf("img/logo.png") + ".png";
  }

  @Test
  void rewritesAnUnquotedUrlWithAParentPath() throws Exception {
    String css = build("a { background: url(../img/logo.png) }\n");

    assertEquals("a { background: url(../img/" + logo() + ") }\n", css);
    assertEquals(1, summary.referencesRewritten());
  }

  @Test
  void rewritesSingleAndDoubleQuotedUrlsWithSpacesInsideTheParentheses() throws Exception {
    String css = build("a { b: url('../img/logo.png'); c: url( \"../img/logo.png\" ) }");

    assertEquals("a { b: url('../img/" + logo() + "'); c: url( \"../img/" + logo() + "\" ) }", css);
  }

  @Test
  void rewritesUrlWhateverItsCase() throws Exception {
    String css = build("a { b: URL(../img/logo.png) }");

    assertEquals("a { b: URL(../img/" + logo() + ") }", css);
  }

  @Test
  void rewritesAnImportOfAString() throws Exception {
    String css = build("@import \"base.css\";\n@import 'base.css' screen;\n");

    String base = "base." + tree.hashOf("css/base.css") + ".css";
    assertEquals("@import \"" + base + "\";\n@import '" + base + "' screen;\n", css);
  }

  @Test
  void rewritesAnImportOfAUrl() throws Exception {
    String css = build("@import url(base.css);\n@IMPORT url(\"./base.css\") print;\n");

    String base = "base." + tree.hashOf("css/base.css") + ".css";
    assertEquals("@import url(" + base + ");\n@IMPORT url(\"./" + base + "\") print;\n", css);
  }

  @Test
  void resolvesARootRelativePathAgainstTheRootOfSrc() throws Exception {
    String css = build("a { b: url(/img/logo.png) }");

    assertEquals("a { b: url(/img/" + logo() + ") }", css);
  }

  @Test
  void keepsTheQueryAndTheFragment() throws Exception {
    String css = build("@font-face { src: url(../fonts/icons.woff2?v=3#iefix), url('../fonts/icons.woff2#x') }");

    String font = "icons." + tree.hashOf("fonts/icons.woff2") + ".woff2";
    assertEquals("@font-face { src: url(../fonts/" + font + "?v=3#iefix), url('../fonts/" + font + "#x') }", css);
  }

  @Test
  void keepsThePercentEscapesOfAName() throws Exception {
    String css = build("a { b: url(../img/my%20logo.png) }");

    assertEquals("a { b: url(../img/my%20logo." + tree.hashOf("img/my logo.png") + ".png) }", css);
  }

  @Test
  void rewritesANonAsciiNameAndKeepsEveryOtherByte() throws Exception {
    String css = build("/* é */ a::after { content: \"→\"; b: url(../img/café.png) }");

    String expected = "/* é */ a::after { content: \"→\"; b: url(../img/café." + tree.hashOf("img/café.png")
        + ".png) }";
    assertArrayEquals(expected.getBytes(UTF_8), Site.bytes(tree.out.resolve("css/app.css")));
    assertEquals(expected, css);
  }

  @Test
  void leavesDataUrisAlone() throws Exception {
    String source = "a { b: url(data:image/png;base64,iVBORw0KGgo=); c: url(\"data:image/svg+xml;utf8,<svg/>\") }";

    assertEquals(source, build(source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesAbsoluteAndProtocolRelativeUrlsAlone() throws Exception {
    String source = "@import url(https://fonts.example/css);\n@import \"http://cdn.example/x.css\";\n"
        + "a { b: url(//cdn.example/logo.png); c: url(HTTPS://cdn.example/logo.png) }";

    assertEquals(source, build(source));
    assertEquals(List.of(), summary.warnings());
    assertEquals(0, summary.referencesRewritten());
  }

  @Test
  void leavesFragmentOnlyUrlsAlone() throws Exception {
    String source = "a { filter: url(#blur); clip-path: url('#clip') }";

    assertEquals(source, build(source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesCommentsAndStringsAlone() throws Exception {
    String source = "/* a { b: url(../img/logo.png) } @import \"base.css\"; url(missing.png) */\n"
        + "a::before { content: \"url(../img/logo.png)\"; quotes: 'url(x.png)' '\\'' }\n";

    assertEquals(source, build(source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesNamesThatOnlyEndInUrlAlone() throws Exception {
    String source = "a { b: my-url(../img/logo.png); c: url(var(--logo)) }";

    assertEquals(source, build(source));
    assertEquals(List.of(), summary.warnings());
  }

  @Test
  void leavesAMissingTargetAsWrittenAndWarnsWithFileAndLine() throws Exception {
    String source = "/* a comment\n   over two lines */\na {\n  b: url(../img/missing.png);\n"
        + "  c: url(../img/logo.png);\n}\n";

    String css = build(source);

    assertEquals(source.replace("../img/logo.png", "../img/" + logo()), css);
    assertEquals(List.of("css/app.css:4: url(../img/missing.png): no such file"),
        summary.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void warnsAboutAnImportOfAMissingFileAndAPathAboveSrc() throws Exception {
    build("@import \"missing.css\";\na { b: url(../../logo.png) }");

    assertEquals(List.of("css/app.css:1: @import \"missing.css\": no such file",
            "css/app.css:2: url(../../logo.png): no such file"),
        summary.warnings().stream().map(Object::toString).toList());
  }

  @Test
  void strictBuildWithAMissingTargetFailsAndWritesNothing() {
    tree.write("css/app.css", "a {\n  b: url(missing.png) }");

    BuildException e = assertThrows(BuildException.class,
        () -> AssetBuilder.build(tree.root, tree.out, new AssetBuilder.Options(true, true)));

    assertEquals(List.of("css/app.css:2: url(missing.png): no such file"),
        e.warnings().stream().map(Object::toString).toList());
    assertFalse(Files.exists(tree.out));
  }
}
