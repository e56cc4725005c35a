package org.vertxassets.impl.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  // FIPS 180-2, appendix B.1: the SHA-256 of "abc".
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hashesBytesAsSixtyFourLowercaseHexDigits() {
    assertEquals(ABC, ContentHash.sha256Hex("abc".getBytes(UTF_8)));
  }

  @Test
  void aStreamedDigestGivesTheSameHashAndIsResetAfterwards() {
    MessageDigest digest = ContentHash.newDigest();
    digest.update("a".getBytes(UTF_8));
    digest.update("bc".getBytes(UTF_8));

    assertEquals(ABC, ContentHash.sha256Hex(digest));
    digest.update("abc".getBytes(UTF_8));
    assertEquals(ABC, ContentHash.sha256Hex(digest));
  }

  @Test
  void theEntityTagIsTheFirst128BitsQuoted() {
    assertEquals("\"ba7816bf8f01cfea414140de5dae2223\"", ContentHash.etag(ABC));
  }

  @Test
  void recognisesOnlyTheHashAsItIsWritten() {
    assertTrue(ContentHash.isSha256Hex(ABC));
    assertFalse(ContentHash.isSha256Hex(ABC.toUpperCase()), "upper case");
    assertFalse(ContentHash.isSha256Hex(ABC.substring(1)), "63 digits");
    assertFalse(ContentHash.isSha256Hex(ABC + "0"), "65 digits");
    assertFalse(ContentHash.isSha256Hex(ABC.replace('a', 'g')), "not hex");
  }
}
