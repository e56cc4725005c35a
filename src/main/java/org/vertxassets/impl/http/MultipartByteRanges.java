package org.vertxassets.impl.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;
import org.vertxassets.impl.http.ByteRanges.ByteRange;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 §14.6, RFC 2046 §5.1.1), worked
 * out before a byte is sent, so that the {@code Content-Length} is exact. For ranges 0-9 and
 * 20-29 of a 100-byte text file, with boundary B:
 *
 * <pre>
 * --B CRLF
 * Content-Type: text/plain CRLF
 * Content-Range: bytes 0-9/100 CRLF
 * CRLF
 * (bytes 0 to 9) CRLF
 * --B CRLF
 * Content-Type: text/plain CRLF
 * Content-Range: bytes 20-29/100 CRLF
 * CRLF
 * (bytes 20 to 29) CRLF
 * --B-- CRLF
 * </pre>
 *
 * The CRLF after a part's bytes belongs to the delimiter that follows (RFC 2046 §5.1.1), so it is
 * written as the start of the next head; the first delimiter needs none before it. The last CRLF
 * ends the close delimiter's line, with an empty epilogue, as nginx and Apache httpd end it.
 * Made for one answer; its buffers are written, never changed.
 */
public final class MultipartByteRanges {

  private static final String CRLF = "\r\n";
  /** Room for the boundary's hex digits within RFC 2046's 70 characters, and a name to find it by. */
  private static final String BOUNDARY_PREFIX = "vertx-assets-";

  private final String contentType;
  private final List<ByteRange> ranges;
  private final List<Buffer> heads;
  private final Buffer end;
  private final long contentLength;

  private MultipartByteRanges(String contentType, List<ByteRange> ranges, List<Buffer> heads, Buffer end,
      long contentLength) {
    this.contentType = contentType;
    this.ranges = ranges;
    this.heads = heads;
    this.end = end;
    this.contentLength = contentLength;
  }

  /**
   * Returns the boundary of the parts of a representation whose strong entity tag is {@code etag}:
   * its letters and digits (the content hash) after {@code vertx-assets-}. A delimiter must not
   * occur in any part (RFC 2046 §5.1.1); parts are cut from the bytes the hash was computed from,
   * and for them to hold {@code --} and the boundary they would have to contain their own hash.
   * Derived, not random, so that the same request gets the same bytes from every instance, as the
   * entity tag is the same on every instance.
   */
  public static String boundary(String etag) {
    StringBuilder b = new StringBuilder(BOUNDARY_PREFIX);
    for (int i = 0; i < etag.length() && b.length() < 70; i++) {
      char c = etag.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Returns the framing of {@code ranges} (two or more, apart, in the order they go out) of a
   * representation of {@code length} bytes whose {@code Content-Type} is {@code partType} (null:
   * the parts get none, as a 200 would get none), or null when the whole body would be longer than
   * the representation: a full 200 then sends less, and a request can never make the server send
   * more than the file (SPEC §6).
   */
  public static MultipartByteRanges of(List<ByteRange> ranges, long length, String partType, String boundary) {
    if (Objects.requireNonNull(ranges, "ranges").size() < 2) {
      throw new IllegalArgumentException("a multipart answer has two parts or more, got " + ranges.size());
    }
    Objects.requireNonNull(boundary, "boundary");
    Buffer[] heads = new Buffer[ranges.size()];
    long framing = 0;
    long bytes = 0;
    for (int i = 0; i < heads.length; i++) {
      ByteRange r = ranges.get(i);
      if (r.last() >= length) {
        throw new IllegalArgumentException("range " + r.first() + "-" + r.last() + " of " + length + " bytes");
      }
      heads[i] = Buffer.buffer((i == 0 ? "" : CRLF) + "--" + boundary + CRLF
          + (partType == null ? "" : "Content-Type: " + partType + CRLF)
          + "Content-Range: bytes " + r.first() + "-" + r.last() + "/" + length + CRLF + CRLF, ISO_8859_1.name());
      framing += heads[i].length();
      bytes += r.length();
    }
    Buffer end = Buffer.buffer(CRLF + "--" + boundary + "--" + CRLF, ISO_8859_1.name());
    framing += end.length();
    // Ranges that are apart add up to at most length: the comparison cannot overflow.
    if (bytes > length - framing) {
      return null;
    }
    return new MultipartByteRanges("multipart/byteranges; boundary=" + boundary, List.copyOf(ranges),
        List.of(heads), end, bytes + framing);
  }

  /** Returns the value of the answer's {@code Content-Type}: {@code multipart/byteranges; boundary=…}. */
  public String contentType() {
    return contentType;
  }

  /** Returns the ranges, one per part, in the order they go out. */
  public List<ByteRange> ranges() {
    return ranges;
  }

  /**
   * Returns the bytes that go before part {@code i}'s bytes: the delimiter (with the CRLF that
   * ends the part before), its {@code Content-Type}, {@code Content-Range} and the empty line; to
   * be written, not changed.
   */
  public Buffer head(int i) {
    return heads.get(i);
  }

  /** Returns the bytes after the last part: CRLF, the close delimiter and CRLF; to be written, not changed. */
  public Buffer end() {
    return end;
  }

  /** Returns the length of the whole body, the answer's {@code Content-Length}. */
  public long contentLength() {
    return contentLength;
  }
}
