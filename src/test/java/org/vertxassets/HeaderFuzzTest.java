package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vertxassets.testing.HeaderFuzz.Request;
import org.vertxassets.testing.HeaderFuzz.Target;
import org.vertxassets.testing.HeaderFuzz;
import org.vertxassets.testing.HttpReference.Outcome;
import org.vertxassets.testing.HttpReference;
import org.vertxassets.testing.LogCapture;
import org.vertxassets.testing.Multipart;
import org.vertxassets.testing.RawClient;
import org.vertxassets.testing.RawResponse;
import org.vertxassets.testing.Site;
import org.vertxassets.testing.TestServer;

/**
 * Thousands of requests with random and mutated negotiation, range and conditional headers
 * ({@link HeaderFuzz}, fixed seed) against the bundled server. Each answer must be one SPEC.md
 * allows for the headers sent: no 5xx, nothing logged at WARNING or above, a status in the set
 * those headers allow, a body of exactly Content-Length bytes that are the bytes of the stored
 * variant the headers name (or of the identity file at the offsets of Content-Range, in each part
 * of a multipart/byteranges answer read by its delimiters), no body on
 * a 304 or 412; and, where {@link HttpReference} can tell from a plain value, the very answer
 * RFC 9110 §13.2.2 and §14 give.
 */
@ExtendWith(VertxExtension.class)
class HeaderFuzzTest {

  private static final long SEED = 0x5eed_f00dL;
  private static final int CASES = 3000;
  private static final int LANES = 8;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  /** Coding token to file suffix. */
  private static final Map<String, String> SUFFIXES = Map.of("identity", "", "br", ".br", "gzip", ".gz", "zstd", ".zst");

  @Test
  void everyAnswerToFuzzedHeadersIsOneTheSpecAllows(Vertx vertx, @TempDir Path dir) {
    Site site = fixture(dir);
    TestServer d = TestServer.deploy(vertx, site.config()).await();
    List<Target> targets = new ArrayList<>();
    for (String file : List.of("big.txt", "small.css", "plain.bin", "empty.txt")) {
      targets.add(new Target("/" + file, site.read(file).length, etags(d, site, file)));
    }
    HeaderFuzz fuzz = new HeaderFuzz(SEED, targets);
    List<Request> requests = new ArrayList<>();
    for (int k = 0; k < CASES; k++) {
      requests.add(fuzz.next());
    }

    String[] answers;
    try (LogCapture log = LogCapture.start("")) {
      answers = send(vertx, d.port, requests);
      assertEquals(List.of(), log.warnings(), "logged for clients' headers");
    }
    List<String> problems = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < requests.size(); i++) {
      String problem = check(site, requests.get(i), answers[i]);
      statuses.merge(Integer.parseInt(answers[i].substring(9, 12)), 1, Integer::sum);
      if (problem != null) {
        problems.add("case " + i + ": " + problem + "\n  request: " + requests.get(i) + "\n  answer: "
            + answers[i].split("\r\n\r\n", 2)[0].replace("\r\n", " | "));
      }
    }
    // A generator that stopped reaching an answer would leave its rules untested.
    for (int status : List.of(200, 206, 304, 400, 412, 416)) {
      assertTrue(statuses.getOrDefault(status, 0) >= 20, "too few " + status + "s: " + statuses);
    }
    assertEquals("", String.join("\n", problems.subList(0, Math.min(20, problems.size()))),
        problems.size() + " of " + CASES + " answers are not what the spec allows (seed " + SEED + ")");
  }

  /**
   * Returns the answers to {@code requests}, sent over a few kept-alive connections, each
   * sending its share one request after another.
   */
  private static String[] send(Vertx vertx, int port, List<Request> requests) {
    String[] answers = new String[requests.size()];
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      RawClient connection = RawClient.keptAlive(vertx, port);
      Future<Void> chain = Future.succeededFuture();
      for (int k = lane; k < requests.size(); k += LANES) {
        int i = k;
        chain = chain.compose(v -> connection.send(requests.get(i).head()).map(text -> {
          answers[i] = text;
          return null;
        }));
      }
      lanes.add(chain.eventually(() -> {
        connection.close();
        return Future.succeededFuture();
      }));
    }
    Future.all(lanes).await();
    return answers;
  }

  /** Returns what is wrong with {@code text} as the answer to {@code request}, or null. */
  private static String check(Site site, Request request, String text) {
    boolean head = request.method().equals("HEAD");
    RawResponse res;
    try {
      res = head ? RawResponse.parseHead(text) : RawResponse.parse(text);
    } catch (AssertionError e) {
      return e.getMessage();
    }
    Target target = request.target();
    String file = target.path().substring(1);
    boolean range = !head && request.value("Range") != null && target.length() > 0;
    Set<Integer> allowed = new HashSet<>(Set.of(200));
    if (range) {
      allowed.addAll(Set.of(206, 416));
    }
    if (request.value("If-Match") != null || request.value("If-Unmodified-Since") != null) {
      allowed.add(412);
    }
    if (request.value("If-None-Match") != null || request.value("If-Modified-Since") != null) {
      allowed.add(304);
    }
    if (request.bent()) {
      allowed.add(400);
    }
    if (!allowed.contains(res.status())) {
      return "status " + res.status() + " is not among " + allowed;
    }
    String encoding = res.header("Content-Encoding");
    String coding = encoding == null ? "identity" : encoding;
    boolean negotiated = target.etags().size() > 1;
    if (res.status() == 400) {
      return null;
    }
    if (Set.of(200, 206, 304).contains(res.status()) && negotiated != "Accept-Encoding".equals(res.header("Vary"))) {
      return "Vary is " + res.header("Vary") + " for a file with " + target.etags().size() + " variants";
    }
    HttpReference reference = new HttpReference(request);
    switch (res.status()) {
      case 200 -> {
        if (!target.etags().containsKey(coding)) {
          return "Content-Encoding " + encoding + " names no stored variant";
        }
        if (encoding != null && !HttpReference.mentions(request.value("Accept-Encoding"), encoding)) {
          return "Content-Encoding " + encoding + " that Accept-Encoding did not ask for";
        }
        String selected = reference.coding(sizes(site, target));
        if (selected != null && !selected.equals(coding)) {
          return "the " + coding + " variant where Accept-Encoding selects " + selected;
        }
        String bytes = bytes(site, file + SUFFIXES.get(coding));
        if (!String.valueOf(bytes.length()).equals(res.header("Content-Length"))
            || !res.body().equals(head ? "" : bytes)) {
          return "the body is not the bytes of the " + coding + " variant";
        }
        if (!target.etags().get(coding).equals(res.header("ETag"))) {
          return "ETag " + res.header("ETag") + " is not that of the " + coding + " variant";
        }
        if (reference.preconditions(target.etags().get(coding)) != Outcome.PROCEED
            && reference.preconditions(target.etags().get(coding)) != Outcome.UNKNOWN) {
          return "200 where the preconditions give " + reference.preconditions(target.etags().get(coding));
        }
        String expected = reference.range(target.length());
        if (range && Boolean.TRUE.equals(reference.ifRange(target)) && expected != null && !expected.equals("ignore")
            && reference.preconditions(target.etags().get("identity")) == Outcome.PROCEED) {
          return "200 where the Range gives " + expected;
        }
      }
      case 206 -> {
        String identity = bytes(site, file);
        boolean multipart = String.valueOf(res.header("Content-Type")).startsWith("multipart/byteranges");
        String answered = "multipart";
        if (multipart) {
          String problem = multipartProblem(res, identity);
          if (problem != null) {
            return problem;
          }
        } else {
          Matcher m = CONTENT_RANGE.matcher(String.valueOf(res.header("Content-Range")));
          if (!m.matches() || Long.parseLong(m.group(3)) != identity.length()) {
            return "Content-Range " + res.header("Content-Range");
          }
          int first = Integer.parseInt(m.group(1));
          int last = Integer.parseInt(m.group(2));
          if (first > last || last >= identity.length() || !res.body().equals(identity.substring(first, last + 1))) {
            return "the body is not the bytes " + first + "-" + last + " of the file";
          }
          answered = first + "-" + last;
        }
        if (encoding != null || !target.etags().get("identity").equals(res.header("ETag"))) {
          return "a range of another variant than identity";
        }
        if (Boolean.FALSE.equals(reference.ifRange(target)) || refused(reference.preconditions(res.header("ETag")))) {
          return "206 where If-Range or the preconditions refuse the range";
        }
        String expected = reference.range(target.length());
        if (expected != null && !expected.equals(answered)) {
          return "206 of " + answered + " where the Range gives " + expected;
        }
      }
      case 416 -> {
        if (!("bytes */" + target.length()).equals(res.header("Content-Range")) || !res.body().isEmpty()) {
          return "416 with Content-Range " + res.header("Content-Range") + " and " + res.body().length() + " bytes";
        }
        String expected = reference.range(target.length());
        if (Boolean.FALSE.equals(reference.ifRange(target)) || expected != null && !expected.equals("unsatisfiable")
            || refused(reference.preconditions(target.etags().get("identity")))) {
          return "416 where If-Range, the preconditions or the Range (" + expected + ") say otherwise";
        }
      }
      case 304 -> {
        if (!res.body().isEmpty() || res.header("Content-Length") != null || encoding != null
            || !target.etags().containsValue(res.header("ETag"))) {
          return "a 304 with a body, a length, a coding or an ETag of no variant";
        }
        Outcome outcome = reference.preconditions(res.header("ETag"));
        if (outcome != Outcome.NOT_MODIFIED && outcome != Outcome.UNKNOWN) {
          return "304 where the preconditions give " + outcome;
        }
      }
      case 412 -> {
        if (!res.body().isEmpty() || !"0".equals(res.header("Content-Length"))) {
          return "a 412 with a body";
        }
        if (target.etags().values().stream().map(reference::preconditions)
            .noneMatch(o -> o == Outcome.PRECONDITION_FAILED || o == Outcome.UNKNOWN)) {
          return "412 where the preconditions pass for every variant";
        }
      }
      default -> {
        return "status " + res.status();
      }
    }
    return res.header("Date") == null ? "no Date" : null;
  }

  /**
   * Returns what is wrong with a {@code multipart/byteranges} 206 of {@code identity}, or null when
   * nothing is: no Content-Range of its own, two to sixteen parts apart from each other, each the
   * bytes of the identity its Content-Range names, and a body no longer than the file (SPEC §6).
   */
  private static String multipartProblem(RawResponse res, String identity) {
    if (res.header("Content-Range") != null || res.header("Content-Encoding") != null) {
      return "a multipart 206 with a Content-Range or Content-Encoding of its own";
    }
    List<Multipart.Part> parts;
    try {
      parts = Multipart.parse(res.header("Content-Type"), res.body().getBytes(StandardCharsets.ISO_8859_1));
    } catch (AssertionError e) {
      return "a multipart body a client cannot read: " + e.getMessage();
    }
    if (parts.size() < 2 || parts.size() > 16 || res.body().length() > identity.length()) {
      return parts.size() + " parts in " + res.body().length() + " bytes of a " + identity.length() + "-byte file";
    }
    List<long[]> seen = new ArrayList<>();
    for (Multipart.Part part : parts) {
      Matcher m = CONTENT_RANGE.matcher(String.valueOf(part.header("Content-Range")));
      if (!m.matches() || Long.parseLong(m.group(3)) != identity.length()) {
        return "a part's Content-Range " + part.header("Content-Range");
      }
      int first = Integer.parseInt(m.group(1));
      int last = Integer.parseInt(m.group(2));
      String bytes = new String(part.body(), StandardCharsets.ISO_8859_1);
      if (first > last || last >= identity.length() || !bytes.equals(identity.substring(first, last + 1))) {
        return "a part is not the bytes " + first + "-" + last + " of the file";
      }
      for (long[] other : seen) {
        if (first <= other[1] + 1 && other[0] <= last + 1) {
          return "parts " + other[0] + "-" + other[1] + " and " + first + "-" + last + " overlap or touch";
        }
      }
      seen.add(new long[] {first, last});
    }
    return null;
  }

  private static boolean refused(Outcome outcome) {
    return outcome == Outcome.PRECONDITION_FAILED || outcome == Outcome.NOT_MODIFIED;
  }

  /** Returns the size of each stored coding of a target's file, by token. */
  private static Map<String, Long> sizes(Site site, Target target) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String coding : target.etags().keySet()) {
      sizes.put(coding, (long) bytes(site, target.path().substring(1) + SUFFIXES.get(coding)).length());
    }
    return sizes;
  }

  /** Returns the ETag of each stored coding of {@code file}, by token, asking the server for each. */
  private static Map<String, String> etags(TestServer d, Site site, String file) {
    Map<String, String> etags = new LinkedHashMap<>();
    for (Map.Entry<String, String> coding : SUFFIXES.entrySet()) {
      if (site.root.resolve(file + coding.getValue()).toFile().exists()) {
        RawResponse res = RawResponse.parse(d.raw("GET /" + file + " HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: "
            + coding.getKey() + ";q=1, *;q=0.001").await());
        assertEquals(bytes(site, file + coding.getValue()), res.body(), coding.getKey() + " of " + file);
        etags.put(coding.getKey(), res.header("ETag"));
      }
    }
    return etags;
  }

  private static final Map<String, String> BYTES = new HashMap<>();

  /** Returns a fixture file's bytes as chars, one per byte, read once. */
  private static String bytes(Site site, String file) {
    return BYTES.computeIfAbsent(site.root.resolve(file).toString(),
        k -> new String(site.read(file), StandardCharsets.ISO_8859_1));
  }

  /**
   * A big file sent from disk with three variants (the br one also from disk), a small one held
   * in memory with a gzip variant, one without variants, and an empty one.
   */
  private static Site fixture(Path dir) {
    Site site = new Site(dir);
    site.write("big.txt", Site.random(100_000, 1));
    site.write("big.txt.br", Site.random(70_000, 2));
    site.write("big.txt.gz", Site.random(40_000, 3));
    site.write("big.txt.zst", Site.random(30_000, 4));
    site.write("small.css", Site.random(2_000, 5));
    site.write("small.css.gz", Site.random(500, 6));
    site.write("plain.bin", Site.random(300, 7));
    site.write("empty.txt", new byte[0]);
    return site;
  }
}
