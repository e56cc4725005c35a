package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A caching reverse proxy, {@link Nginx} or {@link Varnish} (Debian's packages), running as a
 * child process in front of an origin on loopback: on a free port, everything it writes in one
 * temporary directory, stopped with all its processes. Every answer carries
 * {@value #CACHE_STATUS}, how the cache answered in nginx's words (MISS, HIT, ...: each program's
 * class says which). The client does not decompress.
 */
public final class CachingProxy {

  /** The response header that says how the cache answered. */
  public static final String CACHE_STATUS = "X-Cache-Status";

  private static final int START_TRIES = 3;
  private static final int CONNECT_TRIES = 200;
  private static final long CONNECT_INTERVAL_MILLIS = 25;

  public final int port;
  public final WebClient client;
  private final String name;
  private final Path dir;
  private final Process process;
  private final Supplier<String> log;
  /** The processes as {@link #stop()} found them, to check afterwards that none was left behind. */
  private List<ProcessHandle> stopped = List.of();

  private CachingProxy(Vertx vertx, String name, Path dir, int port, Process process, Supplier<String> log) {
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(port)
        .setDecompressionSupported(false)
        .setFollowRedirects(false));
  }

  /**
   * Returns {@code name} run by the command that {@code command} gives for a free port (writing
   * its configuration as it does), once it accepts connections; what it prints goes to
   * {@code dir/stdout.log}, and {@code log} gives the rest of its logs for failure messages. A
   * port taken between choosing and binding is tried again; any other failure to start fails the
   * test with the logs. Blocks; call from the test thread.
   */
  static CachingProxy start(Vertx vertx, Path dir, String name, IntFunction<List<String>> command,
      Supplier<String> log) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      CachingProxy proxy = new CachingProxy(vertx, name, dir, port, launch(command.apply(port), dir), log);
      try {
        proxy.awaitAccepting(vertx).await();
        return proxy;
      } catch (RuntimeException e) {
        proxy.stop();
        String logs = proxy.log();
        // The free port was free when chosen: another process may have taken it since.
        if (attempt < START_TRIES && logs.contains("Address already in use")) {
          continue;
        }
        return fail(name + " did not start (" + e.getMessage() + "); its logs:\n" + logs);
      }
    }
  }

  /**
   * Returns the path of {@code program}, from the PATH or {@code /usr/sbin}, or fails with
   * {@code installHint}.
   */
  static Path binary(String program, String installHint) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    // Debian puts nginx and varnishd in /usr/sbin, which is not on the PATH of users other than root.
    dirs.add("/usr/sbin");
    for (String d : dirs) {
      Path candidate = Path.of(d.isEmpty() ? "." : d, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(installHint);
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code file}'s content, nothing when it does not exist, or the error that reading it met. */
  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return file.getFileName() + ": " + e + "\n";
    }
  }

  private static Process launch(List<String> command, Path dir) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a port no one listens on now, on loopback. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a future completed once the proxy accepts a connection: it tries to connect every
   * {@value #CONNECT_INTERVAL_MILLIS} ms on a Vert.x timer, at most {@value #CONNECT_TRIES} times,
   * and fails at once if the process exits.
   */
  private Future<Void> awaitAccepting(Vertx vertx) {
    NetClient net = vertx.createNetClient();
    Promise<Void> accepting = Promise.promise();
    tryConnect(vertx, net, accepting, 1);
    return accepting.future().eventually(net::close);
  }

  private void tryConnect(Vertx vertx, NetClient net, Promise<Void> accepting, int attempt) {
    net.connect(port, "127.0.0.1").onComplete(connected -> {
      if (connected.succeeded()) {
        connected.result().close();
        accepting.complete();
      } else if (!process.isAlive()) {
        accepting.fail(new IllegalStateException(name + " exited with status " + process.exitValue()));
      } else if (attempt == CONNECT_TRIES) {
        accepting.fail(new IllegalStateException("no connection accepted on port " + port + " after " + attempt
            + " tries"));
      } else {
        vertx.setTimer(CONNECT_INTERVAL_MILLIS, id -> tryConnect(vertx, net, accepting, attempt + 1));
      }
    });
  }

  /**
   * Stops the proxy and every process it started (nginx's workers, cache manager and loader;
   * Varnish's cache process): TERM to the first, which stops its children and exits; then whatever
   * is still alive is killed. Returns once none of them runs. Blocks; call from the test thread.
   */
  public void stop() {
    client.close();
    List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    stopped = all;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        all.forEach(ProcessHandle::destroyForcibly);
      }
      for (ProcessHandle p : all) {
        p.destroyForcibly();
        p.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop: " + e, e);
    }
  }

  /** Returns the processes that {@link #stop()} found and that are still alive: none once it returned. */
  public List<ProcessHandle> leftBehind() {
    return stopped.stream().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Returns what the proxy printed and its logs, with one line per request (what the client
   * asked, the status and {@value #CACHE_STATUS}), for failure messages.
   */
  public String log() {
    return read(dir.resolve("stdout.log")) + log.get();
  }

  @Override
  public String toString() {
    return name;
  }
}
