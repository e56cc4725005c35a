package org.vertxassets.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code attack-corpus.txt} (test resources): one hostile request per line and the class of
 * answer it must get. The format is described at the top of that file; {@link AttackCorpusTest}
 * sends every case to the servers.
 */
public final class AttackCorpus {

  public static final String RESOURCE = "/attack-corpus.txt";

  private static final Pattern STATUS = Pattern.compile("[1-5][0-9][0-9]|4xx");
  private static final Pattern REPEAT = Pattern.compile("(\\d+)\\*");
  private static final Pattern BYTE = Pattern.compile("x([0-9a-fA-F]{2})");

  private AttackCorpus() {
  }

  /**
   * What a case must be answered.
   *
   * @param status the status code, or 0 for any 4xx
   * @param argument the file whose bytes make the body of a 200, or the {@code Location} of a 302;
   *     null for the other statuses
   */
  public record Expect(int status, String argument) {

    public static Expect parse(String text, int line) {
      int colon = text.indexOf(':');
      String code = colon < 0 ? text : text.substring(0, colon);
      if (!STATUS.matcher(code).matches()) {
        throw new IllegalArgumentException("line " + line + ": '" + text + "' is not an expected class of answer");
      }
      int status = code.equals("4xx") ? 0 : Integer.parseInt(code);
      String argument = colon < 0 ? null : new String(expand(text.substring(colon + 1), line), StandardCharsets.UTF_8);
      if ((status == 200 || status == 302) != (argument != null)) {
        throw new IllegalArgumentException("line " + line + ": 200 needs :FILE and 302 :LOCATION, no other class takes one");
      }
      return new Expect(status, argument);
    }

    @Override
    public String toString() {
      return (status == 0 ? "4xx" : String.valueOf(status)) + (argument == null ? "" : ":" + argument);
    }
  }

  /**
   * One line of the corpus.
   *
   * @param line its number in the file, for messages
   * @param source the line as written
   * @param expect the answer of the bundled server
   * @param underPrefix the answer of the handler mounted under a prefix, when it differs
   * @param method the method sent
   * @param target the request target, as bytes
   * @param version the protocol version, or "" for none
   * @param host whether {@code Host: localhost} is sent
   * @param headers the other header lines, as bytes
   */
  public record Case(int line, String source, Expect expect, Expect underPrefix, String method, byte[] target,
      String version, boolean host, List<byte[]> headers) {

    /**
     * Returns whether the line sends a protocol version other than HTTP/1.0 and HTTP/1.1, which
     * Vert.x refuses with a 501 before any handler runs.
     */
    public boolean foreignVersion() {
      return !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0");
    }

    /** Returns whether the method is HEAD, whose answer has a Content-Length but no body. */
    public boolean head() {
      return method.equals("HEAD");
    }

    /**
     * Returns the request line and headers, without the final blank line, one char per byte, for
     * {@link RawClient}; {@code prefix} (such as {@code /static}) is put before the path.
     */
    public String requestHead(String prefix) {
      StringBuilder sb = new StringBuilder().append(method).append(' ').append(withPrefix(prefix));
      if (!version.isEmpty()) {
        sb.append(' ').append(version);
      }
      if (host) {
        sb.append("\r\nHost: localhost");
      }
      for (byte[] h : headers) {
        sb.append("\r\n").append(new String(h, StandardCharsets.ISO_8859_1));
      }
      return sb.toString();
    }

    /**
     * Returns the target with {@code prefix} before its path: at the start of an origin-form
     * target, after the authority of an absolute-form one; other forms ({@code *}, a path without
     * its slash) are left as they are.
     */
    private String withPrefix(String prefix) {
      String t = new String(target, StandardCharsets.ISO_8859_1);
      if (t.startsWith("/")) {
        return prefix + t;
      }
      int scheme = t.indexOf("://");
      if (scheme < 0) {
        return t;
      }
      int path = scheme + 3;
      while (path < t.length() && "/?#".indexOf(t.charAt(path)) < 0) {
        path++;
      }
      return t.substring(0, path) + prefix + t.substring(path);
    }

    @Override
    public String toString() {
      return "line " + line + ": " + source;
    }
  }

  /** Returns every case of the corpus, in file order. */
  public static List<Case> load() {
    try (InputStream in = AttackCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test class path");
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      List<Case> cases = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          cases.add(parse(line, i + 1));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the case a line describes: {@code EXPECT [static=EXPECT] [METHOD] TARGET [VERSION] [| header]...}. */
  public static Case parse(String line, int number) {
    String[] sections = line.split(" \\| ", -1);
    List<String> tokens = new ArrayList<>(List.of(sections[0].trim().split("\\s+")));
    Expect expect = Expect.parse(tokens.remove(0), number);
    Expect underPrefix = expect;
    if (!tokens.isEmpty() && tokens.get(0).startsWith("static=")) {
      underPrefix = Expect.parse(tokens.remove(0).substring("static=".length()), number);
    }
    String method = "GET";
    String version = "HTTP/1.1";
    String target;
    if (tokens.size() == 1) {
      target = tokens.get(0);
    } else if (tokens.size() == 2 && tokens.get(1).startsWith("HTTP/")) {
      target = tokens.get(0);
      version = tokens.get(1);
    } else if (tokens.size() == 2) {
      method = tokens.get(0);
      target = tokens.get(1);
    } else if (tokens.size() == 3) {
      method = tokens.get(0);
      target = tokens.get(1);
      version = tokens.get(2).equals("-") ? "" : tokens.get(2);
    } else {
      throw new IllegalArgumentException("line " + number + ": expected EXPECT [METHOD] TARGET [VERSION], got " + tokens);
    }
    boolean host = true;
    List<byte[]> headers = new ArrayList<>();
    for (int k = 1; k < sections.length; k++) {
      String header = sections[k].trim();
      if (header.equals("!Host")) {
        host = false;
      } else {
        headers.add(expand(header, number));
      }
    }
    return new Case(number, line, expect, underPrefix, method, expand(target, number), version, host, headers);
  }

  /**
   * Returns the bytes {@code text} stands for: its characters in UTF-8, with the macros
   * {@code {sp}}, {@code {tab}}, {@code {nul}}, {@code {crlf}}, {@code {xHH}} (one byte) and
   * {@code {N*text}} (text, macros included, N times) replaced.
   */
  public static byte[] expand(String text, int line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    expandInto(text, line, out);
    return out.toByteArray();
  }

  private static void expandInto(String text, int line, ByteArrayOutputStream out) {
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      if (open < 0) {
        out.writeBytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
        return;
      }
      out.writeBytes(text.substring(i, open).getBytes(StandardCharsets.UTF_8));
      int close = matchingBrace(text, open, line);
      macro(text.substring(open + 1, close), line, out);
      i = close + 1;
    }
  }

  private static int matchingBrace(String text, int open, int line) {
    int depth = 0;
    for (int k = open; k < text.length(); k++) {
      if (text.charAt(k) == '{') {
        depth++;
      } else if (text.charAt(k) == '}' && --depth == 0) {
        return k;
      }
    }
    throw new IllegalArgumentException("line " + line + ": unclosed '{' in " + text);
  }

  private static void macro(String body, int line, ByteArrayOutputStream out) {
    switch (body) {
      case "sp" -> out.write(' ');
      case "tab" -> out.write('\t');
      case "nul" -> out.write(0);
      case "crlf" -> out.writeBytes(new byte[] {'\r', '\n'});
      default -> {
        Matcher b = BYTE.matcher(body);
        Matcher r = REPEAT.matcher(body);
        if (b.matches()) {
          out.write(Integer.parseInt(b.group(1), 16));
        } else if (r.lookingAt()) {
          ByteArrayOutputStream once = new ByteArrayOutputStream();
          expandInto(body.substring(r.end()), line, once);
          byte[] bytes = once.toByteArray();
          for (int n = Integer.parseInt(r.group(1)); n > 0; n--) {
            out.writeBytes(bytes);
          }
        } else {
          throw new IllegalArgumentException("line " + line + ": unknown macro {" + body + "}");
        }
      }
    }
  }
}
