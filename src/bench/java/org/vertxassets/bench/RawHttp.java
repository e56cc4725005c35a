package org.vertxassets.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP/1.1 client of the soak's own programs, over a plain socket: one request per
 * connection, so that it leaves no idle connection in the server to blur the count of its file
 * descriptors. Blocking; for the programs' own threads.
 */
final class RawHttp {

  /** One answer: its status, its header fields (names in lower case) and its body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
  }

  private RawHttp() {
  }

  /** Returns the whole answer to {@code METHOD path} with {@code Connection: close}, read until the server closes. */
  static Answer exchange(String host, int port, String method, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request(method, path, host, true));
      InputStream in = socket.getInputStream();
      Answer head = readHead(in);
      if (head == null) {
        throw new IOException("the server closed the connection before the head of the answer");
      }
      byte[] body = method.equals("HEAD") ? new byte[0] : in.readAllBytes();
      return new Answer(head.status(), head.headers(), body);
    }
  }

  /** Returns the bytes of a request without a body. */
  static byte[] request(String method, String path, String host, boolean close) {
    return (method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (close ? "Connection: close\r\n" : "")
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads an answer's status line and header fields, up to the blank line, byte by byte (the
   * body stays in the stream); returns null when the stream ends first.
   */
  static Answer readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      last4 = (last4 << 8) | b;
      if (head.size() > 65_536) {
        throw new IOException("an answer's head longer than 64 KiB");
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + lines[0]);
    }
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new Answer(Integer.parseInt(status[1]), headers, null);
  }
}
