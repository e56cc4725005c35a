package org.vertxassets.impl.http;

import java.util.Base64;

/**
 * The {@code Available-Dictionary} request header (RFC 9842 §2.2): the SHA-256 of the dictionary
 * a client holds for the URL it asks for, as a structured-field byte sequence
 * ({@code :pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4=:}, RFC 8941 §3.3.5).
 */
public final class AvailableDictionary {

  private AvailableDictionary() {
  }

  /**
   * Returns the dictionary's SHA-256 named by a header value as its canonical base64 (44
   * characters, padded), the key the index keeps its deltas under; null when the value is absent
   * or is not one byte sequence of 32 bytes (several values, a list, a parameter, bad base64):
   * such a request gets the ordinary negotiation.
   */
  public static String key(String header) {
    if (header == null) {
      return null;
    }
    int start = Ows.skip(header, 0, header.length());
    int end = Ows.trimEnd(header, start, header.length());
    if (end - start < 2 || header.charAt(start) != ':' || header.charAt(end - 1) != ':') {
      return null;
    }
    String base64 = header.substring(start + 1, end - 1);
    for (int i = 0; i < base64.length(); i++) {
      char c = base64.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
        return null;
      }
    }
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return hash.length == 32 ? Base64.getEncoder().encodeToString(hash) : null;
  }

  /** Returns the key of a dictionary whose SHA-256 is {@code sha256} (32 bytes), as {@link #key} gives it. */
  public static String key(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
    }
    return Base64.getEncoder().encodeToString(sha256);
  }
}
