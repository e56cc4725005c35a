package org.vertxassets.impl.http;

import io.vertx.core.http.HttpHeaders;
import java.util.List;

/**
 * The {@code Vary} field (RFC 9110 §12.5.5) written as one line. Several lines mean the same as
 * their values joined with commas (§5.3), but nginx before 1.23 keys its cache on the last
 * {@code Vary} line only: a name on an earlier line is lost there.
 */
public final class VaryHeader {

  /** The value of {@code Vary} where variants exist, spelt as RFC 9110 spells the field. */
  public static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");

  /**
   * The value of {@code Vary} where dictionary-compressed variants exist (RFC 9842 §6.2): the
   * response also depends on the dictionary the client names.
   */
  public static final CharSequence ACCEPT_ENCODING_AND_DICTIONARY =
      HttpHeaders.createOptimized("Accept-Encoding, Available-Dictionary");

  private VaryHeader() {
  }

  /**
   * Returns the value of one {@code Vary} line that names {@code Accept} first, then every other
   * field name of {@code lines} (the values of the response's {@code Vary} lines so far) in order;
   * empty list elements and a repeated {@code Accept} are dropped. Returns {@code *} when a line
   * says {@code *}: the response varies on more than request fields, which covers {@code Accept}.
   */
  public static String withAccept(List<String> lines) {
    StringBuilder value = new StringBuilder("Accept");
    for (String line : lines) {
      for (String element : line.split(",")) {
        String name = element.trim();
        if (name.equals("*")) {
          return "*";
        }
        if (!name.isEmpty() && !name.equalsIgnoreCase("Accept")) {
          value.append(", ").append(name);
        }
      }
    }
    return value.toString();
  }
}
