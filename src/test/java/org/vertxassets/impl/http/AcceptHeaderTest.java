package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code Accept} values count as accepting HTML for the single-page-app fallback. */
class AcceptHeaderTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | true",
      "text/html | true",
      "TEXT/HTML | true",
      "text/* | true",
      "application/json, text/html;q=0.1 | true",
      " text/html ; level=1 | true",
      "text/html;q=1.000 | true",
      "*/* | false",
      "application/json | false",
      "text/html;q=0 | false",
      "text/html;q=0.000 | false",
      "text/html;q=2 | false",
      "text/html;q=abc | false",
      "text/htmlx | false",
      "'' | false",
      "; | false",
      "',;,' | false",
      "';q=1' | false",
      "'text/html, ;' | true",
      "'; , text/*' | true",
      "NULL | false",
  })
  void acceptsHtml(String accept, boolean expected) {
    assertEquals(expected, AcceptHeader.acceptsHtml(accept));
  }
}
