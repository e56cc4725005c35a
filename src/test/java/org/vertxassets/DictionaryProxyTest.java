package org.vertxassets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vertxassets.testing.CachingProxy;
import org.vertxassets.testing.Nginx;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;
import org.vertxassets.testing.Varnish;

/**
 * Behind nginx's {@code proxy_cache} and behind Varnish as README advises, a delta (RFC 9842) goes
 * only to a client that holds its dictionary, whichever client asks first and fills the cache: the
 * origin's {@code Vary: Accept-Encoding, Available-Dictionary} keeps them apart. Varnish as
 * shipped asks the origin for gzip only, so no client gets a delta.
 */
@ExtendWith(VertxExtension.class)
class DictionaryProxyTest {

  private static final String OLD = "export function greet(n) { return 'Hello, ' + n; }\n".repeat(150) + "// 1\n";
  private static final String NEW = "export function greet(n) { return 'Hello, ' + n; }\n".repeat(150) + "// 2\n";
  private static final String FILE = "js/app.0e1f2a3b4c5d.js";

  /** The clients: one holding the earlier version, one that could decode a delta but holds none, one with gzip only. */
  enum Client {
    WITH_DICTIONARY, NO_DICTIONARY, GZIP_ONLY
  }

  /** The caches that keep one copy per Accept-Encoding and Available-Dictionary. */
  enum Cache {
    NGINX, VARNISH;

    CachingProxy start(Vertx vertx, Path dir, int originPort) {
      return this == NGINX ? Nginx.start(vertx, dir, originPort) : Varnish.start(vertx, dir, originPort);
    }
  }

  @TempDir
  Path dir;
  private Site site;
  private Path proxyDir;
  private CachingProxy proxy;

  @BeforeAll
  static void cachesAreInstalled() {
    Nginx.binary();
    Varnish.binary();
  }

  @BeforeEach
  void writeSite() throws Exception {
    site = new Site(Files.createDirectory(dir.resolve("site")));
    proxyDir = Files.createDirectory(dir.resolve("proxy"));
    site.write(FILE, NEW);
    site.brotli(FILE);
    site.gzip(FILE);
    site.dcz(FILE, OLD.getBytes(UTF_8));
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.stop();
      assertEquals(List.of(), proxy.leftBehind(), proxy + " processes still running after the test");
    }
  }

  static Stream<Arguments> everyCacheAndOrder() {
    return Stream.of(Cache.values()).flatMap(cache -> everyOrder().map(order -> Arguments.of(cache, order)));
  }

  static Stream<List<Client>> everyOrder() {
    List<List<Client>> orders = new ArrayList<>();
    for (Client a : Client.values()) {
      for (Client b : Client.values()) {
        for (Client c : Client.values()) {
          if (a != b && b != c && a != c) {
            orders.add(List.of(a, b, c, a, b, c));
          }
        }
      }
    }
    return orders.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCacheAndOrder")
  void onlyTheClientThatHoldsTheDictionaryGetsTheDeltaAndItDecodesIt(Cache cache, List<Client> order, Vertx vertx)
      throws Exception {
    proxy = cache.start(vertx, proxyDir, deployOrigin(vertx).port);

    for (Client client : order) {
      HttpResponse<Buffer> r = request(client).send().await();

      assertEquals(200, r.statusCode(), client.name());
      assertEquals(switch (client) {
        case WITH_DICTIONARY -> "dcz";
        case NO_DICTIONARY -> "br";
        case GZIP_ONLY -> "gzip";
      }, r.getHeader("Content-Encoding"), () -> client + " after " + order + "\n" + proxy.log());
      assertEquals(NEW, decode(r), client.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrder")
  void asShippedVarnishAsksTheOriginForGzipSoNoClientGetsADelta(List<Client> order, Vertx vertx) throws Exception {
    proxy = Varnish.startAsShipped(vertx, proxyDir, deployOrigin(vertx).port);

    for (Client client : order) {
      HttpResponse<Buffer> r = request(client).send().await();

      assertEquals(200, r.statusCode(), client.name());
      assertEquals("gzip", r.getHeader("Content-Encoding"), () -> client + " after " + order + "\n" + proxy.log());
      assertEquals(NEW, decode(r), client.name());
    }
  }

  private TestServer deployOrigin(Vertx vertx) {
    return TestServer.deploy(vertx, site.config().put("warmUpCompression", "off")
        .put("server", new JsonObject().put("host", "127.0.0.1"))).await();
  }

  private HttpRequest<Buffer> request(Client client) {
    HttpRequest<Buffer> request = proxy.client.get("/" + FILE);
    return switch (client) {
      case WITH_DICTIONARY -> request.putHeader("Accept-Encoding", "gzip, br, zstd, dcb, dcz")
          .putHeader("Available-Dictionary", Site.availableDictionary(OLD.getBytes(UTF_8)));
      case NO_DICTIONARY -> request.putHeader("Accept-Encoding", "gzip, br, zstd, dcb, dcz");
      case GZIP_ONLY -> request.putHeader("Accept-Encoding", "gzip");
    };
  }

  /** Returns the body decoded as its Content-Encoding says, a delta with the earlier version as dictionary. */
  private static String decode(HttpResponse<Buffer> r) throws java.io.IOException {
    byte[] body = r.bodyAsBuffer().getBytes();
    byte[] decoded = switch (String.valueOf(r.getHeader("Content-Encoding"))) {
      case "dcz" -> {
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
          ctx.loadDict(OLD.getBytes(UTF_8));
          yield ctx.decompress(Arrays.copyOfRange(body, 40, body.length), NEW.length());
        }
      }
      case "br" -> Site.unbrotli(body);
      case "gzip" -> Site.gunzip(body);
      default -> body;
    };
    return new String(decoded, UTF_8);
  }
}
