package org.vertxassets.impl.http;

import io.vertx.core.http.HttpHeaders;

/**
 * The value of a {@code Date} header (RFC 9110 §6.6.1) and the second it names, made at most
 * once a second and shared by every event loop.
 *
 * @param second the epoch second the value names
 * @param value the formatted date, pre-encoded for Vert.x's header maps
 */
public record DateHeader(long second, CharSequence value) {

  private static volatile DateHeader current = new DateHeader(0, "");

  /** Returns the {@code Date} header of the current second. Thread-safe. */
  public static DateHeader current() {
    long second = System.currentTimeMillis() / 1000;
    DateHeader d = current;
    if (d.second() != second) {
      d = new DateHeader(second, HttpHeaders.createOptimized(HttpDates.format(second)));
      current = d;
    }
    return d;
  }

  /** Returns the current {@code Date} value. Thread-safe. */
  public static CharSequence now() {
    return current().value();
  }
}
