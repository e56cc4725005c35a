package org.vertxassets.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the soak changes in the site before each reload, as a deployment does: a new
 * content-hashed script is added ({@code /soak/app.<hash>.js}, above the memory tier's 64 KiB, so
 * that each index opens a file of its own for it), the previous one is removed, and
 * {@code index.html} is touched (its {@code Last-Modified} moves one second). After the reload,
 * {@link #verify} checks from outside that the new index is the one serving. Blocking; for the
 * soak server's own thread, never an event loop.
 */
final class SoakFixture {

  /** The modification time bench/lib.sh gives the fixture; revision N touches index.html to N seconds after. */
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final int SCRIPT_SIZE = 80 * 1024;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final Path site;
  private final Path dir;
  private int revision;
  private String current;
  private byte[] currentBytes;
  private String previous;

  SoakFixture(Path site) throws IOException {
    this.site = site;
    this.dir = site.resolve("soak");
    Files.createDirectories(dir);
    try (var old = Files.list(dir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    write();
  }

  /** Returns the revision the site is at (0 before the first change). */
  int revision() {
    return revision;
  }

  /** Changes the site for the next reload: adds the next script, removes the last one, touches index.html. */
  void next() throws IOException {
    revision++;
    previous = current;
    write();
    Files.delete(dir.resolve(previous));
  }

  private void write() throws IOException {
    StringBuilder js = new StringBuilder("/* vertx-assets soak, revision " + revision + " */\n");
    for (int line = 0; js.length() < SCRIPT_SIZE + revision; line++) {
      js.append("var soak_").append(revision).append('_').append(line).append(" = \"")
          .append(Integer.toHexString(line * 31 + revision)).append("\";\n");
    }
    js.setLength(SCRIPT_SIZE + revision);
    byte[] bytes = js.toString().getBytes(StandardCharsets.US_ASCII);
    String name = "app." + HexFormat.of().formatHex(sha256(bytes), 0, 6) + ".js";
    // Written under a dotfile name, which the index skips, and renamed: no build sees half a file.
    Path temporary = dir.resolve(".app.js.tmp");
    Files.write(temporary, bytes);
    Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Path index = site.resolve("index.html");
    if (Files.exists(index)) {
      Files.setLastModifiedTime(index, FileTime.from(BASE.plusSeconds(revision)));
    }
    current = name;
    currentBytes = bytes;
  }

  /**
   * Returns null when the server at {@code port} serves the current revision: the new script,
   * byte for byte; a 404 for the one removed; {@code index.html}'s new {@code Last-Modified}.
   * Otherwise, what differs.
   */
  String verify(int port) throws IOException {
    RawHttp.Answer added = RawHttp.exchange("127.0.0.1", port, "GET", "/soak/" + current);
    if (added.status() != 200 || !Arrays.equals(added.body(), currentBytes)) {
      return "GET /soak/" + current + " (added): status " + added.status() + ", " + added.body().length
          + " bytes, expected 200 with the " + currentBytes.length + " bytes written";
    }
    if (previous != null) {
      RawHttp.Answer removed = RawHttp.exchange("127.0.0.1", port, "GET", "/soak/" + previous);
      if (removed.status() != 404) {
        return "GET /soak/" + previous + " (removed): status " + removed.status() + ", expected 404";
      }
    }
    RawHttp.Answer page = RawHttp.exchange("127.0.0.1", port, "HEAD", "/");
    String expected = HTTP_DATE.format(BASE.plusSeconds(revision));
    if (page.status() != 200 || !expected.equals(page.headers().get("last-modified"))) {
      return "HEAD / (touched): status " + page.status() + ", Last-Modified " + page.headers().get("last-modified")
          + ", expected 200 with " + expected;
    }
    return null;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
