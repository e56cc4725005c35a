package org.vertxassets;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

/**
 * What the instances of one {@link AssetsVerticle} deployment share: one index build, one
 * handler (whose index swaps atomically), the development-mode watcher and the reload consumer.
 * The first instance to start creates it, the last to stop closes it.
 */
final class SharedAssets implements Shareable {

  private static final System.Logger LOG = IndexBuilder.LOG;
  private static final String MAP = "vertx-assets.deployments";

  private final Vertx vertx;
  private final Context context;
  private final String deploymentId;
  private final VerticleConfig settings;
  private Future<AssetsHandler> ready;
  private AssetsHandler handler;
  private RootWatcher watcher;
  private MessageConsumer<Object> consumer;
  private Future<?> reloading = Future.succeededFuture();
  private int references;
  private boolean announced;
  private boolean closed;

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
        shared = new SharedAssets(vertx, deploymentId, settings);
        map.put(deploymentId, shared);
        shared.ready = shared.start();
      }
      shared.references++;
      return shared;
    }
  }

  /** Returns a future of the handler, completed once the first index is built. */
  Future<AssetsHandler> ready() {
    return ready;
  }

  private Future<AssetsHandler> start() {
    return AssetIndex.build(vertx, settings.options()).compose(index -> {
      synchronized (this) {
        handler = AssetsHandler.create(index);
        if (closed) {
          index.close();
          return Future.failedFuture("vertx-assets: the verticle stopped while its index was built");
        }
        consumer = vertx.eventBus().consumer(settings.reloadAddress(), message ->
            reload("a message to " + settings.reloadAddress()).onComplete(ar -> {
              if (ar.succeeded()) {
                message.reply(summary(ar.result()));
              } else {
                message.fail(500, ar.cause().getMessage());
              }
            }));
      }
      if (!settings.dev()) {
        return Future.succeededFuture(handler);
      }
      List<Path> watched = settings.options().getRoots().stream()
          .map(AssetsOptions.Root::directory)
          .filter(d -> !d.startsWith(ClasspathRoots.SCHEME))
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
            return handler;
          });
    });
  }

  /**
   * Returns a future of a rebuilt index, swapped in once built; a failed build keeps the index
   * that serves now. Rebuilds run one after another, never two at once.
   */
  synchronized Future<AssetIndex> reload(String why) {
    Future<AssetIndex> next = reloading.transform(ignored -> AssetIndex.build(vertx, settings.options()))
        .onSuccess(index -> {
          synchronized (this) {
            if (closed) {
              index.close();
              return;
            }
            handler.update(index);
          }
          LOG.log(Level.INFO, "vertx-assets: index rebuilt after " + why + ": " + index);
          vertx.eventBus().publish(settings.swappedAddress(), summary(index));
        })
        .onFailure(e -> LOG.log(Level.WARNING, "vertx-assets: rebuilding the index after {0} failed, the previous"
            + " index keeps serving: {1}", why, e.getMessage()));
    reloading = next;
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
    LOG.log(Level.INFO, String.format("vertx-assets: serving %d files (%d variants, %d bytes, %d in memory) from %s"
            + " at %s://%s:%d%s (index built in %d ms, %s transport%s)",
        index.assetCount(), index.variantCount(), index.totalBytes(), index.memoryBytes(),
        settings.options().getRoots().stream().map(AssetsOptions.Root::directory).toList(),
        settings.server().isSsl() ? "https" : "http", host, port, settings.mountPath(),
        index.buildTime().toMillis(), vertx.isNativeTransportEnabled() ? "native" : "NIO",
        settings.dev() ? ", development mode: watching the roots" : ""));
    vertx.eventBus().publish(settings.startedAddress(), summary(index).put("port", port));
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
