package org.vertxassets;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.AcceptEncoding;

/**
 * A servable path and its variants.
 *
 * @param path the request path, relative to the mount point ({@code /css/app.css})
 * @param lastModified the original file's modification time, in epoch seconds
 * @param variants the stored forms, smallest first; the identity variant is among them
 * @param identity the original file
 * @param earlyHints the {@code Link} header of a {@code 103 Early Hints} for this page, or null
 * @param deltas the dictionary-compressed variants (RFC 9842), by the key of their dictionary
 *     ({@link org.vertxassets.impl.http.AvailableDictionary#key}), smallest first; empty for most
 */
record Asset(
    String path,
    long lastModified,
    List<Variant> variants,
    Variant identity,
    MultiMap earlyHints,
    Map<String, List<Variant>> deltas) implements IndexEntry {

  Asset {
    Objects.requireNonNull(path, "path");
    variants = List.copyOf(variants);
    deltas = Map.copyOf(deltas);
    Objects.requireNonNull(identity, "identity");
    if (!variants.contains(identity) || identity.encoding() != Encoding.IDENTITY) {
      throw new IllegalArgumentException("the identity variant must be one of the variants");
    }
    for (int i = 1; i < variants.size(); i++) {
      if (variants.get(i - 1).length() > variants.get(i).length()) {
        throw new IllegalArgumentException("variants must be sorted smallest first");
      }
    }
  }

  /** Returns whether there is more than one variant, so that responses vary on Accept-Encoding. */
  boolean negotiated() {
    return variants.size() > 1 || !deltas.isEmpty();
  }

  /**
   * Returns the delta to send to a client that holds the dictionary {@code dictionary} (a key,
   * or null) and accepts its encoding, the smallest of those it accepts; else, or when it holds
   * none the index knows, the variant {@link #select(AcceptEncoding)} picks.
   */
  Variant select(AcceptEncoding accept, String dictionary) {
    List<Variant> candidates = dictionary == null ? null : deltas.get(dictionary);
    if (candidates != null) {
      for (Variant v : candidates) {
        if (accept.quality(v.encoding()) > 0) {
          return v;
        }
      }
    }
    return select(accept);
  }

  /**
   * Returns the variant to send for a parsed {@code Accept-Encoding}: the acceptable one with the
   * highest quality, the smallest among equals, and the identity when none is acceptable
   * (RFC 9110 §12.5.3 allows that).
   */
  Variant select(AcceptEncoding accept) {
    Variant best = identity;
    int bestQuality = 0;
    for (Variant v : variants) {
      int q = accept.quality(v.encoding());
      // Strictly greater: variants are sorted by size, so the first of equals is the smallest.
      if (q > bestQuality) {
        best = v;
        bestQuality = q;
      }
    }
    return best;
  }
}
