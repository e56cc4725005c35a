package org.vertxassets;

import org.vertxassets.impl.http.ByteRanges;
import org.vertxassets.impl.http.MultipartByteRanges;
import org.vertxassets.impl.http.Preconditions;

/**
 * What a {@code GET} with {@code Range} is answered with (SPEC §6), decided from the index alone:
 * one range, several as {@code multipart/byteranges}, or a 416 when none is satisfiable. Ranges
 * are cut from the identity variant, so that every client sees the same offsets.
 *
 * @param outcome the parsed header: SINGLE, MULTIPLE or UNSATISFIABLE
 * @param parts the framing of a MULTIPLE answer; null for the others
 */
record RangeAnswer(ByteRanges.Outcome outcome, MultipartByteRanges parts) {

  /**
   * Returns the answer to {@code range} and {@code ifRange} (either may be null) for {@code asset},
   * or null when the answer is a full 200: no {@code Range}, an {@code If-Range} that does not
   * match (RFC 9110 §13.1.5), an invalid {@code Range}, more than 16 ranges, or several whose
   * multipart body would be longer than the file (§14.2 allows a 200 for those).
   */
  static RangeAnswer of(String range, String ifRange, Asset asset) {
    Variant identity = asset.identity();
    if (range == null || !Preconditions.ifRangeMatches(ifRange, identity.etag(), asset.lastModified())) {
      return null;
    }
    ByteRanges.Outcome outcome = ByteRanges.parse(range, identity.length());
    if (outcome.kind() == ByteRanges.Kind.IGNORE) {
      return null;
    }
    if (outcome.kind() != ByteRanges.Kind.MULTIPLE) {
      return new RangeAnswer(outcome, null);
    }
    // RFC 9110 §14.6: each part has the Content-Type a 200 would have.
    MultipartByteRanges parts = MultipartByteRanges.of(outcome.ranges(), identity.length(),
        identity.headers().get("Content-Type"), MultipartByteRanges.boundary(identity.etag()));
    return parts == null ? null : new RangeAnswer(outcome, parts);
  }

  /** Returns whether no range overlaps the representation: a 416. */
  boolean unsatisfiable() {
    return outcome.kind() == ByteRanges.Kind.UNSATISFIABLE;
  }
}
