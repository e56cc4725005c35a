package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.testing.Fuzz;

/**
 * {@link AcceptEncoding#parse} against random {@code Accept-Encoding} values: built from codings
 * and qvalues the test knows, it gives each encoding the quality RFC 9110 §12.5.3 gives; on any
 * value, every quality lies between 0 and 1000, case and whitespace around delimiters change
 * nothing, and the memo answers as the parser does.
 */
class AcceptEncodingFuzzTest {

  private static final String VALID = "br;q=0.5, gzip;q=1.0, zstd, identity;q=0, *;q=0.001, x-gzip";
  private static final String ALPHABET = "gzipbrzstdidentityx-*;=,q Q.0159\t\"\u00ff";
  /** Coding tokens, by what they name: an encoding, {@code *} (null), or nothing we store (absent). */
  private static final List<String> TOKENS = List.of("br", "BR", "gzip", "Gzip", "x-gzip", "X-GZIP", "zstd",
      "identity", "*", "deflate", "compress", "unknown");
  private static final Map<String, Encoding> NAMED = Map.of("br", Encoding.BROTLI, "gzip", Encoding.GZIP,
      "x-gzip", Encoding.GZIP, "zstd", Encoding.ZSTD, "identity", Encoding.IDENTITY);
  /** Qvalues (§12.4.2) and their thousandths; the malformed ones, which discard their element. */
  private static final Map<String, Integer> QVALUES = Map.of("0", 0, "0.", 0, "0.001", 1, "0.25", 250, "0.5", 500,
      "0.999", 999, "1", 1000, "1.0", 1000, "1.000", 1000);
  private static final List<String> QVALUE_LIST = QVALUES.keySet().stream().sorted().toList();
  private static final List<String> MALFORMED = List.of("2", "1.5", ".5", "0.1234", "abc", "", "1.001");

  /** An element as sent: {@code q} is the value of its q parameter, or null for none. */
  private record Element(String token, String parameter, String q) {

    @Override
    public String toString() {
      return token + parameter + (q == null ? "" : ";q=" + q);
    }
  }

  @Test
  void aHeaderOfKnownCodingsGivesTheQualitiesTheRfcGives() {
    Fuzz.forAll(Fuzz.SEED, 20_000, AcceptEncodingFuzzTest::elements, elements -> {
      String header = String.join(", ", elements.stream().map(Element::toString).toList());
      assertEquals(expected(elements), qualities(AcceptEncoding.parse(header)), header);
    });
  }

  @Test
  void anyValueGetsQualitiesInRangeWhateverItsCaseAndWhitespaceAroundDelimiters() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> fuzz.near(VALID, ALPHABET), s -> {
      AcceptEncoding parsed = AcceptEncoding.parse(s);
      for (Encoding encoding : Encoding.values()) {
        assertTrue(parsed.quality(encoding) >= 0 && parsed.quality(encoding) <= 1000, parsed::toString);
      }
      assertEquals(parsed, AcceptEncoding.parse(AcceptHeaderFuzzTest.flipAsciiCase(s)), "case flipped");
      assertEquals(parsed, AcceptEncoding.parse(s.replace(",", " ,\t").replace(";", "\t; ")), "padded");
      assertEquals(parsed, AcceptEncoding.memoised(s), "memoised");
    });
  }

  /**
   * Returns the quality of each encoding, in the order of {@link Encoding#values()}, as §12.5.3
   * gives it: a coding's highest listed quality; else that of {@code *}; else 0, but for identity,
   * which stays acceptable (at the lowest quality) unless refused.
   */
  private static List<Integer> expected(List<Element> elements) {
    int[] named = new int[Encoding.values().length];
    Arrays.fill(named, -1);
    int star = -1;
    for (Element e : elements) {
      if (e.q() != null && !QVALUES.containsKey(e.q())) {
        continue;
      }
      int q = e.q() == null ? 1000 : QVALUES.get(e.q());
      Encoding encoding = NAMED.get(e.token().toLowerCase(Locale.ROOT));
      if (e.token().equals("*")) {
        star = Math.max(star, q);
      } else if (encoding != null) {
        named[encoding.ordinal()] = Math.max(named[encoding.ordinal()], q);
      }
    }
    List<Integer> qualities = new ArrayList<>();
    for (Encoding encoding : Encoding.values()) {
      int q = named[encoding.ordinal()];
      boolean identity = encoding == Encoding.IDENTITY;
      qualities.add(q >= 0 ? q : star >= 0 ? star : identity ? AcceptEncoding.IMPLICIT_IDENTITY_QUALITY : 0);
    }
    return qualities;
  }

  private static List<Integer> qualities(AcceptEncoding parsed) {
    return Arrays.stream(Encoding.values()).map(parsed::quality).toList();
  }

  /** Returns one to five elements, now and then with a parameter other than q, or a malformed q. */
  private static List<Element> elements(Fuzz fuzz) {
    List<Element> elements = new ArrayList<>();
    for (int n = 1 + fuzz.nextInt(5), k = 0; k < n; k++) {
      String q = fuzz.chance(0.3) ? null : fuzz.chance(0.1) ? fuzz.pick(MALFORMED) : fuzz.pick(QVALUE_LIST);
      elements.add(new Element(fuzz.pick(TOKENS), fuzz.chance(0.15) ? ";level=9" : "", q));
    }
    return elements;
  }
}
