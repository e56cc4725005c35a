package org.vertxassets;

import java.util.concurrent.atomic.LongAdder;
import org.vertxassets.impl.codec.Encoding;

/**
 * What a handler has answered since its metrics were bound: plain {@link LongAdder}s, one per
 * label value, chosen by array index on the request path, and read by {@link AssetsMeters} only
 * when a registry is scraped. Every label has a few fixed values, so that no request can add a
 * time series.
 */
final class Counters {

  /** The status classes counted, {@code 1xx} to {@code 5xx}. */
  static final int CLASSES = 5;

  /** Where a body came from. */
  enum Source {
    /** The bytes the index holds. */
    MEMORY("memory"),
    /** A file the index keeps open between requests. */
    KEPT_OPEN("kept_open_file"),
    /** A file opened for the one response. */
    OPENED("opened_file");

    final String label;

    Source(String label) {
      this.label = label;
    }
  }

  private static final Encoding[] ENCODINGS = Encoding.values();

  private final LongAdder[][] responses = adders(CLASSES, ENCODINGS.length);
  private final LongAdder[] sentBytes = adders(1, ENCODINGS.length)[0];
  private final LongAdder[] bodies = adders(1, Source.values().length)[0];
  private final LongAdder savedBytes = new LongAdder();
  private final LongAdder notModified = new LongAdder();
  private final LongAdder partial = new LongAdder();
  private final LongAdder multipart = new LongAdder();
  private final LongAdder reloads = new LongAdder();

  private static LongAdder[][] adders(int rows, int columns) {
    LongAdder[][] all = new LongAdder[rows][columns];
    for (LongAdder[] row : all) {
      for (int i = 0; i < columns; i++) {
        row[i] = new LongAdder();
      }
    }
    return all;
  }

  /** Counts an answer with {@code status} and the content coding of its body (identity for none). */
  void answered(int status, Encoding encoding) {
    int statusClass = Math.min(Math.max(status / 100, 1), CLASSES) - 1;
    responses[statusClass][encoding.ordinal()].increment();
    if (status == 304) {
      notModified.increment();
    } else if (status == 206) {
      partial.increment();
    }
  }

  /** Counts a {@code 206} of several parts, beside its count as a 206. */
  void multipart() {
    multipart.increment();
  }

  /** Counts a body sent from {@code source}. */
  void body(Source source) {
    bodies[source.ordinal()].increment();
  }

  /**
   * Counts the body bytes a client was sent of a variant, and when the whole of a compressed
   * variant went out, the bytes its identity would have taken more.
   */
  void sent(Encoding encoding, long bytes, long savedWhole) {
    sentBytes[encoding.ordinal()].add(bytes);
    if (savedWhole > 0) {
      savedBytes.add(savedWhole);
    }
  }

  /** Counts a new index swapped in. */
  void reloaded() {
    reloads.increment();
  }

  long responses(int statusClass, Encoding encoding) {
    return responses[statusClass - 1][encoding.ordinal()].sum();
  }

  long sentBytes(Encoding encoding) {
    return sentBytes[encoding.ordinal()].sum();
  }

  long bodies(Source source) {
    return bodies[source.ordinal()].sum();
  }

  long savedBytes() {
    return savedBytes.sum();
  }

  long notModified() {
    return notModified.sum();
  }

  long partial() {
    return partial.sum();
  }

  long multipartCount() {
    return multipart.sum();
  }

  long reloads() {
    return reloads.sum();
  }

}
