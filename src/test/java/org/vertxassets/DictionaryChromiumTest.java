package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.testing.Chromium;
import org.vertxassets.testing.DevTools;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;
import org.vertxassets.tools.BuildCommand;

/**
 * RFC 9842 in a browser: Debian's Chromium, headless, over TLS and HTTP/2 (trusting the test's
 * certificate by its key), keeps a release's script as a compression dictionary; once the next
 * release is built into the same output and the bundled verticle has reloaded its index, the page's
 * reload gets the changed script as a delta against the one Chromium holds, and runs it.
 *
 * <p>What Chromium 156 needs and shows. A dictionary only from a secure context: over https, or
 * http to localhost or 127.0.0.1 (both work); over http to another address it reports the
 * {@code Audits} issue {@code WriteErrorNonSecureContext} and does not even offer br. The
 * DevTools Protocol has no list of the dictionaries kept, only {@code Audits.issueAdded} for a
 * dictionary it refused or could not use; what proves one was kept is the next request's
 * {@code Available-Dictionary}, which the network stack adds, so that it shows in
 * {@code Network.requestWillBeSentExtraInfo} only, with {@code dcb, dcz} added to
 * {@code Accept-Encoding}. A fetch a {@code 103 Early Hints} started is reported without its raw
 * headers or its bytes: the first test turns the hints off to see them; the second keeps them,
 * as deployed, and sees the delta in the response the page took from the hinted fetch.
 */
@ExtendWith(VertxExtension.class)
class DictionaryChromiumTest {

  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
        <head><meta charset="UTF-8"><title>loading</title></head>
        <body><script src="js/app.js"></script></body>
      </html>
      """;
  private static final long SECONDS = 10;
  /**
   * How many releases the second test publishes at most for the page to take the new script from
   * the fetch a 103 started: Chromium loses about one 103 in ten over HTTP/2, and then the page
   * fetches the script itself.
   */
  private static final int RELEASES = 3;

  @TempDir
  Path dir;
  private Site tree;
  private SelfSignedCertificate certificate;
  private Chromium chromium;

  /** What Chromium showed of one request: what it sent, what came back and how many bytes that took. */
  private record Exchange(JsonObject sent, JsonObject response, JsonObject received, List<JsonObject> data,
      JsonObject finished) {

    String sentHeader(String name) {
      return header(sent.getJsonObject("headers"), name);
    }

    String receivedHeader(String name) {
      return header(received.getJsonObject("headers"), name);
    }

    /** Returns the sum of {@code field} over the chunks of the body. */
    long body(String field) {
      return data.stream().mapToLong(d -> d.getLong(field)).sum();
    }
  }

  @BeforeEach
  void buildTheFirstRelease() {
    tree = Site.source(dir.resolve("site")).with("index.html", PAGE).with("js/app.js", script("release 1"));
    build(tree);
    certificate = SelfSignedCertificate.create("localhost");
  }

  @AfterEach
  void stopChromium() {
    certificate.delete();
    if (chromium != null) {
      chromium.close();
      assertEquals(List.of(), chromium.leftBehind(), "Chromium processes still running after the test");
    }
  }

  @Test
  void afterAReleaseTheChangedScriptArrivesAsADeltaAgainstTheOneTheBrowserHolds(Vertx vertx) throws Exception {
    String v1 = hashed(tree);
    DevTools.Session page = open(vertx, false);
    String firstLoader = loaded(page, null);
    Exchange one = exchange(page, v1);
    String which = chromium.version + ", release 1: ";
    assertEquals("h2", one.response().getString("protocol"), which + "over HTTP/2");
    assertEquals("secure", one.response().getString("securityState"), which + "a secure context");
    assertEquals("release 1", title(page), which + "the script ran");
    assertEquals("br", one.receivedHeader("content-encoding"), which + one.received());
    assertEquals("match=\"app.*.js\"", one.receivedHeader("use-as-dictionary"), which + one.received());
    assertEquals(List.of(), sharedDictionaryIssues(page), which + "what Chromium found wrong with the dictionary");

    String v2 = publishTheNextRelease(vertx, 2);
    page.send("Page.reload").await(SECONDS, TimeUnit.SECONDS);
    loaded(page, firstLoader);
    Exchange two = exchange(page, v2);
    which = chromium.version + ", release 2: ";
    byte[] dictionary = Site.bytes(tree.out.resolve(v1));
    assertEquals(Site.availableDictionary(dictionary), two.sentHeader("available-dictionary"),
        which + "the request names release 1's script, the dictionary Chromium kept: " + two.sent());
    String coding = two.receivedHeader("content-encoding");
    assertTrue("dcb".equals(coding) || "dcz".equals(coding), which + "the script arrives as a delta: "
        + two.received() + "\nissues: " + sharedDictionaryIssues(page));
    assertEquals("release 2", title(page), which + "the script ran, decoded with its dictionary");
    assertEquals(List.of(), sharedDictionaryIssues(page), which + "what Chromium found wrong with the dictionary");

    long identity = Files.size(tree.out.resolve(v2));
    long br = Files.size(tree.out.resolve(v2 + ".br"));
    long delta = Files.size(tree.out.resolve(v2 + "." + Site.sha256(dictionary).substring(0, 16) + "." + coding));
    long body = two.body("encodedDataLength");
    long wire = two.finished().getLong("encodedDataLength");
    System.out.printf("%s: %s, %d bytes, br %d; sent as %s (%d bytes): %d bytes of DATA frames, %d on the wire"
        + " with the HEADERS frame%n", chromium.version, v2, identity, br, coding, delta, body, wire);
    // HTTP/2 counts each DATA frame's 9-byte header with the body: one frame, or two with an empty last one.
    assertTrue(body >= delta + 9 && body <= delta + 18, which + "the body on the wire is the delta: " + body
        + " bytes of DATA frames, the delta " + delta);
    assertEquals(identity, two.body("dataLength"), which + "decoded to the script's size");
    assertTrue(wire < br / 4, which + wire + " bytes on the wire with the headers, the br alone is " + br);
  }

  @Test
  void aScriptA103HintsArrivesAsADeltaToo(Vertx vertx) throws Exception {
    String v1 = hashed(tree);
    DevTools.Session page = open(vertx, true);
    String loader = loaded(page, null);
    JsonObject one = response(page, v1);
    String which = chromium.version + ", release 1: ";
    assertEquals("match=\"app.*.js\"", header(one.getJsonObject("headers"), "use-as-dictionary"), which + one);
    assertEquals("release 1", title(page), which + "the script ran");

    List<String> unhinted = new ArrayList<>();
    for (int n = 2; n < 2 + RELEASES; n++) {
      String v = publishTheNextRelease(vertx, n);
      page.send("Page.reload").await(SECONDS, TimeUnit.SECONDS);
      loader = loaded(page, loader);
      JsonObject response = response(page, v);
      which = chromium.version + ", release " + n + ": ";
      String coding = header(response.getJsonObject("headers"), "content-encoding");
      assertTrue("dcb".equals(coding) || "dcz".equals(coding), which + "the script arrives as a delta: " + response
          + "\nissues: " + sharedDictionaryIssues(page));
      assertEquals("release " + n, title(page), which + "the script ran, decoded with its dictionary");
      assertEquals(List.of(), sharedDictionaryIssues(page), which + "what Chromium found wrong with the dictionary");
      if (Boolean.TRUE.equals(response.getBoolean("fromEarlyHints"))) {
        return;
      }
      unhinted.add(which + "the page fetched the script itself, the 103 lost (see EarlyHintsChromiumTest)");
    }
    fail("the page took no script from a 103's fetch in " + RELEASES + " releases:\n" + String.join("\n", unhinted));
  }

  /**
   * Returns a page in a browser context of its own, with the events the tests read turned on,
   * navigating to the bundled verticle deployed on the build's output over TLS and HTTP/2, with or
   * without Early Hints.
   */
  private DevTools.Session open(Vertx vertx, boolean earlyHints) throws TimeoutException {
    TestServer server = TestServer.deploy(vertx, new JsonObject()
        .put("roots", new JsonArray().add(tree.out.toString()))
        .put("earlyHints", earlyHints)
        .put("server", new JsonObject().put("ssl", true).put("useAlpn", true).put("pemKeyCertOptions",
            new JsonObject().put("certPath", certificate.certificatePath())
                .put("keyPath", certificate.privateKeyPath())))).await();
    chromium = Chromium.launch(vertx, dir.resolve("chromium"), Chromium.trustFlag(certificate.certificatePath()));
    DevTools.Session page = chromium.devTools.newPage().await(SECONDS, TimeUnit.SECONDS);
    for (String enable : List.of("Network.enable", "Page.enable", "Audits.enable")) {
      page.send(enable).await(SECONDS, TimeUnit.SECONDS);
    }
    page.send("Page.setLifecycleEventsEnabled", new JsonObject().put("enabled", true))
        .await(SECONDS, TimeUnit.SECONDS);
    String url = "https://localhost:" + server.port + "/";
    JsonObject navigated = page.send("Page.navigate", new JsonObject().put("url", url))
        .await(SECONDS, TimeUnit.SECONDS);
    assertNull(navigated.getString("errorText"), "Chromium could not load " + url);
    return page;
  }

  /**
   * Writes release {@code n} of the script (one string changed), builds it into the same output
   * (which keeps the earlier releases' files and writes the deltas against them), has the verticle
   * reload its index and returns the new script's path under OUT once it has.
   */
  private String publishTheNextRelease(Vertx vertx, int n) throws Exception {
    String v1 = hashed(tree);
    tree.write("js/app.js", script("release " + n));
    build(tree);
    String v2 = hashed(tree);
    assertNotEquals(v1, v2);
    // The reply comes once the new index serves; a failed rebuild fails it.
    vertx.eventBus().request("vertx-assets.reload", "").await(SECONDS, TimeUnit.SECONDS);
    return v2;
  }

  /**
   * Waits for the load event of the page's navigation after the one whose loader is {@code before}
   * (null: the first) and returns its loader's id: a document request's id.
   */
  private static String loaded(DevTools.Session page, String before) throws TimeoutException {
    String loader = page.event("Network.requestWillBeSent",
            e -> "Document".equals(e.getString("type")) && !e.getString("loaderId").equals(before))
        .await(SECONDS, TimeUnit.SECONDS).getString("loaderId");
    page.event("Page.lifecycleEvent", e -> "load".equals(e.getString("name")) && loader.equals(e.getString("loaderId")))
        .await(SECONDS, TimeUnit.SECONDS);
    return loader;
  }

  /** Returns the id of the page's request for {@code path} once it has finished loading. */
  private static String finished(DevTools.Session page, String path) throws TimeoutException {
    String id = page.event("Network.requestWillBeSent",
            e -> e.getJsonObject("request").getString("url").endsWith("/" + path))
        .await(SECONDS, TimeUnit.SECONDS).getString("requestId");
    page.event("Network.loadingFinished", e -> id.equals(e.getString("requestId"))).await(SECONDS, TimeUnit.SECONDS);
    return id;
  }

  /** Returns the response to the page's request for {@code path} as the page saw it. */
  private static JsonObject response(DevTools.Session page, String path) throws TimeoutException {
    String id = finished(page, path);
    return page.event("Network.responseReceived", e -> id.equals(e.getString("requestId")))
        .await(SECONDS, TimeUnit.SECONDS).getJsonObject("response");
  }

  /** Returns what Chromium showed of the page's request for {@code path}, sent and received as on the wire. */
  private static Exchange exchange(DevTools.Session page, String path) throws TimeoutException {
    String id = finished(page, path);
    return new Exchange(
        page.event("Network.requestWillBeSentExtraInfo", e -> id.equals(e.getString("requestId")))
            .await(SECONDS, TimeUnit.SECONDS),
        response(page, path),
        page.event("Network.responseReceivedExtraInfo", e -> id.equals(e.getString("requestId")))
            .await(SECONDS, TimeUnit.SECONDS),
        page.events("Network.dataReceived").stream().filter(e -> id.equals(e.getString("requestId"))).toList(),
        page.event("Network.loadingFinished", e -> id.equals(e.getString("requestId")))
            .await(SECONDS, TimeUnit.SECONDS));
  }

  private static String title(DevTools.Session page) throws TimeoutException {
    return page.send("Runtime.evaluate",
            new JsonObject().put("expression", "document.title").put("returnByValue", true))
        .await(SECONDS, TimeUnit.SECONDS).getJsonObject("result").getString("value");
  }

  /** Returns the issues Chromium reported about shared dictionaries so far, as {@code error url}. */
  private static List<String> sharedDictionaryIssues(DevTools.Session page) {
    return page.events("Audits.issueAdded").stream()
        .map(e -> e.getJsonObject("issue").getJsonObject("details").getJsonObject("sharedDictionaryIssueDetails"))
        .filter(d -> d != null)
        .map(d -> d.getString("sharedDictionaryError") + " " + d.getJsonObject("request").encode())
        .toList();
  }

  private static void build(Site tree) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertEquals(0,
        BuildCommand.run(new String[] {"--quiet", tree.root.toString(), tree.out.toString()}, quiet, quiet));
  }

  /** Returns the path under OUT of the hashed copy of js/app.js the last build wrote. */
  private static String hashed(Site tree) throws Exception {
    return Manifest.read(tree.out.resolve(Manifest.NAME)).files().get("js/app.js").path();
  }

  /** Returns the header {@code name} of a CDP header object, whatever the case of its key. */
  private static String header(JsonObject headers, String name) {
    return headers.fieldNames().stream().filter(name::equalsIgnoreCase).findFirst().map(headers::getString)
        .orElse(null);
  }

  /**
   * Returns a classic script of about 40 KB, as a hand-written app's: helpers, formatters and
   * handlers over a shop's records, with names, constants and messages varied as real code varies
   * them (br takes it to about a tenth of its size, not to nothing as a repeated line), the same
   * for every release but for the release's name near the top, which it puts in the page's title.
   */
  private static String script(String release) {
    Random random = new Random(9842);
    String[] nouns = {"invoice", "customer", "order", "cart", "product", "session", "payment", "address",
        "shipment", "review", "coupon", "account", "report", "widget", "panel", "menu", "toast", "dialog", "filter",
        "query", "basket", "voucher", "warehouse", "supplier", "catalogue", "price", "discount", "tax", "currency"};
    String[] verbs = {"render", "format", "validate", "load", "save", "merge", "sort", "group", "parse", "update",
        "remove", "select", "toggle", "compute", "normalize", "fetch", "schedule", "archive", "restore", "export"};
    String[] words = {"missing", "expired", "pending", "unknown", "blocked", "ready", "stale", "invalid", "empty",
        "shipped", "refunded", "cancelled", "overdue", "draft", "locked", "hidden", "visible", "partial", "final"};
    StringBuilder b = new StringBuilder("/* shop front */\n(function (global) {\n  'use strict';\n")
        .append("  const RELEASE = '").append(release).append("';\n  const app = global.app = {};\n\n");
    for (int i = 0; b.length() < 40_000; i++) {
      String noun = nouns[random.nextInt(nouns.length)];
      String other = nouns[random.nextInt(nouns.length)];
      String name = verbs[random.nextInt(verbs.length)] + Character.toUpperCase(noun.charAt(0)) + noun.substring(1)
          + (random.nextBoolean() ? "" : Character.toUpperCase(other.charAt(0)) + other.substring(1));
      String state = words[random.nextInt(words.length)];
      int limit = 2 + random.nextInt(250);
      switch (i % 4) {
        case 0 -> b.append("  app.").append(name).append(" = function (").append(noun).append(", options) {\n")
            .append("    const items = (").append(noun).append(".").append(other).append("s || []).filter((item) => ")
            .append("item.quantity > ").append(random.nextInt(9)).append(");\n")
            .append("    if (options && options.").append(state).append(") {\n")
            .append("      return items.length * ").append(limit).append(";\n    }\n")
            .append("    return items.reduce((sum, item) => sum + item.price * ").append(random.nextInt(100) / 100.0)
            .append(", 0);\n  };\n\n");
        case 1 -> b.append("  app.").append(name).append(" = async function (id) {\n")
            .append("    const response = await fetch('/api/").append(noun).append("s/' + encodeURIComponent(id)")
            .append(" + '/").append(other).append("?limit=").append(limit).append("');\n")
            .append("    if (!response.ok) {\n      throw new Error('").append(noun).append(" ' + id + ' is ")
            .append(state).append(": ' + response.status);\n    }\n")
            .append("    const body = await response.json();\n")
            .append("    return body.").append(other).append(" ?? body.").append(noun).append("Id ?? null;\n  };\n\n");
        case 2 -> b.append("  app.").append(name).append(" = function (list, key) {\n")
            .append("    const seen = new Map();\n    for (const entry of list) {\n")
            .append("      const group = entry[key] || '").append(state).append("';\n")
            .append("      if (!seen.has(group)) {\n        seen.set(group, []);\n      }\n")
            .append("      seen.get(group).push({ id: entry.id, ").append(other).append(": entry.").append(other)
            .append(", at: Date.now() - ").append(random.nextInt(86_400_000)).append(" });\n    }\n")
            .append("    return [...seen.entries()].slice(0, ").append(limit).append(");\n  };\n\n");
        default -> b.append("  app.").append(name).append(" = function (element) {\n")
            .append("    const node = document.createElement('").append(random.nextBoolean() ? "div" : "section")
            .append("');\n    node.className = '").append(noun).append("-").append(state).append("';\n")
            .append("    node.textContent = element.dataset.").append(other).append(" || '")
            .append(Character.toUpperCase(state.charAt(0))).append(state.substring(1)).append(" ").append(noun)
            .append("';\n    node.style.width = '").append(limit).append("px';\n")
            .append("    element.append(node);\n    return node;\n  };\n\n");
      }
    }
    return b.append("  document.title = RELEASE;\n})(window);\n").toString();
  }
}
