package org.vertxassets.impl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaNameTest {

  // FIPS 180-2, appendix B.1: the SHA-256 of "abc", the dictionary here.
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void aDeltaIsNamedAfterItsFileTheFirstSixteenHexDigitsOfItsDictionaryAndItsCoding() {
    assertEquals("app.3f2a9c1b7e4d.js.ba7816bf8f01cfea.dcz", DeltaName.of("app.3f2a9c1b7e4d.js", ABC, Encoding.DCZ).toString());
    assertEquals("assets/index-DO7tlORW.js.ba7816bf8f01cfea.dcb",
        DeltaName.of("assets/index-DO7tlORW.js", ABC, Encoding.DCB).toString());
  }

  @Test
  void aNameParsesBackToItsParts() {
    DeltaName name = DeltaName.parse("assets/index-DO7tlORW.js.ba7816bf8f01cfea.dcb");

    assertEquals(new DeltaName("assets/index-DO7tlORW.js", "ba7816bf8f01cfea", Encoding.DCB), name);
    for (Encoding e : Encoding.DICTIONARY) {
      DeltaName written = DeltaName.of("main-HBTOEUAP.js", ABC, e);
      assertEquals(written, DeltaName.parse(written.toString()));
    }
  }

  @Test
  void theFilePartMayEndWithHexDigitsItself() {
    assertEquals(new DeltaName("app.0123456789abcdef", "ba7816bf8f01cfea", Encoding.DCZ),
        DeltaName.parse("app.0123456789abcdef.ba7816bf8f01cfea.dcz"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.js", "app.js.br", "app.js.zst", "app.js.dcz", "app.js.ba7816bf8f01cfea",
      "app.js.ba7816bf8f01cfe.dcz", "app.js.ba7816bf8f01cfea0.dcz", "app.js.BA7816BF8F01CFEA.dcz",
      "app.js.ba7816bf8f01cfea.DCZ", "app.js.ba7816bf8f01cfeg.dcb", "app.js.ba7816bf8f01cfea.dcb.br",
      ".ba7816bf8f01cfea.dcz", "dir/.ba7816bf8f01cfea.dcz", "app.js-ba7816bf8f01cfea.dcz"})
  void otherNamesAreNotDeltas(String name) {
    assertNull(DeltaName.parse(name));
  }

  @Test
  void aDeltaSitsNextToItsFile() {
    assertEquals(Path.of("dist", "assets", "main-HBTOEUAP.js.ba7816bf8f01cfea.dcb"),
        DeltaName.sibling(Path.of("dist", "assets", "main-HBTOEUAP.js"), ABC, Encoding.DCB));
  }

  @Test
  void thePrefixTellsWhichDictionariesADeltaMayBeFor() {
    DeltaName name = DeltaName.of("app.js", ABC, Encoding.DCZ);

    assertTrue(name.mayBeFor(ABC));
    assertFalse(name.mayBeFor(ContentHash.sha256Hex(new byte[0])));
  }

  @Test
  void partsAreCheckedWithMessagesNamingThem() {
    assertEquals("dictionarySha256 must be 64 lowercase hex digits: ba7816bf",
        assertThrows(IllegalArgumentException.class, () -> DeltaName.of("app.js", "ba7816bf", Encoding.DCB))
            .getMessage());
    assertEquals("dictionaryPrefix must be 16 lowercase hex digits: BA7816BF8F01CFEA",
        assertThrows(IllegalArgumentException.class,
            () -> new DeltaName("app.js", "BA7816BF8F01CFEA", Encoding.DCB)).getMessage());
    for (String file : List.of("", "dir/")) {
      assertEquals("file must name a file: " + file, assertThrows(IllegalArgumentException.class,
          () -> DeltaName.of(file, ABC, Encoding.DCZ)).getMessage());
    }
    assertEquals("encoding must be dcb or dcz: zstd", assertThrows(IllegalArgumentException.class,
        () -> new DeltaName("app.js", "ba7816bf8f01cfea", Encoding.ZSTD)).getMessage());
    assertThrows(NullPointerException.class, () -> new DeltaName("app.js", "ba7816bf8f01cfea", null));
  }
}
