package org.vertxassets.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of {@code bench/soak.sh} that go away in the middle of a body: each asks for one
 * file (no {@code Accept-Encoding}, so the identity bytes; the soak asks for the largest file of
 * the fixture, which is sent from a kept-open file with {@code sendfile}), reads the head and the
 * first 1 to 8 KiB of the body, then closes: every other one with {@code SO_LINGER} 0, which
 * resets the connection, the others with an ordinary close. A receive buffer of 4 KiB keeps the
 * server from handing the whole body to the kernel at once, so that it is still sending when the
 * client leaves.
 *
 * <p>Usage: {@code Disconnector HOST PORT PATH PER_SECOND SECONDS}: one client after another at
 * that rate for that long (a slow one delays the next). At the end, one line on standard output:
 * {@code DISCONNECT attempts=… done=… rst=… fin=… failed=… connect=… status=… eof=… timeout=… other=…}.
 * A failure is a client that could not connect, got another status than 200 or no
 * {@code Content-Length}, saw the connection end before its few KiB, or waited more than 10 s.
 * Built only with {@code -Pbench}.
 */
public final class Disconnector {

  private final String host;
  private final int port;
  private final String[] paths;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong statusFailures = new AtomicLong();
  private final AtomicLong eofFailures = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong otherFailures = new AtomicLong();

  private Disconnector(String host, int port, String[] paths) {
    this.host = host;
    this.port = port;
    this.paths = paths;
  }

  /** Runs the clients, then prints the counts. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 5) {
      System.err.println("Usage: Disconnector HOST PORT PATH[,PATH...] PER_SECOND SECONDS");
      System.exit(2);
    }
    Disconnector d = new Disconnector(args[0], Integer.parseInt(args[1]), args[2].split(","));
    double rate = Double.parseDouble(args[3]);
    double seconds = Double.parseDouble(args[4]);
    long attempts = rate <= 0 ? 0 : (long) Math.floor(rate * seconds);
    long start = System.nanoTime();
    for (long i = 0; i < attempts; i++) {
      long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      d.once(i);
    }
    long failed = d.connectFailures.get() + d.statusFailures.get() + d.eofFailures.get() + d.timeouts.get()
        + d.otherFailures.get();
    System.out.printf(Locale.ROOT, "DISCONNECT attempts=%d done=%d rst=%d fin=%d failed=%d connect=%d status=%d eof=%d"
            + " timeout=%d other=%d%n", attempts, d.done.get(), d.resets.get(), d.done.get() - d.resets.get(), failed,
        d.connectFailures.get(), d.statusFailures.get(), d.eofFailures.get(), d.timeouts.get(), d.otherFailures.get());
  }

  private void once(long i) {
    // Paths in turn; with two paths, each is closed both ways (reset or not) on alternate visits.
    String path = paths[(int) (i / 2 % paths.length)];
    boolean reset = i % 2 == 0;
    int keep = 1024 * (int) (1 + i % 8);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.setSoTimeout(10_000);
      try {
        socket.connect(new InetSocketAddress(host, port), 10_000);
      } catch (ConnectException | SocketTimeoutException e) {
        connectFailures.incrementAndGet();
        log(i, "connect: " + e);
        return;
      }
      socket.getOutputStream().write(RawHttp.request("GET", path, host, false));
      InputStream in = socket.getInputStream();
      RawHttp.Answer head = RawHttp.readHead(in);
      if (head == null) {
        eofFailures.incrementAndGet();
        log(i, "the connection ended before the head");
        return;
      }
      if (head.status() != 200 || !head.headers().containsKey("content-length")) {
        statusFailures.incrementAndGet();
        log(i, "status " + head.status() + ", Content-Length " + head.headers().get("content-length"));
        return;
      }
      byte[] buffer = new byte[keep];
      int read = 0;
      while (read < keep) {
        int n = in.read(buffer, read, keep - read);
        if (n < 0) {
          eofFailures.incrementAndGet();
          log(i, "the connection ended after " + read + " bytes of the body");
          return;
        }
        read += n;
      }
      if (reset) {
        socket.setSoLinger(true, 0);
        resets.incrementAndGet();
      }
      done.incrementAndGet();
    } catch (SocketTimeoutException e) {
      timeouts.incrementAndGet();
      log(i, "no answer within 10 s");
    } catch (IOException e) {
      otherFailures.incrementAndGet();
      log(i, e.toString());
    }
  }

  private static void log(long i, String problem) {
    System.err.println("Disconnector: client " + i + ": " + problem);
  }
}
