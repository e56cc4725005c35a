package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link VaryHeader}: the Vary lines a response has, and Accept, as one line. */
class VaryHeaderTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "NONE                      | Accept",
      "Accept                    | Accept",
      "Origin                    | Accept, Origin",
      "Accept-Encoding/Origin    | Accept, Accept-Encoding, Origin",
      "'Origin, Accept-Language' | Accept, Origin, Accept-Language",
      "Origin/ACCEPT             | Accept, Origin",
      "'accept, origin'          | Accept, origin",
      "' Origin ,, '             | Accept, Origin",
      "'Origin, *'               | *",
      "Origin/*                  | *",
  })
  void foldsEveryLineIntoOneThatNamesAcceptFirst(String lines, String expected) {
    List<String> values = lines == null ? List.of() : Arrays.asList(lines.split("/"));

    assertEquals(expected, VaryHeader.withAccept(values));
  }
}
