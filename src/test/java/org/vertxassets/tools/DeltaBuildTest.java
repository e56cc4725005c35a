package org.vertxassets.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.AssetsOptions;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.testing.DeltaDecoders;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * {@code build} and {@code compress} make RFC 9842 deltas: each hashed script or stylesheet
 * against its earlier versions, those of the releases the build kept, or those of the previous
 * output of another bundler; every delta decodes, with its dictionary, to the file's bytes.
 */
@ExtendWith(VertxExtension.class)
class DeltaBuildTest {

  private static String release(int n) {
    StringBuilder b = new StringBuilder("export function render(root) {\n");
    for (int i = 0; i < 400; i++) {
      b.append("  root.append('line ").append(i * 7919 % 1000).append(" that every release shares');\n");
    }
    return b.append("  return ").append(n).append(";\n}\n").toString();
  }

  private static int build(Site tree) {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    return BuildCommand.run(new String[] {"--quiet", tree.root.toString(), tree.out.toString()}, quiet, quiet);
  }

  /** Returns the deltas in {@code dir}, relative to it, with their bytes. */
  private static Map<String, byte[]> deltas(Path dir) throws Exception {
    Map<String, byte[]> deltas = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(p -> p.toString().endsWith(".dcb") || p.toString().endsWith(".dcz")).toList()) {
        deltas.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return deltas;
  }

  private static String hashed(Site tree, String key) throws Exception {
    return Manifest.read(tree.out.resolve(Manifest.NAME)).files().get(key).path();
  }

  @Test
  void theNewReleaseOfAScriptGetsADcbAndADczAgainstTheOldOneThatDecodeToItsBytes(@TempDir Path dir)
      throws Exception {
    Site tree = Site.source(dir).with("js/app.js", release(1)).with("css/app.css", "a { color: red }\n".repeat(80))
        .with("img/logo.svg", "<svg>" + "<g/>".repeat(200) + "</svg>");
    assertEquals(0, build(tree));
    String v1 = hashed(tree, "js/app.js");
    assertEquals(Map.of(), deltas(tree.out), "a first release has nothing to be a delta of");

    tree.write("js/app.js", release(2));
    tree.write("img/logo.svg", "<svg>" + "<g/>".repeat(201) + "</svg>");
    assertEquals(0, build(tree));

    String v2 = hashed(tree, "js/app.js");
    byte[] old = Files.readAllBytes(tree.out.resolve(v1));
    String prefix = ContentHash.sha256Hex(old).substring(0, 16);
    assertEquals(List.of(v2 + "." + prefix + ".dcb", v2 + "." + prefix + ".dcz"), List.copyOf(deltas(tree.out).keySet()),
        "only the script: the stylesheet did not change, an image is no dictionary");
    byte[] bytes = Files.readAllBytes(tree.out.resolve(v2));
    assertArrayEquals(bytes, DeltaDecoders.unDcb(Files.readAllBytes(tree.out.resolve(v2 + "." + prefix + ".dcb")), old));
    assertArrayEquals(bytes, DeltaDecoders.unDcz(Files.readAllBytes(tree.out.resolve(v2 + "." + prefix + ".dcz")), old));
    long br = Files.size(tree.out.resolve(v2 + ".br"));
    assertTrue(Files.size(tree.out.resolve(v2 + "." + prefix + ".dcz")) < br / 5, "a delta is far smaller than br");
    assertEquals(Files.getLastModifiedTime(tree.out.resolve(v2)),
        Files.getLastModifiedTime(tree.out.resolve(v2 + "." + prefix + ".dcz")), "a delta carries its file's time");
  }

  @Test
  void aThirdReleaseGetsDeltasAgainstBothKeptOnesAndTheDeltasOfAReleaseDroppedGoWithIt(@TempDir Path dir)
      throws Exception {
    Site tree = Site.source(dir);
    List<String> versions = new java.util.ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      tree.write("js/app.js", release(n));
      assertEquals(0, build(tree));
      versions.add(hashed(tree, "js/app.js"));
    }

    Map<String, byte[]> deltas = deltas(tree.out);
    // Release 4 against 3 and 2 (dcb and dcz each); release 3 keeps its own, made against 2 and 1:
    // still right for a client that holds 1 and loads a page of release 3 during the deploy.
    assertEquals(4, deltas.keySet().stream().filter(d -> d.startsWith(versions.get(3))).count(), deltas.keySet().toString());
    assertFalse(Files.exists(tree.out.resolve(versions.get(0))), "release 1 is beyond the three kept");
    assertTrue(deltas.keySet().stream().allMatch(d -> versions.subList(1, 4).stream().anyMatch(d::startsWith)),
        "every delta belongs to a file still there: " + deltas.keySet());
  }

  @Test
  void aSecondRunMakesNothingAgainAndAReleaseOfAnotherScriptAltogetherKeepsNoUselessDelta(@TempDir Path dir)
      throws Exception {
    Site tree = Site.source(dir).with("js/app.js", release(1));
    assertEquals(0, build(tree));
    tree.write("js/app.js", new String(Site.random(20_000, 7), java.nio.charset.StandardCharsets.ISO_8859_1)
        .replaceAll("[^a-z]", "x"));
    assertEquals(0, build(tree));
    Map<String, byte[]> first = deltas(tree.out);
    FileTime state = Files.getLastModifiedTime(tree.out.resolve(".vertx-assets-compress"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = BuildCommand.run(new String[] {tree.root.toString(), tree.out.toString()}, new PrintStream(out),
        new PrintStream(OutputStreamNull.INSTANCE));

    assertEquals(0, status);
    assertTrue(out.toString(UTF_8).contains(" 0 compressed"), out.toString(UTF_8));
    assertEquals(first.keySet(), deltas(tree.out).keySet());
    assertEquals(state, Files.getLastModifiedTime(tree.out.resolve(".vertx-assets-compress")));
  }

  @Test
  void compressWithThePreviousOutputOfAnotherBundlerPairsFilesByTheirNamesButTheHash(@TempDir Path dir)
      throws Exception {
    Site previous = new Site(dir.resolve("dist-previous")).with("assets/index-DO7tlORW.js", release(1))
        .with("assets/vendor-B7c2lQ0a.js", "export const vendor = 1;\n".repeat(100));
    Site current = new Site(dir.resolve("dist")).with("assets/index-BX9vQk2L.js", release(2))
        .with("assets/vendor-B7c2lQ0a.js", "export const vendor = 1;\n".repeat(100)).with("index.html", "<!doctype html>");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status = CompressCommand.commandLine(new PrintStream(out), new PrintStream(OutputStreamNull.INSTANCE))
        .execute("--previous", previous.root.toString(), current.root.toString());

    assertEquals(0, status);
    Map<String, byte[]> deltas = deltas(current.root);
    byte[] old = previous.read("assets/index-DO7tlORW.js");
    String prefix = ContentHash.sha256Hex(old).substring(0, 16);
    assertEquals(List.of("assets/index-BX9vQk2L.js." + prefix + ".dcb", "assets/index-BX9vQk2L.js." + prefix + ".dcz"),
        List.copyOf(deltas.keySet()), "not vendor: the same name is the same file");
    assertArrayEquals(current.read("assets/index-BX9vQk2L.js"),
        DeltaDecoders.unDcz(deltas.get("assets/index-BX9vQk2L.js." + prefix + ".dcz"), old));
    assertTrue(out.toString(UTF_8).contains("\ndcz "), out.toString(UTF_8));
  }

  @Test
  void compressRefusesAPreviousThatIsNoDirectoryNamingTheOption(@TempDir Path dir) {
    Site current = new Site(dir.resolve("dist")).with("a.js", "x");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = CompressCommand.commandLine(new PrintStream(OutputStreamNull.INSTANCE), new PrintStream(err))
        .execute("--previous", dir.resolve("nope").toString(), current.root.toString());

    assertEquals(2, status);
    assertTrue(err.toString(UTF_8).startsWith("vertx-assets compress: --previous '"), err.toString(UTF_8));
  }

  @Test
  void theServerSendsTheBuiltDeltaToABrowserHoldingTheReleaseBefore(Vertx vertx, @TempDir Path dir) throws Exception {
    Site tree = Site.source(dir).with("js/app.js", release(1));
    assertEquals(0, build(tree));
    byte[] old = Files.readAllBytes(tree.out.resolve(hashed(tree, "js/app.js")));
    tree.write("js/app.js", release(2));
    assertEquals(0, build(tree));
    String v2 = hashed(tree, "js/app.js");
    TestServer server = TestServer.mount(vertx, new AssetsOptions().addRoot(tree.out.toString())).await();

    HttpResponse<Buffer> r = server.get("/" + v2).putHeader("Accept-Encoding", "gzip, br, zstd, dcb, dcz")
        .putHeader("Available-Dictionary", Site.availableDictionary(old)).send().await();

    assertEquals(200, r.statusCode());
    String coding = r.getHeader("Content-Encoding");
    byte[] body = r.bodyAsBuffer().getBytes();
    byte[] decoded = coding.equals("dcb") ? DeltaDecoders.unDcb(body, old) : DeltaDecoders.unDcz(body, old);
    assertArrayEquals(Files.readAllBytes(tree.out.resolve(v2)), decoded, coding);
    assertEquals("match=\"app.*.js\"", r.getHeader("Use-As-Dictionary"));
  }

  /** A stream that drops what it is given. */
  private static final class OutputStreamNull {
    static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
  }
}
