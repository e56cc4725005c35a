package org.vertxassets.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;
import org.vertxassets.server.AssetsVerticle;

/**
 * A real HTTP server on a free port, and a client that neither decompresses nor follows
 * redirects, so that a test sees the bytes that were sent. The server is either an
 * {@link AssetsHandler} on a Router ({@link #mount}, or {@link #listen} for a Router the test sets
 * up) or a deployment of the bundled {@link AssetsVerticle} ({@link #deploy}).
 */
public final class TestServer {

  /** The body of the route behind the handler in {@link #mountWithFallback}: a request passed on ends there. */
  public static final String PASSED_ON = "passed-on-by-the-assets-handler";

  public final int port;
  public final WebClient client;
  /** The handler on the Router; null for a deployment. */
  public final AssetsHandler handler;
  /** The id of the deployment; null for a handler on a Router. */
  public final String deploymentId;
  private final Vertx vertx;
  private final HttpServer server;

  private TestServer(Vertx vertx, int port, AssetsHandler handler, HttpServer server, String deploymentId) {
    this.vertx = vertx;
    this.port = port;
    this.handler = handler;
    this.server = server;
    this.deploymentId = deploymentId;
    this.client = client(new WebClientOptions());
  }

  /** Returns a future of a server with the index of {@code options} mounted at {@code /*}. */
  public static Future<TestServer> mount(Vertx vertx, AssetsOptions options) {
    return mount(vertx, options, "/*");
  }

  /** Returns a future of a server with the index of {@code options} mounted on {@code route}. */
  public static Future<TestServer> mount(Vertx vertx, AssetsOptions options, String route) {
    return mount(vertx, options, route, new HttpServerOptions());
  }

  /**
   * Returns a future of a server created with {@code serverOptions} (its port is replaced by a
   * free one) and the index of {@code options} mounted at {@code /*}.
   */
  public static Future<TestServer> mount(Vertx vertx, AssetsOptions options, HttpServerOptions serverOptions) {
    return mount(vertx, options, "/*", serverOptions);
  }

  private static Future<TestServer> mount(Vertx vertx, AssetsOptions options, String route,
      HttpServerOptions serverOptions) {
    return AssetsHandler.create(vertx, options).compose(handler -> {
      Router router = Router.router(vertx);
      router.route(route).handler(handler);
      return listen(vertx, router, handler, serverOptions);
    });
  }

  /**
   * Returns a future of a server with the index of {@code options} mounted on {@code route},
   * followed by a route that answers {@code 404} with the body {@link #PASSED_ON} to every request
   * the handler passes on (or that its route does not match).
   */
  public static Future<TestServer> mountWithFallback(Vertx vertx, AssetsOptions options, String route) {
    return AssetsHandler.create(vertx, options).compose(handler -> {
      Router router = Router.router(vertx);
      router.route(route).handler(handler);
      router.route().handler(ctx -> ctx.response().setStatusCode(404).end(PASSED_ON));
      return listen(vertx, router, handler);
    });
  }

  /** Returns a future of a server whose router, with {@code handler} on it, is set up by the caller. */
  public static Future<TestServer> listen(Vertx vertx, Router router, AssetsHandler handler) {
    return listen(vertx, router, handler, new HttpServerOptions());
  }

  /**
   * Returns a future of a server created with {@code serverOptions} (its port is replaced by a free
   * one) whose router, with {@code handler} on it, is set up by the caller.
   */
  public static Future<TestServer> listen(Vertx vertx, Router router, AssetsHandler handler,
      HttpServerOptions serverOptions) {
    return vertx.createHttpServer(new HttpServerOptions(serverOptions).setPort(0)).requestHandler(router).listen()
        .map(server -> new TestServer(vertx, server.actualPort(), handler, server, null));
  }

  /** Returns a future of a deployment of the bundled verticle with {@code config}, port 0 unless it says otherwise. */
  public static Future<TestServer> deploy(Vertx vertx, JsonObject config) {
    return deploy(vertx, config, new DeploymentOptions());
  }

  /** Returns a future of a deployment of {@code config} with {@code options} (instances, class loader). */
  public static Future<TestServer> deploy(Vertx vertx, JsonObject config, DeploymentOptions options) {
    JsonObject withPort = config.copy();
    JsonObject server = withPort.getJsonObject("server", new JsonObject());
    if (!server.containsKey("port")) {
      server.put("port", 0);
    }
    withPort.put("server", server);
    return deployed(vertx, withPort.getString("eventBusAddress", "vertx-assets"),
        // The copy constructor of DeploymentOptions drops the class loader: set it again.
        () -> vertx.deployVerticle(AssetsVerticle.class, new DeploymentOptions(options).setConfig(withPort)
            .setClassLoader(options.getClassLoader())));
  }

  /**
   * Returns a future of the deployment that {@code deploy} starts, with the port its start-up event
   * on {@code eventBusAddress + ".started"} gives, as an operator's tooling could learn it.
   */
  public static Future<TestServer> deployed(Vertx vertx, String eventBusAddress, Supplier<Future<String>> deploy) {
    Promise<Integer> port = Promise.promise();
    MessageConsumer<JsonObject> started = vertx.eventBus().consumer(eventBusAddress + ".started",
        m -> port.tryComplete(m.body().getInteger("port")));
    return deploy.get()
        .compose(id -> port.future().map(p -> new TestServer(vertx, p, null, null, id)))
        .eventually(started::unregister);
  }

  /** Returns every header but Date, by lower-case name, with its values in order, for comparison. */
  public static Map<String, List<String>> headersWithoutDate(MultiMap headers) {
    Map<String, List<String>> map = new TreeMap<>();
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("date")) {
        map.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getValue());
      }
    }
    return map;
  }

  /**
   * Returns a new client of this server made from {@code options} (a protocol version, TLS, a pool
   * of its own), with the defaults of {@link #client}: this host and port, no decompression, no
   * redirects followed.
   */
  public WebClient client(WebClientOptions options) {
    return WebClient.create(vertx, new WebClientOptions(options).setDefaultHost("localhost").setDefaultPort(port)
        .setDecompressionSupported(false).setFollowRedirects(false));
  }

  public HttpRequest<Buffer> get(String uri) {
    return client.request(HttpMethod.GET, uri);
  }

  public HttpRequest<Buffer> head(String uri) {
    return client.request(HttpMethod.HEAD, uri);
  }

  /**
   * Returns the answer to a GET of {@code uri} with {@code headers} (name, value, name, value...).
   * Blocks, {@link Bounded} (20 s): no answer by then fails the test, naming the request.
   */
  public HttpResponse<Buffer> fetch(String uri, String... headers) {
    HttpRequest<Buffer> request = get(uri);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return Bounded.await(request.send(), "answer to GET " + uri + (headers.length == 0 ? "" : " " + List.of(headers)));
  }

  /** Returns a future of what the server answers to {@code requestHead}, as {@link RawClient#exchange}. */
  public Future<String> raw(String requestHead) {
    return RawClient.exchange(vertx, port, requestHead);
  }

  /** Returns a future completed once the server is closed or the deployment undeployed, and the client closed. */
  public Future<Void> close() {
    client.close();
    return server != null ? server.close() : vertx.undeploy(deploymentId);
  }
}
