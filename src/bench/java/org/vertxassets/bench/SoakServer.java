package org.vertxassets.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.vertxassets.server.AssetsVerticle;

/**
 * The server of {@code bench/soak.sh}: {@link AssetsVerticle} deployed as {@code serve} deploys
 * it, plus a way to reload it from outside. The verticle answers reloads on its event-bus
 * address ({@code vertx-assets.reload}), which only code in the same Vert.x can reach: this
 * program is that code, driven by lines on its standard input.
 *
 * <p>Usage: {@code SoakServer CONFIG SITE}. CONFIG is the JSON that {@code serve ...
 * --print-config} prints for the command line to imitate (the merged configuration: roots,
 * server, and the rest at their defaults, warm-up compression included); it is deployed with the
 * transport and the number of instances {@code serve} would use. SITE is the root whose
 * {@code soak/} folder and {@code index.html} the reloads change ({@link SoakFixture}).
 *
 * <p>Commands, one per line: {@code reload N SECONDS} changes the site and reloads N times,
 * spread evenly over SECONDS, in the background (one series at a time), waiting for each reply and checking from outside that the new
 * index serves, and prints one {@code SOAK reload} line per reload and a {@code SOAK reloads}
 * summary; {@code heap} runs full collections and prints the heap used after them, the direct
 * buffers, and how many file sends the server saw cut short so far; {@code quit} (or the end of
 * the input) stops Vert.x gracefully and exits. Every answer is one line on standard output that starts with {@code SOAK}; the server's log
 * goes to standard error. Built only with {@code -Pbench}.
 */
public final class SoakServer {

  /**
   * The file sends that failed under the server, mostly because the client left mid-body: the
   * handler logs each at DEBUG ("sending ... ended early"), which this counts without printing.
   */
  private static final AtomicLong SENDS_ENDED_EARLY = new AtomicLong();
  /** Holds the logger whose level is changed (JUL keeps loggers only weakly). */
  private static final Logger ASSETS_LOG = Logger.getLogger("org.vertxassets");

  private final Vertx vertx;
  private final String reloadAddress;
  private final int port;
  private final SoakFixture fixture;

  private SoakServer(Vertx vertx, String reloadAddress, int port, SoakFixture fixture) {
    this.vertx = vertx;
    this.reloadAddress = reloadAddress;
    this.port = port;
    this.fixture = fixture;
  }

  /** Deploys the server, then answers commands until {@code quit} or the end of the input. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: SoakServer CONFIG SITE   (CONFIG: the output of serve ... --print-config)");
      System.exit(2);
    }
    // As Cli does: one line per log record.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    countSendsEndedEarly();
    JsonObject config = new JsonObject(Files.readString(Path.of(args[0])));
    // The deployment keys of serve (ServerSettings.DEPLOYMENT_KEYS): not the verticle's.
    Object instancesValue = config.remove("instances");
    config.remove("conf");
    int instances = instancesValue instanceof Number n ? n.intValue() : Runtime.getRuntime().availableProcessors();
    int port = config.getJsonObject("server", new JsonObject()).getInteger("port", 8080);
    String address = config.getString("eventBusAddress", "vertx-assets") + ".reload";
    SoakFixture fixture = new SoakFixture(Path.of(args[1]));

    // The transport of serve (Cli): native when the jar has it, NIO with -Dvertxassets.nativeTransport=false.
    boolean nativeTransport = !"false".equals(System.getProperty("vertxassets.nativeTransport"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    try {
      vertx.deployVerticle(AssetsVerticle.class, new DeploymentOptions().setConfig(config).setInstances(instances))
          .await();
    } catch (Exception e) {
      System.err.println("SoakServer: " + e.getMessage());
      vertx.close();
      System.exit(1);
    }
    say("ready port=%d instances=%d transport=%s", port, instances,
        vertx.isNativeTransportEnabled() ? "native" : "NIO");
    new SoakServer(vertx, address, port, fixture).commands();
  }

  private void commands() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("reload") && words.length == 3) {
        int n = Integer.parseInt(words[1]);
        double seconds = Double.parseDouble(words[2]);
        // On a thread of its own, so that quit is heard while reloads run.
        Thread reloading = new Thread(() -> reloads(n, seconds), "soak-reloads");
        reloading.setDaemon(true);
        reloading.start();
      } else if (words[0].equals("heap")) {
        heap();
      } else if (words[0].equals("quit")) {
        break;
      } else if (!words[0].isEmpty()) {
        say("error unknown command '%s'; the commands are: reload N SECONDS, heap, quit", line);
      }
    }
    vertx.close().await(60, TimeUnit.SECONDS);
    say("stopped");
    System.exit(0);
  }

  /** Changes the site and reloads {@code n} times, evenly over {@code seconds}, each after the reply to the last. */
  private synchronized void reloads(int n, double seconds) {
    List<Double> millis = new ArrayList<>();
    int failed = 0;
    long start = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      long due = start + (long) ((i - 0.5) * seconds * 1e9 / n);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        // This program's own thread, not an event loop: it keeps the schedule by sleeping.
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      String problem;
      double ms = Double.NaN;
      JsonObject reply = null;
      try {
        fixture.next();
        long t0 = System.nanoTime();
        Object body = vertx.eventBus().request(reloadAddress, new JsonObject().put("revision", fixture.revision()),
            new DeliveryOptions().setSendTimeout(60_000)).await().body();
        ms = (System.nanoTime() - t0) / 1e6;
        reply = (JsonObject) body;
        problem = fixture.verify(port);
      } catch (Exception e) {
        problem = "the reload failed: " + e;
      }
      if (problem == null) {
        millis.add(ms);
      } else {
        failed++;
      }
      say("reload %d %s ms=%.1f revision=%d files=%s%s", i, problem == null ? "ok" : "failed", ms, fixture.revision(),
          reply == null ? "?" : reply.getValue("files"), problem == null ? "" : " problem=" + problem.replace('\n', ' '));
    }
    Collections.sort(millis);
    double median = millis.isEmpty() ? Double.NaN : millis.size() % 2 == 1 ? millis.get(millis.size() / 2)
        : (millis.get(millis.size() / 2 - 1) + millis.get(millis.size() / 2)) / 2;
    say("reloads done=%d ok=%d failed=%d median_ms=%.1f max_ms=%.1f seconds=%.1f", n, millis.size(), failed, median,
        millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1), (System.nanoTime() - start) / 1e9);
  }

  /**
   * Prints the heap used after full collections (repeated until two readings agree within 1%,
   * at most five), and the JDK's direct buffers (where the index holds its memory tier), whose
   * memory the collector's cleaners free just after a collection.
   */
  private static void heap() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
      long now = memory.getHeapMemoryUsage().getUsed();
      boolean settled = Math.abs(now - used) <= used / 100;
      used = now;
      if (settled) {
        break;
      }
    }
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    say("heap used=%d committed=%d direct_bytes=%d direct_buffers=%d threads=%d sends_ended_early=%d", used,
        memory.getHeapMemoryUsage().getCommitted(), direct.getMemoryUsed(), direct.getCount(),
        ManagementFactory.getThreadMXBean().getThreadCount(), SENDS_ENDED_EARLY.get());
  }

  /**
   * Lets the handler's DEBUG records through to a handler that counts the sends that ended
   * early; the console handler stays at its level, so they are not printed.
   */
  private static void countSendsEndedEarly() {
    if (ASSETS_LOG.getLevel() == null || ASSETS_LOG.getLevel().intValue() > Level.FINE.intValue()) {
      ASSETS_LOG.setLevel(Level.FINE);
    }
    ASSETS_LOG.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage() != null && r.getMessage().contains("ended early")) {
          SENDS_ENDED_EARLY.incrementAndGet();
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
  }

  private static void say(String format, Object... args) {
    System.out.println("SOAK " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
