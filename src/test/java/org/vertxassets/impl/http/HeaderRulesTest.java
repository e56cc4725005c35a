package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HeaderRules}: reading a {@code _headers} file and applying its rules to a file's headers. */
class HeaderRulesTest {

  /** Returns the headers the server would send before any rule. */
  private static MultiMap ours() {
    return HttpHeaders.headers()
        .add("Content-Type", "text/html; charset=utf-8")
        .add("Cache-Control", "no-cache")
        .add("Link", "</app.css>; rel=preload; as=style")
        .add("X-Content-Type-Options", "nosniff")
        .add("Access-Control-Allow-Origin", "*");
  }

  /** Returns what {@code rules} make of {@link #ours()} for a file at {@code paths}, by lower-case name. */
  private static Map<String, List<String>> applied(HeaderRules rules, String... paths) {
    MultiMap headers = ours();
    rules.applyTo(headers, false, paths);
    Map<String, List<String>> map = new TreeMap<>();
    for (String name : headers.names()) {
      map.put(name.toLowerCase(java.util.Locale.ROOT), headers.getAll(name));
    }
    return map;
  }

  private static String failure(String text) {
    return assertThrows(IllegalArgumentException.class, () -> HeaderRules.parse(text, "site/_headers")).getMessage();
  }

  @Test
  void aRuleAddsItsHeadersToTheFilesItsPathMatches() {
    HeaderRules rules = HeaderRules.parse("""
        # security headers
        /*
          X-Frame-Options: DENY
          Referrer-Policy: no-referrer
        """, "_headers");

    Map<String, List<String>> headers = applied(rules, "/index.html");

    assertEquals(List.of("DENY"), headers.get("x-frame-options"));
    assertEquals(List.of("no-referrer"), headers.get("referrer-policy"));
    assertEquals(List.of("no-cache"), headers.get("cache-control"));
  }

  @Test
  void aRuleWhosePathDoesNotMatchAddsNothing() {
    HeaderRules rules = HeaderRules.parse("/assets/*\n  X-Frame-Options: DENY\n", "_headers");

    assertEquals(applied(HeaderRules.NONE, "/index.html"), applied(rules, "/index.html"));
  }

  @Test
  void aRuleMatchesEitherOfTheFilesPaths() {
    HeaderRules rules = HeaderRules.parse("/docs/index.html\n  X-Page: docs\n", "_headers");

    assertEquals(List.of("docs"), applied(rules, "/docs/", "/docs/index.html").get("x-page"));
  }

  @Test
  void linesOfOneRuleThatNameOneHeaderAreJoinedWithCommas() {
    HeaderRules rules = HeaderRules.parse("""
        /*
          Permissions-Policy: camera=()
          permissions-policy: geolocation=()
        """, "_headers");

    assertEquals(List.of("camera=(), geolocation=()"), applied(rules, "/a").get("permissions-policy"));
  }

  @Test
  void aLaterRuleReplacesWhatAnEarlierOneSetForTheSameHeader() {
    HeaderRules rules = HeaderRules.parse("""
        /*
          Cache-Control: public, max-age=600
          X-Robots-Tag: noindex
        /assets/*
          Cache-Control: public, max-age=31536000, immutable
        """, "_headers");

    Map<String, List<String>> asset = applied(rules, "/assets/app.js");
    Map<String, List<String>> page = applied(rules, "/index.html");

    assertEquals(List.of("public, max-age=31536000, immutable"), asset.get("cache-control"));
    assertEquals(List.of("noindex"), asset.get("x-robots-tag"));
    assertEquals(List.of("public, max-age=600"), page.get("cache-control"));
  }

  @Test
  void aRulesLinkIsAddedAfterTheServersOwn() {
    HeaderRules rules = HeaderRules.parse("/*\n  Link: <https://fonts.example>; rel=preconnect\n", "_headers");

    assertEquals(List.of("</app.css>; rel=preload; as=style", "<https://fonts.example>; rel=preconnect"),
        applied(rules, "/").get("link"));
  }

  @Test
  void aRulesHeaderReplacesTheServersOwnOfThatName() {
    HeaderRules rules = HeaderRules.parse("""
        /*
          access-control-allow-origin: https://app.example
          Content-Type: application/json
        """, "_headers");

    Map<String, List<String>> headers = applied(rules, "/.well-known/apple-app-site-association");

    assertEquals(List.of("https://app.example"), headers.get("access-control-allow-origin"));
    assertEquals(List.of("application/json"), headers.get("content-type"));
  }

  @Test
  void aDetachLineRemovesTheServersHeaderAndWhatEarlierRulesSet() {
    HeaderRules rules = HeaderRules.parse("""
        /*
          X-Frame-Options: DENY
        /embed/*
          ! X-Frame-Options
          ! Access-Control-Allow-Origin
          ! Link
        """, "_headers");

    Map<String, List<String>> headers = applied(rules, "/embed/widget.html");

    assertEquals(null, headers.get("x-frame-options"));
    assertEquals(null, headers.get("access-control-allow-origin"));
    assertEquals(null, headers.get("link"));
    assertEquals(List.of("DENY"), applied(rules, "/index.html").get("x-frame-options"));
  }

  @Test
  void aRuleCanRemoveAHeaderThenSetItAgain() {
    HeaderRules rules = HeaderRules.parse("/*\n  ! Link\n  Link: </other.css>; rel=preload; as=style\n", "_headers");

    assertEquals(List.of("</other.css>; rel=preload; as=style"), applied(rules, "/").get("link"));
  }

  @Test
  void laterRulesGivenByThenWinOverEarlierOnes() {
    HeaderRules file = HeaderRules.parse("/*\n  X-Frame-Options: SAMEORIGIN\n  X-From: file\n", "_headers");
    HeaderRules config = HeaderRules.of("/*", Map.of("X-Frame-Options", "DENY"), List.of());

    Map<String, List<String>> headers = applied(file.then(config), "/a");

    assertEquals(List.of("DENY"), headers.get("x-frame-options"));
    assertEquals(List.of("file"), headers.get("x-from"));
  }

  @Test
  void developmentModeKeepsItsOwnCacheControl() {
    HeaderRules rules = HeaderRules.parse("/*\n  Cache-Control: immutable\n  Expires: Thu, 01 Dec 2044 16:00:00 GMT\n"
        + "  X-Frame-Options: DENY\n", "_headers");
    MultiMap headers = ours();

    rules.applyTo(headers, true, "/a");

    assertEquals(List.of("no-cache"), headers.getAll("Cache-Control"));
    assertEquals(List.of(), headers.getAll("Expires"));
    assertEquals("DENY", headers.get("X-Frame-Options"));
  }

  @Test
  void indentationCommentsBlankLinesAndCrlfAreAsNetlifyReadsThem() {
    HeaderRules rules = HeaderRules.parse("\uFEFF# a comment\r\n\r\n/a\r\nX-A: 1\r\n    # indented comment\r\n"
        + "\t/b\r\n\tX-B: 2\r\n", "_headers");

    assertEquals(List.of("1"), applied(rules, "/a").get("x-a"));
    assertEquals(List.of("2"), applied(rules, "/b").get("x-b"));
  }

  @Test
  void aHeaderLineWithoutAColonFailsNamingTheFileAndLine() {
    String message = failure("/*\n  X-Frame-Options: DENY\n  X-Frame-Options SAMEORIGIN\n");

    assertTrue(message.startsWith("site/_headers:3: 'X-Frame-Options SAMEORIGIN' has no ':'; write a header as"
        + " 'Name: value'"), message);
  }

  @Test
  void aHeaderBeforeAnyPathFailsNamingTheFileAndLine() {
    String message = failure("# headers\n  X-Frame-Options: DENY\n/*\n  X-A: 1\n");

    assertTrue(message.startsWith("site/_headers:2: 'X-Frame-Options: DENY' comes before any path"), message);
  }

  @Test
  void aPathWithoutItsSlashFails() {
    String message = failure("assets/*\n  X-A: 1\n");

    assertTrue(message.startsWith("site/_headers:1: 'assets/*' is not a path: a path starts with '/'"), message);
  }

  @Test
  void aPathWithNoHeaderUnderItFailsNamingItsLine() {
    String message = failure("/a\n/b\n  X-A: 1\n");

    assertTrue(message.startsWith("site/_headers:1: the path /a has no header under it"), message);
  }

  @Test
  void aHeaderWithoutAValueFails() {
    assertTrue(failure("/*\n  X-A:   \n").startsWith("site/_headers:2: X-A has no value"));
  }

  @Test
  void aHeaderNameWithASpaceFails() {
    assertTrue(failure("/*\n  X Frame: DENY\n").startsWith("site/_headers:2: 'X Frame' is not a header name"));
  }

  @Test
  void aValueOutsidePrintableAsciiFails() {
    assertTrue(failure("/*\n  X-A: café\n").contains("not printable ASCII"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length", "content-encoding", "ETag", "Vary", "Last-Modified", "Accept-Ranges",
      "Content-Range", "Date", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade"})
  void aHeaderTheServerOwnsCannotBeSetNorRemoved(String name) {
    String set = failure("/*\n  " + name + ": x\n");
    String remove = failure("/*\n  ! " + name + "\n");

    assertTrue(set.startsWith("site/_headers:2: " + name + " cannot be set by a rule: "), set);
    assertTrue(remove.startsWith("site/_headers:2: " + name + " cannot be removed by a rule: "), remove);
  }

  @Test
  void contentTypeMayBeSetButNotRemoved() {
    assertTrue(failure("/*\n  ! Content-Type\n").startsWith("site/_headers:2: Content-Type cannot be removed"));
  }

  @Test
  void aConfiguredRuleIsCheckedAsAFileRuleIs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HeaderRules.of("/*", Map.of("ETag", "\"x\""), List.of()));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> HeaderRules.of("/*", Map.of(), List.of()));

    assertTrue(e.getMessage().startsWith("the rule for '/*': ETag cannot be set by a rule"), e.getMessage());
    assertEquals("the rule for '/*': it sets and removes nothing", empty.getMessage());
  }
}
