package org.vertxassets;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import org.vertxassets.impl.codec.Encoding;

/**
 * One stored form of an asset: the original file or a precompressed sibling.
 *
 * @param encoding the content coding of the stored bytes
 * @param file the absolute path of the file holding them
 * @param length the file's length when the index was built
 * @param etag the strong, quoted entity tag, derived from the bytes
 * @param headers the headers of a 200 with this variant (all but Date and Content-Length)
 * @param notModifiedHeaders the headers of a 304 for this variant (all but Date)
 * @param body the bytes, held in memory when the variant is small enough and the budget allows, or null
 * @param openFile the variant's place in its index's open-file cache, for zero-copy sends; null for
 *     a small variant held in memory
 */
record Variant(
    Encoding encoding,
    String file,
    long length,
    String etag,
    HeaderBlock headers,
    HeaderBlock notModifiedHeaders,
    Buffer body,
    OpenFiles.Slot openFile) {

  Variant {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(notModifiedHeaders, "notModifiedHeaders");
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    if (body == null && openFile == null) {
      throw new IllegalArgumentException("a variant is in memory, in the open-file cache, or both");
    }
    if (body != null && body.length() != length) {
      throw new IllegalArgumentException("body of " + body.length() + " bytes for a length of " + length);
    }
  }
}
