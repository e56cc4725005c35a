package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Chromium;
import org.vertxassets.testing.DevTools;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * A browser uses our {@code 103 Early Hints}: Debian's Chromium, headless, over TLS and HTTP/2,
 * trusting the test's certificate by its key. Each navigation is a first visit, in a browser
 * context of its own.
 *
 * <p>What Chromium 156 shows over the DevTools Protocol: {@code Network.responseReceivedEarlyHints}
 * for the document, with our {@code Link} value. Its own fetches of the hinted files are not
 * reported; the page's requests for them are, answered {@code fromEarlyHints}. Where the page's
 * crossorigin differs from the hint's, the page requests the file a second time, answered from the
 * HTTP cache, which the server does not see: one request per file from the page, answered by the
 * 103's fetch, proves the hint was used; one request per file at the server, that nothing was
 * fetched twice.
 *
 * <p>Not asserted: that Chromium sees the 103 of every navigation, and that the hinted fetches start
 * before the 200 arrives. Our server sends the 200 right behind the 103, and Chromium's HTTP/2
 * stream ({@code SpdyHttpStream::OnEarlyHintsReceived}) passes a 103 on only if its transaction
 * already waits for headers; otherwise the 200 overwrites it. About one navigation in ten lost its
 * 103 here (none with 50 ms between the two), and the page then preloads from the 200's
 * {@code Link}, one request per file all the same; so the test navigates until Chromium reports a
 * 103, {@value #NAVIGATIONS} times at most. CDP gives no time for the 103's fetches, and with nothing
 * between the 103 and the 200 they reach the server after Chromium has the 200.
 */
@ExtendWith(VertxExtension.class)
class EarlyHintsChromiumTest {

  private static final String CSS = "/assets/index-D8b4DHJx.css";
  private static final String JS = "/assets/index-DO7tlORW.js";
  /** The page's order, with Vite's crossorigin on both. */
  private static final String LINKS = "<" + JS + ">; rel=modulepreload; crossorigin, "
      + "<" + CSS + ">; rel=preload; as=style; crossorigin";
  private static final int NAVIGATIONS = 5;
  private static final long SECONDS = 10;

  /** What one navigation showed: Chromium's events and the requests the server counted by path. */
  private record Navigation(JsonObject document, JsonObject earlyHints, List<JsonObject> responses,
      List<JsonObject> requests, Map<String, Integer> served, JsonObject page) {

    /** Returns the page's responses for {@code path}. */
    List<JsonObject> responsesTo(String path) {
      return responses.stream().filter(r -> r.getJsonObject("response").getString("url").endsWith(path)).toList();
    }

    /** Returns the requests the page made for {@code path}. */
    List<JsonObject> requestsFor(String path) {
      return requests.stream().filter(r -> r.getJsonObject("request").getString("url").endsWith(path)).toList();
    }
  }

  @TempDir
  Path dir;
  private Site site;
  private SelfSignedCertificate certificate;
  private Chromium chromium;
  private volatile Map<String, Integer> served = new ConcurrentHashMap<>();

  @BeforeEach
  void writeSite() {
    site = new Site(dir.resolve("site"));
    // As Vite writes it: the entry module first, both with crossorigin.
    site.write("index.html", """
        <!doctype html>
        <html lang="en">
          <head>
            <meta charset="UTF-8">
            <title>Vite App</title>
            <script type="module" crossorigin src="/assets/index-DO7tlORW.js"></script>
            <link rel="stylesheet" crossorigin href="/assets/index-D8b4DHJx.css">
          </head>
          <body><div id="app"></div></body>
        </html>
        """);
    site.write(CSS.substring(1), "#app{color:rgb(0,128,0)}");
    site.write(JS.substring(1), "document.getElementById('app').textContent = 'ran';");
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
  void chromiumTakesTheHintedFilesFromThe103AndFetchesEachOnce(Vertx vertx) {
    AssetsHandler handler = AssetsHandler.create(vertx, site.options()).await();
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      served.merge(ctx.request().path(), 1, Integer::sum);
      ctx.next();
    });
    router.route().handler(handler);
    TestServer server = TestServer.listen(vertx, router, handler, new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(certificate.keyCertOptions())).await();
    chromium = Chromium.launch(vertx, dir.resolve("chromium"), Chromium.trustFlag(certificate.certificatePath()));

    List<String> without103 = new ArrayList<>();
    for (int n = 1; n <= NAVIGATIONS; n++) {
      Navigation nav = navigate("https://localhost:" + server.port + "/");
      String which = chromium.version + ", navigation " + n + ": ";
      JsonObject document = nav.document().getJsonObject("response");
      assertEquals(200, document.getInteger("status"), which + document);
      assertEquals("h2", document.getString("protocol"), which + "the page over HTTP/2");
      assertEquals("secure", document.getString("securityState"), which + "the certificate trusted, no error ignored");
      assertEquals(LINKS, header(document.getJsonObject("headers"), "link"), which + "Link on the 200");
      assertEquals(new JsonObject().put("app", "ran").put("color", "rgb(0, 128, 0)"), nav.page(),
          which + "the module ran and the stylesheet applies");
      for (String path : List.of(JS, CSS)) {
        assertEquals(1, nav.served().getOrDefault(path, 0), which + "requests for " + path + " the server answered");
        assertEquals(1, nav.requestsFor(path).size(), which + "requests for " + path + " the page made, by initiator: "
            + nav.requestsFor(path).stream().map(EarlyHintsChromiumTest::initiator).toList());
      }
      if (nav.earlyHints() == null) {
        without103.add(which + "no 103 reported; the page's responses " + nav.responses().stream()
            .map(r -> r.getJsonObject("response").getString("url") + " fromEarlyHints="
                + r.getJsonObject("response").getBoolean("fromEarlyHints")).toList());
        continue;
      }
      assertEquals(LINKS, header(nav.earlyHints().getJsonObject("headers"), "link"), which + "Link on the 103");
      for (String path : List.of(JS, CSS)) {
        JsonObject response = nav.responsesTo(path).get(0).getJsonObject("response");
        assertEquals(true, response.getBoolean("fromEarlyHints"),
            which + "the page's " + path + " is the fetch the 103 started: " + response);
      }
      return;
    }
    fail("Chromium reported no 103 Early Hints in " + NAVIGATIONS + " navigations:\n" + String.join("\n", without103));
  }

  /**
   * Returns what Chromium showed of a first visit to {@code url}, in a new browser context, once the
   * page has loaded, and the requests the server answered meanwhile.
   */
  private Navigation navigate(String url) {
    served = new ConcurrentHashMap<>();
    DevTools.Session page = null;
    try {
      page = chromium.devTools.newPage().await(SECONDS, TimeUnit.SECONDS);
      page.send("Network.enable").await(SECONDS, TimeUnit.SECONDS);
      page.send("Page.enable").await(SECONDS, TimeUnit.SECONDS);
      JsonObject navigated = page.send("Page.navigate", new JsonObject().put("url", url))
          .await(SECONDS, TimeUnit.SECONDS);
      assertNull(navigated.getString("errorText"), "Chromium could not load " + url);
      page.event("Page.loadEventFired").await(SECONDS, TimeUnit.SECONDS);
      JsonObject result = page.send("Runtime.evaluate", new JsonObject().put("returnByValue", true).put("expression",
              "({app: document.getElementById('app').textContent,"
                  + " color: getComputedStyle(document.getElementById('app')).color})"))
          .await(SECONDS, TimeUnit.SECONDS);
      List<JsonObject> responses = page.events("Network.responseReceived");
      JsonObject document = responses.stream().filter(r -> "Document".equals(r.getString("type"))).findFirst()
          .orElseThrow(() -> new AssertionError("no response for the document: " + responses));
      JsonObject earlyHints = page.events("Network.responseReceivedEarlyHints").stream()
          .filter(e -> e.getString("requestId").equals(document.getString("requestId"))).findFirst().orElse(null);
      return new Navigation(document, earlyHints,
          responses.stream().filter(r -> r != document).toList(),
          page.events("Network.requestWillBeSent").stream()
              .filter(r -> !"Document".equals(r.getString("type"))).toList(),
          Map.copyOf(served), result.getJsonObject("result").getJsonObject("value"));
    } catch (Exception e) {
      throw new AssertionError("navigating to " + url + ": " + e + "\nChromium printed:\n" + chromium.stderr(), e);
    } finally {
      if (page != null) {
        page.close();
      }
    }
  }

  /** Returns the header {@code name} of a CDP header object, whatever the case of its key. */
  private static String header(JsonObject headers, String name) {
    return headers.fieldNames().stream().filter(name::equalsIgnoreCase).findFirst().map(headers::getString)
        .orElse(null);
  }

  /** Returns who started a request of the page: {@code parser}, {@code script}, {@code other (preload)}... */
  private static String initiator(JsonObject request) {
    boolean preload = Boolean.TRUE.equals(request.getJsonObject("request").getBoolean("isLinkPreload"));
    return request.getJsonObject("initiator").getString("type") + (preload ? " (preload)" : "");
  }
}
