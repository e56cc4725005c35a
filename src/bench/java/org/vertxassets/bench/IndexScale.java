package org.vertxassets.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.vertxassets.AssetIndex;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsOptions;

/**
 * The scale of the index: builds the index of a generated tree of N files (default 100,000),
 * reports the build time, the heap the index holds per file (memory tier off, so that only the
 * index itself is measured), and the time of a rebuild-and-swap under load, counting failed
 * requests. Run: {@code mvn -q -Pbench package -DskipTests && java -Xmx1g -cp target/vertx-assets.jar
 * org.vertxassets.bench.IndexScale [DIR] [N]} (the tree is generated once into DIR, default
 * {@code target/scale-tree}).
 */
public final class IndexScale {

  private IndexScale() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-tree");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    generate(dir, n);
    AssetsOptions options = new AssetsOptions().addRoot(dir.toString()).setMemoryMaxFileSize(0);

    AssetIndex.buildBlocking(options).close(); // warm the JIT and the page cache
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    AssetIndex index = AssetIndex.buildBlocking(options);
    long buildMillis = (System.nanoTime() - start) / 1_000_000;
    long heapAfter = usedHeapAfterGc();
    System.out.printf("files: %d, variants: %d%n", index.assetCount(), index.variantCount());
    System.out.printf("build (cores: %d): %d ms%n", Runtime.getRuntime().availableProcessors(), buildMillis);
    System.out.printf("heap held by the index: %.1f MB, %d bytes per file%n",
        (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / index.assetCount());

    swapUnderLoad(options, index, n);
  }

  private static void swapUnderLoad(AssetsOptions options, AssetIndex index, int n) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AssetsHandler handler = AssetsHandler.create(index);
      Router router = Router.router(vertx);
      router.route("/*").handler(handler);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      HttpClient client = vertx.createHttpClient();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      boolean[] running = {true};
      Random random = new Random(1);
      for (int c = 0; c < 16; c++) {
        loop(client, server.actualPort(), random, n, running, ok, failed);
      }
      long start = System.nanoTime();
      AssetIndex next = AssetIndex.build(vertx, options).await();
      long built = System.nanoTime();
      handler.update(next);
      long swapped = System.nanoTime();
      AssetIndex third = AssetIndex.build(vertx, options).await();
      handler.update(third);
      running[0] = false;
      System.out.printf("rebuild under load: %d ms, swap: %d us; requests during it: %d ok, %d failed%n",
          (built - start) / 1_000_000, (swapped - built) / 1_000, ok.get(), failed.get());
    } finally {
      vertx.close().await();
    }
  }

  private static void loop(HttpClient client, int port, Random random, int n, boolean[] running, AtomicLong ok,
      AtomicLong failed) {
    if (!running[0]) {
      return;
    }
    int i = random.nextInt(n);
    String path = "/" + (i % 100) + "/f" + i + ".css";
    client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(ar -> {
      if (ar.succeeded() && ar.result() == 200) {
        ok.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      loop(client, port, random, n, running, ok, failed);
    });
  }

  private static void generate(Path dir, int n) throws IOException {
    Path marker = dir.resolve(".complete-" + n);
    if (Files.exists(marker)) {
      return;
    }
    Random random = new Random(42);
    List<Path> dirs = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      dirs.add(Files.createDirectories(dir.resolve(String.valueOf(d))));
    }
    for (int i = 0; i < n; i++) {
      StringBuilder css = new StringBuilder();
      int rules = 10 + random.nextInt(60);
      for (int r = 0; r < rules; r++) {
        css.append(String.format(".rule-%d { margin: %dpx; color: #%06x; }%n", r, random.nextInt(40),
            random.nextInt(0xffffff)));
      }
      Files.writeString(dirs.get(i % 100).resolve("f" + i + ".css"), css);
    }
    Files.createFile(marker);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
