package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vertxassets.testing.Fuzz;

/** {@code Available-Dictionary} (RFC 9842 §2.2): one byte sequence of 32 bytes, or nothing the index knows. */
class AvailableDictionaryTest {

  private static final String KEY = Base64.getEncoder().encodeToString("a SHA-256 is thirty-two bytes!!!".getBytes());

  @Test
  void aByteSequenceOf32BytesIsItsCanonicalBase64() {
    assertEquals(KEY, AvailableDictionary.key(":" + KEY + ":"));
    assertEquals(KEY, AvailableDictionary.key(" \t:" + KEY + ":  "));
    assertEquals(KEY, AvailableDictionary.key(":" + KEY.replace("=", "") + ":"), "padding may be left out");
    assertEquals(32, Base64.getDecoder().decode(KEY).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", "::", "abc", ":AAAA:", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=", "\"x\"",
      ":BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=:;p=1", ":BBB*BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=:",
      ":BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=:, :BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=:"})
  void anythingElseNamesNoDictionary(String header) {
    assertNull(AvailableDictionary.key(header));
  }

  @Test
  void anyTextIsReadWithoutFailing() {
    Fuzz.forAll(Fuzz.SEED, 20_000, f -> f.near(":" + KEY + ":", ":=+/AB, ;\t"), header -> {
      String key = AvailableDictionary.key(header);
      assertTrue(key == null || Base64.getDecoder().decode(key).length == 32, key);
    });
  }
}
