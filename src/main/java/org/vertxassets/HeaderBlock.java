package org.vertxassets;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vertxassets.impl.http.DateHeader;

/**
 * Response headers rendered once, when the index is built, as pre-encoded names and values that
 * a response copies without any string work.
 */
final class HeaderBlock {

  /** Names at even places, each followed by its value. */
  private final CharSequence[] entries;
  /** This block and a Date, as a read-only map that responses share for that second. */
  private volatile Dated dated;

  private record Dated(long second, MultiMap headers) {
  }

  private HeaderBlock(CharSequence[] entries) {
    this.entries = entries;
  }

  /**
   * Returns a block holding the entries of {@code headers}, in their order. Names and values are
   * taken from {@code interned} (and added to it), so that the thousands of blocks of an index
   * share one copy of each text: {@code text/css; charset=utf-8}, a date, a length.
   */
  static HeaderBlock of(MultiMap headers, Map<String, CharSequence> interned) {
    List<CharSequence> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : headers) {
      entries.add(interned.computeIfAbsent(e.getKey(), HttpHeaders::createOptimized));
      entries.add(interned.computeIfAbsent(e.getValue(), HttpHeaders::createOptimized));
    }
    return new HeaderBlock(entries.toArray(new CharSequence[0]));
  }

  /** Returns the value of the first header named {@code name} (in any case), or null. */
  String get(String name) {
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i].toString().equalsIgnoreCase(name)) {
        return entries[i + 1].toString();
      }
    }
    return null;
  }

  /**
   * Puts this block and {@code date} on a response. When the response has no header yet (the
   * usual case) it takes a read-only map made once a second, which Vert.x shares instead of
   * copying until the response changes it: the copy of a dozen headers per request that showed
   * in the profile is gone. Headers that an earlier handler set are kept. Thread-safe.
   */
  void applyTo(MultiMap response, DateHeader date) {
    if (response.isEmpty()) {
      response.setAll(withDate(date));
    } else {
      response.addAll(withDate(date));
    }
  }

  /**
   * Returns this block with {@code Date} added, as a read-only map, made at most once a second
   * and never for a block that no request uses.
   */
  private MultiMap withDate(DateHeader date) {
    Dated d = dated;
    if (d == null || d.second() != date.second()) {
      MultiMap headers = HttpHeaders.headers();
      addTo(headers);
      headers.add(HttpHeaders.DATE, date.value());
      d = new Dated(date.second(), headers.copy(false));
      dated = d;
    }
    return d.headers();
  }

  /** Adds every header of this block to {@code target}. */
  private void addTo(MultiMap target) {
    for (int i = 0; i < entries.length; i += 2) {
      target.add(entries[i], entries[i + 1]);
    }
  }
}
