package org.vertxassets.examples.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vertxassets.AssetUrls;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;

/**
 * A Vert.x application that serves the webroot its Maven build put in its jar: {@code /static/}
 * from {@code classpath:webroot} (content-hashed files immutable, each with its precompressed
 * variants), a page at {@code /} that links them by their hashed names, and {@code /api/hello}.
 * The port is the first argument, else the {@code PORT} environment variable, else 8080; 0 takes
 * a free one. Prints {@code Listening on http://localhost:PORT/} once it listens; exits with
 * status 1, saying why, when it cannot start.
 */
public final class App {

  /** The page; its links and their integrity come from the webroot's manifest.json. */
  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>vertx-assets Maven example</title>
        <link rel="stylesheet" href="%s" integrity="%s">
        <script src="%s" integrity="%s" defer></script>
      </head>
      <body>
        <header><h1>Built by Maven, served from the jar</h1></header>
        <p id="status">The script has not run.</p>
      </body>
      </html>
      """;

  private App() {
  }

  public static void main(String[] args) {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "8080");
    Vertx vertx = Vertx.vertx();
    start(vertx, Integer.parseInt(port))
        .onSuccess(server -> System.out.println("Listening on http://localhost:" + server.actualPort() + "/"))
        .onFailure(e -> {
          System.err.println("Could not start: " + e.getMessage());
          System.exit(1);
        });
  }

  /**
   * Returns a future of the server, listening once the webroot is indexed (off the event loop);
   * it fails when the class path has no {@code webroot} or the page names a file it lacks.
   */
  public static Future<HttpServer> start(Vertx vertx, int port) {
    return AssetsHandler.create(vertx, new AssetsOptions().addRoot("classpath:webroot")).compose(assets -> {
      // The webroot does not change while the application runs: the page is rendered once, with
      // paths and base64 digests that need no escaping in HTML.
      AssetUrls urls = AssetUrls.create(assets, "/static/");
      String page = PAGE.formatted(urls.url("css/app.css"), urls.integrity("css/app.css"),
          urls.url("js/app.js"), urls.integrity("js/app.js"));
      Router router = Router.router(vertx);
      router.get("/").handler(ctx -> ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .end(page));
      router.get("/api/hello").handler(ctx -> ctx.json(new JsonObject().put("hello", "world")));
      router.route("/static/*").handler(assets);
      return vertx.createHttpServer().requestHandler(router).listen(port);
    });
  }
}
