package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.Site;

/**
 * {@link AssetIndex#build(Vertx, AssetsOptions)} does its file I/O and hashing on a worker: called
 * from an event loop, it leaves that loop free. The headers hook, which runs once per asset in the
 * middle of the build, reports the thread it ran on; Vert.x's own blocked-thread checker confirms.
 */
class IndexBuildOffLoopTest {

  private static final int FILES = 10_000;

  /**
   * What the checker tolerates on an event loop: generous, so that a pause of the machine is not
   * taken for a blocked loop. Indexing the tree takes longer, even with a warm JIT.
   */
  private static final long MAX_EVENT_LOOP_MS = 200;

  @TempDir
  static Path tree;

  /** Held in a field: the log manager keeps loggers only weakly. */
  private final Logger checkerLog = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Promise<Void> firstWarning = Promise.promise();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record);
        firstWarning.tryComplete();
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Vertx vertx;

  /** Where the headers hook ran for one asset. */
  private record HookCall(String path, String thread, boolean onWorker, boolean onEventLoop) {
  }

  @BeforeAll
  static void writeTree() {
    Site site = new Site(tree);
    byte[] content = new byte[4096];
    for (int i = 0; i < FILES; i++) {
      content[i % content.length] = (byte) i;
      site.write("d" + (i % 30) + "/file" + i + ".js", content);
    }
  }

  @BeforeEach
  void start() {
    checkerLog.addHandler(capture);
    vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
  }

  @AfterEach
  void stop() {
    try {
      vertx.close().await();
    } finally {
      checkerLog.removeHandler(capture);
    }
  }

  @Test
  void asyncBuildCalledFromAnEventLoopIndexesEveryAssetOnAWorker(@TempDir Path dir) throws Exception {
    Site site = new Site(dir);
    site.write("index.html", "<h1>home</h1>\n");
    site.write("css/app.css", "body { color: red; }\n");
    site.write("js/app.js", "console.log(1);\n");
    List<HookCall> calls = new CopyOnWriteArrayList<>();
    AssetsOptions options = site.options().setHeadersHook((path, headers) -> calls.add(new HookCall(path,
        Thread.currentThread().getName(), Context.isOnWorkerThread(), Context.isOnEventLoopThread())));
    Promise<Boolean> calledOnEventLoop = Promise.promise();
    Promise<AssetIndex> built = Promise.promise();

    vertx.runOnContext(v -> {
      calledOnEventLoop.complete(Context.isOnEventLoopThread());
      AssetIndex.build(vertx, options).onComplete(built);
    });
    AssetIndex index = built.future().await(10, TimeUnit.SECONDS);

    assertTrue(calledOnEventLoop.future().await(), "build was not called from an event loop");
    assertEquals(3, index.assetCount());
    assertEquals(index.assetCount(), calls.size(), calls.toString());
    assertEquals(List.of(), calls.stream().filter(c -> !c.onWorker() || c.onEventLoop()).toList());
  }

  @Test
  void asyncBuildCalledFromAnEventLoopIsNotReportedByTheChecker() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    Promise<Integer> built = Promise.promise();
    vertx.runOnContext(v -> {
      long timer = vertx.setPeriodic(5, id -> ticks.incrementAndGet());
      AssetIndex.build(vertx, options()).onComplete(ar -> {
        vertx.cancelTimer(timer);
        if (ar.failed()) {
          built.fail(ar.cause());
        } else if (ar.result().assetCount() != FILES) {
          built.fail("indexed " + ar.result().assetCount() + " files, not " + FILES);
        } else {
          built.complete(ticks.get());
        }
      });
    });

    int ticksWhileBuilding = built.future().await(30, TimeUnit.SECONDS);

    assertTrue(ticksWhileBuilding > 0, "the event loop answered no timer while the index was built");
    assertEquals(List.of(), messages());
  }

  @Test
  void blockingBuildOnAnEventLoopIsReportedByTheChecker() throws Exception {
    // The control: the checker does see a build that blocks the event loop, and the tree is big
    // enough for that (which is what makes the test above prove something).
    Promise<Long> builtInMs = Promise.promise();
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      AssetIndex index = AssetIndex.buildBlocking(options());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (index.assetCount() != FILES) {
        builtInMs.fail("indexed " + index.assetCount() + " files, not " + FILES);
      } else {
        builtInMs.complete(ms);
      }
    });

    long ms = builtInMs.future().await(30, TimeUnit.SECONDS);

    assertTrue(ms > MAX_EVENT_LOOP_MS, "the tree is too small to prove anything: built in " + ms + " ms");
    firstWarning.future().await(5, TimeUnit.SECONDS);
    assertFalse(messages().isEmpty());
  }

  private static AssetsOptions options() {
    return new AssetsOptions().addRoot(tree.toString());
  }

  private List<String> messages() {
    return warnings.stream().map(LogRecord::getMessage).toList();
  }
}
