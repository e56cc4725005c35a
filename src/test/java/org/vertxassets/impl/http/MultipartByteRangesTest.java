package org.vertxassets.impl.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.http.ByteRanges.ByteRange;

class MultipartByteRangesTest {

  private static final List<ByteRange> TWO = List.of(new ByteRange(0, 9), new ByteRange(20, 29));

  /** Returns the body the framing describes, with each part's bytes as X. */
  private static String body(MultipartByteRanges m) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < m.ranges().size(); i++) {
      b.append(m.head(i).toString(ISO_8859_1)).append("X".repeat((int) m.ranges().get(i).length()));
    }
    return b.append(m.end().toString(ISO_8859_1)).toString();
  }

  @Test
  void framesEachPartWithItsTypeAndRangeAndClosesTheBody() {
    MultipartByteRanges m = MultipartByteRanges.of(TWO, 1000, "text/plain", "B");

    assertEquals("--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-9/1000\r\n\r\n"
        + "XXXXXXXXXX"
        + "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 20-29/1000\r\n\r\n"
        + "XXXXXXXXXX"
        + "\r\n--B--\r\n", body(m));
    assertEquals("multipart/byteranges; boundary=B", m.contentType());
  }

  @Test
  void contentLengthIsTheLengthOfTheWholeBody() {
    MultipartByteRanges m = MultipartByteRanges.of(TWO, 1000, "image/png", MultipartByteRanges.boundary("\"ab12\""));

    assertEquals(body(m).length(), m.contentLength());
  }

  @Test
  void partsHaveNoContentTypeWhenTheRepresentationHasNone() {
    MultipartByteRanges m = MultipartByteRanges.of(TWO, 1000, null, "B");

    assertEquals("--B\r\nContent-Range: bytes 0-9/1000\r\n\r\n", m.head(0).toString(ISO_8859_1));
  }

  @Test
  void partsKeepTheOrderTheyAreGiven() {
    MultipartByteRanges m = MultipartByteRanges.of(List.of(TWO.get(1), TWO.get(0)), 1000, null, "B");

    assertTrue(m.head(0).toString(ISO_8859_1).contains("bytes 20-29/1000"));
    assertTrue(m.head(1).toString(ISO_8859_1).contains("bytes 0-9/1000"));
  }

  @Test
  void bodyLongerThanTheRepresentationIsRefused() {
    // Two one-byte parts of a 100-byte file would take about 150 bytes of framing.
    assertNull(MultipartByteRanges.of(List.of(new ByteRange(0, 0), new ByteRange(50, 50)), 100, "text/plain", "B"));
  }

  @Test
  void bodyOfExactlyTheRepresentationsLengthIsAccepted() {
    List<ByteRange> ranges = List.of(new ByteRange(0, 499), new ByteRange(600, 1099));
    long exact = MultipartByteRanges.of(ranges, 2000, "text/plain", "B").contentLength();

    // About 1150 bytes: a length of as many digits gives the same framing.
    assertNotNull(MultipartByteRanges.of(ranges, exact, "text/plain", "B"));
    assertNull(MultipartByteRanges.of(ranges, exact - 1, "text/plain", "B"));
  }

  @Test
  void hugeRepresentationDoesNotOverflow() {
    List<ByteRange> ranges = List.of(new ByteRange(0, Long.MAX_VALUE - 3), new ByteRange(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1));

    assertNull(MultipartByteRanges.of(ranges, Long.MAX_VALUE, "text/plain", "B"));
  }

  @Test
  void fewerThanTwoRangesAreNotMultipart() {
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteRanges.of(List.of(new ByteRange(0, 1)), 10, null, "B"));
  }

  @Test
  void rangePastTheRepresentationIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteRanges.of(List.of(new ByteRange(0, 1), new ByteRange(5, 10)), 10, null, "B"));
  }

  @Test
  void boundaryIsTheContentHashOfTheEntityTag() {
    String etag = ContentHash.etag(ContentHash.sha256Hex(new byte[] {1, 2, 3}));

    String boundary = MultipartByteRanges.boundary(etag);

    assertEquals("vertx-assets-" + etag.substring(1, etag.length() - 1), boundary);
    // RFC 2046 §5.1.1: 1 to 70 bchars, and none of them needs quoting in a parameter.
    assertTrue(boundary.length() <= 70 && boundary.matches("[0-9A-Za-z-]+"), boundary);
  }

  @Test
  void boundaryStaysWithinSeventyCharactersWhateverTheEntityTag() {
    String boundary = MultipartByteRanges.boundary("\"" + "f".repeat(200) + "\"");

    assertEquals(70, boundary.length());
  }
}
