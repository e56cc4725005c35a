package org.vertxassets.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vertxassets.AssetIndex;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;

/**
 * What the instances of one {@link AssetsVerticle} deployment share: one index build, one
 * handler (whose index swaps atomically), the development-mode watcher and the reload consumer.
 * The first instance to start creates it, the last to stop closes it.
 */
final class SharedAssets implements Shareable {

  private static final System.Logger LOG = System.getLogger(SharedAssets.class.getName());
  private static final String MAP = "vertx-assets.deployments";
  /** Distinct negative ports: one random port per deployment, shared by its instances. */
  private static final AtomicInteger RANDOM_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final Context context;
  private final String deploymentId;
  private final VerticleConfig settings;
  private Future<AssetsHandler> ready;
  private AssetsHandler handler;
  private RootWatcher watcher;
  private MessageConsumer<Object> consumer;
  /** The build under way or last done (the first build, then each rebuild). */
  private Future<?> running = Future.succeededFuture();
  /** A rebuild that waits for the one under way, or null. */
  private Future<AssetIndex> pending;
  /** The TLS engine chosen for the instances' servers, or null where the options choose or TLS is off. */
  private volatile TlsEngine tlsEngine;
  /**
   * What answers the metrics path, or null when the server has none. Typed as vertx-web's own
   * handler, so that a deployment without a metrics path needs no Micrometer on the class path.
   */
  private volatile Handler<RoutingContext> metrics;
  private int references;
  private boolean announced;
  private boolean closed;
  private final int sharedRandomPort = -RANDOM_PORTS.incrementAndGet();

  private SharedAssets(Vertx vertx, String deploymentId, VerticleConfig settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.deploymentId = deploymentId;
    this.settings = settings;
  }

  /** Returns the shared state of a deployment, building its index if this is the first instance. */
  static SharedAssets acquire(Vertx vertx, String deploymentId, VerticleConfig settings) {
    LocalMap<String, SharedAssets> map = vertx.sharedData().getLocalMap(MAP);
    synchronized (SharedAssets.class) {
      SharedAssets shared = map.get(deploymentId);
      if (shared == null) {
        for (String other : map.keySet()) {
          if (map.get(other).settings.eventBusAddress().equals(settings.eventBusAddress())) {
            throw new IllegalArgumentException("vertx-assets: eventBusAddress: '" + settings.eventBusAddress()
                + "' is used by another deployment of AssetsVerticle in this Vert.x; give each its own address");
          }
        }
        shared = new SharedAssets(vertx, deploymentId, settings);
        map.put(deploymentId, shared);
        shared.ready = shared.start();
      }
      shared.references++;
      return shared;
    }
  }

  /** Returns the negative port with which this deployment's instances share one random port. */
  int sharedRandomPort() {
    return sharedRandomPort;
  }

  /** Returns the TLS engine the instances' servers use, or null where their options say (or TLS is off). */
  TlsEngine tlsEngine() {
    return tlsEngine;
  }

  /** Returns what answers the metrics path, or null when the server has no metrics path. */
  Handler<RoutingContext> metrics() {
    return metrics;
  }

  /** Returns a future of the handler, completed once the first index is built. */
  Future<AssetsHandler> ready() {
    return ready;
  }

  /**
   * Starts the watcher first in development mode (so that a change made during the first build
   * is not missed), then builds the first index and registers the reload address.
   */
  private Future<AssetsHandler> start() {
    Future<Void> watching = settings.dev() ? startWatcher() : Future.succeededFuture();
    if (TlsEngine.toChoose(settings.server())) {
      watching = watching.compose(v -> vertx.executeBlocking(TlsEngine::choose, false)).map(engine -> {
        LOG.log(Level.INFO, "vertx-assets: " + engine.description());
        tlsEngine = engine;
        return null;
      });
    }
    Future<AssetsHandler> built = watching.compose(v -> AssetIndex.build(vertx, settings.options())).compose(index -> {
      synchronized (this) {
        handler = AssetsHandler.create(index);
        if (settings.metricsPath() != null) {
          metrics = ServerMetrics.page(handler);
        }
        if (closed) {
          index.close();
          return Future.failedFuture("vertx-assets: the verticle stopped while its index was built");
        }
        consumer = vertx.eventBus().consumer(settings.reloadAddress(), message ->
            reload("a message to " + settings.reloadAddress()).onComplete(ar -> {
              if (ar.succeeded()) {
                message.reply(summary(ar.result()));
              } else {
                message.fail(500, String.valueOf(ar.cause().getMessage()));
              }
            }));
      }
      return Future.succeededFuture(handler);
    });
    synchronized (this) {
      running = built;
    }
    return built;
  }

  private Future<Void> startWatcher() {
    List<Path> watched = settings.options().getRoots().stream()
        .map(AssetsOptions.Root::directory)
        .filter(d -> !d.startsWith(AssetsOptions.CLASSPATH_SCHEME))
        .map(Path::of)
        .toList();
    return vertx.executeBlocking(() -> new RootWatcher(watched,
        () -> context.runOnContext(v -> reload("a change under the roots"))), false)
        .map(w -> {
          synchronized (this) {
            watcher = w;
            if (closed) {
              w.close();
            }
          }
          return null;
        });
  }

  /**
   * Returns a future of a rebuilt index, swapped in once built; a failed build keeps the index
   * that serves now. At most one build runs and one waits: changes that arrive while one waits
   * are taken by it, so a tool that writes without pause does not queue a build per burst.
   */
  synchronized Future<AssetIndex> reload(String why) {
    if (pending != null) {
      return pending;
    }
    Promise<Void> turn = Promise.promise();
    Future<AssetIndex> next = turn.future().compose(v -> {
      synchronized (this) {
        pending = null;
      }
      return AssetIndex.build(vertx, settings.options());
    }).onSuccess(index -> {
      synchronized (this) {
        if (closed || handler == null) {
          index.close();
          return;
        }
        handler.update(index);
      }
      LOG.log(Level.INFO, "vertx-assets: index rebuilt after " + why + ": " + index);
      vertx.eventBus().publish(settings.swappedAddress(), summary(index));
    }).onFailure(e -> LOG.log(Level.WARNING, "vertx-assets: rebuilding the index after {0} failed, the previous"
        + " index keeps serving: {1}", why, e.getMessage()));
    Future<?> previous = running;
    pending = next;
    running = next;
    // Set up before the turn comes, which may be at once when nothing runs.
    previous.onComplete(ar -> turn.complete());
    return next;
  }

  private static JsonObject summary(AssetIndex index) {
    return new JsonObject().put("files", index.assetCount()).put("variants", index.variantCount())
        .put("bytes", index.totalBytes()).put("memoryBytes", index.memoryBytes())
        .put("buildTimeMillis", index.buildTime().toMillis());
  }

  /** Logs the start-up line, once per deployment. */
  synchronized void announce(int port) {
    if (announced) {
      return;
    }
    announced = true;
    AssetIndex index = handler.index();
    String host = settings.server().getHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    LOG.log(Level.INFO, String.format("vertx-assets: serving %d files (%d variants, %d bytes, %d in memory, %s)"
            + " from %s at %s://%s:%d%s (index built in %d ms, %s transport%s)",
        index.assetCount(), index.variantCount(), index.totalBytes(), index.memoryBytes(), immutable(index),
        settings.options().getRoots().stream().map(AssetsOptions.Root::directory).toList(),
        settings.server().isSsl() ? "https" : "http", host, port, settings.mountPath(),
        index.buildTime().toMillis(), vertx.isNativeTransportEnabled() ? "native" : "NIO",
        settings.dev() ? ", development mode: watching the roots" : ""));
    vertx.eventBus().publish(settings.startedAddress(), summary(index).put("port", port));
  }

  /**
   * Returns how many files are immutable and by which rules, as the start-up line says it:
   * {@code 12 immutable: 10 by name, 2 by Vite's manifest}, or {@code 0 immutable}.
   */
  static String immutable(AssetIndex index) {
    int total = index.immutableFiles().values().stream().mapToInt(Integer::intValue).sum();
    List<String> rules = index.immutableFiles().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " by " + e.getKey()).toList();
    return total + " immutable" + (rules.isEmpty() ? "" : ": " + String.join(", ", rules));
  }

  /** Lets go of one instance's share; the last one stops the watcher and closes the index. */
  void release() {
    LocalMap<String, SharedAssets> map = vertx.sharedData().getLocalMap(MAP);
    synchronized (SharedAssets.class) {
      if (--references > 0) {
        return;
      }
      map.remove(deploymentId);
    }
    synchronized (this) {
      closed = true;
      if (consumer != null) {
        consumer.unregister();
      }
      if (watcher != null) {
        watcher.close();
      }
      if (handler != null) {
        handler.index().close();
      }
    }
  }
}
