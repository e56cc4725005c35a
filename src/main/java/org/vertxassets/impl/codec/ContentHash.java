package org.vertxassets.impl.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The content hash of vertx-assets: the SHA-256 of a file's bytes, written as 64 lowercase hex
 * digits. It names the hashed copies of a build, is recorded in its manifest, keys the warm-up
 * cache and gives every variant its entity tag, so that every machine with the same bytes agrees
 * on all four. Thread-safe; a {@link MessageDigest} from {@link #newDigest()} is not.
 */
public final class ContentHash {

  /** The number of hex digits of a SHA-256. */
  public static final int HEX_LENGTH = 64;

  private static final HexFormat HEX = HexFormat.of();
  /** {@code sha384-} and the 48 bytes of a SHA-384 in base64, which needs no padding. */
  private static final Pattern INTEGRITY = Pattern.compile("sha384-[A-Za-z0-9+/]{64}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{" + HEX_LENGTH + "}");

  private ContentHash() {
  }

  /** Returns a new SHA-256 digest, to hash a file as it is read. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Returns the SHA-256 of {@code bytes}, as 64 lowercase hex digits. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(newDigest().digest(bytes));
  }

  /** Returns the SHA-256 of what {@code digest} was given, as 64 lowercase hex digits, and resets it. */
  public static String sha256Hex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }

  /** Returns a new SHA-384 digest, for the {@linkplain #integrity integrity} of a file as it is read. */
  public static MessageDigest newIntegrityDigest() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-384", e);
    }
  }

  /**
   * Returns the Subresource Integrity value (W3C SRI §3.1) of what {@code sha384} was given:
   * {@code sha384-} and the digest in base64, as a {@code <script integrity>} takes it; resets it.
   */
  public static String integrity(MessageDigest sha384) {
    return "sha384-" + Base64.getEncoder().encodeToString(sha384.digest());
  }

  /** Returns the Subresource Integrity value of {@code bytes}: {@code sha384-} and base64. */
  public static String integrity(byte[] bytes) {
    MessageDigest sha384 = newIntegrityDigest();
    sha384.update(bytes);
    return integrity(sha384);
  }

  /** Returns whether {@code s} is an integrity value as this class writes it. */
  public static boolean isIntegrity(String s) {
    return INTEGRITY.matcher(s).matches();
  }

  /** Returns whether {@code s} is a SHA-256 as this class writes it: 64 lowercase hex digits. */
  public static boolean isSha256Hex(String s) {
    return SHA256_HEX.matcher(s).matches();
  }

  /**
   * Returns the strong entity tag of content whose SHA-256 is {@code sha256Hex}: its first 128
   * bits, quoted ({@code "3f2a…"}, 32 hex digits). Derived from the bytes alone, so that every
   * instance behind a load balancer or CDN sends the same one (RFC 9110 §8.8.3).
   */
  public static String etag(String sha256Hex) {
    return "\"" + sha256Hex.substring(0, 32) + "\"";
  }
}
