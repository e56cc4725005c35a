package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools Protocol: started with a profile and a home
 * of its own in a temporary directory (its NSS database and crash reports land there, not in the
 * user's home), remote debugging on a port it chooses, and stopped with every process it started.
 */
public final class Chromium implements AutoCloseable {

  /** Where Debian's package installs the launcher. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  /** What a test says when Chromium is missing: the test fails, it is not skipped. */
  public static final String INSTALL_HINT = "Chromium is not installed (" + BINARY + "): the browser tests need"
      + " Debian's chromium package. Run the tests with .ci/run, which installs it when it is missing, or install"
      + " it yourself: sudo apt-get install chromium";

  private static final String LISTENING = "DevTools listening on ";
  private static final long START_SECONDS = 20;

  /** The browser's product and version as it reports them ({@code Chrome/156.0.8078.114}). */
  public final String version;
  public final DevTools devTools;
  private final Path dir;
  private final Process process;
  private final List<String> stderr;
  private List<ProcessHandle> stopped = List.of();

  private Chromium(Path dir, Process process, List<String> stderr, DevTools devTools, String version) {
    this.dir = dir;
    this.process = process;
    this.stderr = stderr;
    this.devTools = devTools;
    this.version = version;
  }

  /**
   * Returns Chromium started in {@code dir} with {@code flags} besides those it always gets
   * (headless, no sandbox, no GPU, no QUIC, none of its own traffic to Google), connected over the
   * DevTools Protocol; fails the test with {@link #INSTALL_HINT} when it is not installed, and with
   * what it printed when it does not start. Blocks; call from the test thread.
   */
  public static Chromium launch(Vertx vertx, Path dir, String... flags) {
    if (!Files.isExecutable(BINARY)) {
      fail(INSTALL_HINT);
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--remote-debugging-port=0",
        "--user-data-dir=" + dir.resolve("profile"),
        // Chromium's sandbox refuses root, and a container seldom has the namespaces it needs; no GPU.
        "--no-sandbox", "--disable-gpu",
        // The test's server speaks TCP only: no HTTP/3 attempt beside it.
        "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"));
    command.addAll(List.of(flags));
    command.add("about:blank");
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      // Chromium keeps its certificate database and crash reports under $HOME, not the profile, and
      // the socket that makes it one instance per profile under $TMPDIR.
      builder.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
      builder.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
      builder.environment().remove("XDG_CONFIG_HOME");
      builder.environment().remove("XDG_CACHE_HOME");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    Promise<String> url = Promise.promise();
    Thread reader = new Thread(() -> readStderr(process.getErrorStream(), stderr, url), "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    Chromium started = new Chromium(dir, process, stderr, null, null);
    try {
      String endpoint = url.future().await(START_SECONDS, TimeUnit.SECONDS);
      DevTools devTools = DevTools.connect(vertx, endpoint).await(START_SECONDS, TimeUnit.SECONDS);
      JsonObject version = devTools.send("Browser.getVersion", new JsonObject()).await(START_SECONDS, TimeUnit.SECONDS);
      return new Chromium(dir, process, stderr, devTools, version.getString("product"));
    } catch (Exception e) {
      started.close();
      return fail("Chromium did not start (" + e + "); it printed:\n" + String.join("\n", stderr));
    }
  }

  /**
   * Reads what Chromium prints to the end: completes {@code url} with the DevTools endpoint when
   * Chromium names it, fails it if Chromium exits first.
   */
  private static void readStderr(InputStream in, List<String> lines, Promise<String> url) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith(LISTENING)) {
          url.tryComplete(line.substring(LISTENING.length()).trim());
        }
      }
    } catch (IOException e) {
      lines.add(e.toString());
    }
    url.tryFail("Chromium closed its standard error without naming a DevTools endpoint");
  }

  /**
   * Returns the flag that makes Chromium accept the certificate in the PEM file
   * {@code certificatePath} as a trusted one: the base64 SHA-256 of its SubjectPublicKeyInfo.
   * Unlike {@code --ignore-certificate-errors}, after which the page is "insecure" and Chromium
   * stores nothing it fetches, so that the files a 103 hinted are fetched a second time. Chromium
   * honours it only with a {@code --user-data-dir}, which {@link #launch} gives.
   */
  public static String trustFlag(String certificatePath) {
    try (InputStream in = Files.newInputStream(Path.of(certificatePath))) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] spki = certificate.getPublicKey().getEncoded();
      return "--ignore-certificate-errors-spki-list="
          + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns what Chromium printed to its standard error so far, for failure messages. */
  public String stderr() {
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }

  /**
   * Stops Chromium and every process it started: the browser first (so that it starts no other),
   * then its zygotes, renderers and utility processes, and the crash handlers, which detach from
   * it and are found by the directory their command line names. Returns once none of them runs.
   * Blocks; call from the test thread.
   */
  @Override
  public void close() {
    if (devTools != null) {
      devTools.close();
    }
    List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), Stream.concat(process.descendants(),
        ProcessHandle.allProcesses().filter(this::namesOurDirectory))).distinct().toList();
    stopped = all;
    all.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      // Killed, the others are gone by now but for their exit status, which init collects when it
      // gets to it; the JDK would wait for that, polling 300 ms apart. Only one still running is waited for.
      CompletableFuture.allOf(all.stream().filter(Chromium::running).map(ProcessHandle::onExit)
          .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Chromium (pid " + process.pid() + ") did not stop: " + e, e);
    }
  }

  /** Returns the processes that {@link #close()} found and that still run, and any other naming our directory. */
  public List<ProcessHandle> leftBehind() {
    return Stream.concat(stopped.stream(), ProcessHandle.allProcesses().filter(this::namesOurDirectory))
        .filter(Chromium::running).distinct().toList();
  }

  /** Returns whether {@code p} runs: it exists and is not a zombie (Linux's /proc says which). */
  private static boolean running(ProcessHandle p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private boolean namesOurDirectory(ProcessHandle p) {
    return p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false);
  }
}
