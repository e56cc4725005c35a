package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vertxassets.impl.codec.Encoding;

class AcceptEncodingTest {

  /** Returns the qualities as "identity br zstd gzip", for compact expectations. */
  private static String qualities(String header) {
    AcceptEncoding accept = AcceptEncoding.parse(header);
    return accept.quality(Encoding.IDENTITY) + " " + accept.quality(Encoding.BROTLI) + " "
        + accept.quality(Encoding.ZSTD) + " " + accept.quality(Encoding.GZIP);
  }

  @Test
  void nullHeaderAcceptsIdentityOnly() {
    assertEquals("1 0 0 0", qualities(null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "'   '", "'\t'"})
  void blankHeaderAcceptsIdentityOnly(String header) {
    assertEquals("1 0 0 0", qualities(header));
  }

  @Test
  void namedCodingsWithoutQualityAreFullyAcceptable() {
    assertEquals("1 1000 0 1000", qualities("gzip, br"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "br;q=1      | 1000",
    "br;q=1.     | 1000",
    "br;q=1.000  | 1000",
    "br;q=0.5    | 500",
    "br;q=0.05   | 50",
    "br;q=0.005  | 5",
    "br;q=0.123  | 123",
    "br;q=0.     | 0",
    "br;q=0      | 0",
    "br;Q=0.3    | 300",
  })
  void qualityIsReadInThousandths(String header, int thousandths) {
    assertEquals(thousandths, AcceptEncoding.parse(header).quality(Encoding.BROTLI));
  }

  @Test
  void zeroQualityRefusesTheCoding() {
    assertEquals("1 0 0 1000", qualities("br;q=0, gzip"));
  }

  @Test
  void starGivesItsQualityToEveryCodingNotNamed() {
    assertEquals("500 800 500 500", qualities("br;q=0.8, *;q=0.5"));
  }

  @Test
  void starWithZeroQualityRefusesIdentity() {
    assertEquals("0 0 0 0", qualities("*;q=0"));
  }

  @Test
  void starWithZeroQualityLeavesNamedCodingsAcceptable() {
    assertEquals("1000 0 0 300", qualities("identity, gzip;q=0.3, *;q=0"));
  }

  @Test
  void identityWithZeroQualityIsRefused() {
    assertEquals("0 0 0 1000", qualities("gzip, identity;q=0"));
  }

  @Test
  void identityNotNamedRanksBelowEveryAcceptedCoding() {
    assertEquals("1 0 0 1", qualities("gzip;q=0.001"));
  }

  @Test
  void namedIdentityKeepsItsQuality() {
    assertEquals("700 1000 0 0", qualities("br, identity;q=0.7"));
  }

  @Test
  void xGzipMeansGzip() {
    assertEquals("1 0 0 600", qualities("x-gzip;q=0.6"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "GZIP, Br, ZsTd      | br, gzip, zstd",
    "X-GZIP              | gzip",
    "IDENTITY;q=0, gZip  | identity;q=0, gzip",
  })
  void codingNamesAreCaseInsensitive(String header, String lowerCase) {
    assertEquals(AcceptEncoding.parse(lowerCase), AcceptEncoding.parse(header));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "gzip;q=0.2, gzip;q=0.7, gzip;q=0.5 | 700",
    "gzip;q=0, x-gzip                    | 1000",
    "gzip, gzip;q=0                      | 1000",
  })
  void duplicateCodingKeepsItsHighestQuality(String header, int thousandths) {
    assertEquals(thousandths, AcceptEncoding.parse(header).quality(Encoding.GZIP));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "gzip;q=abc, br        | br",
    "br;q=1.5, gzip        | gzip",
    "br;q=1.001, gzip      | gzip",
    "br;q=0.0001, gzip     | gzip",
    "br;q=-0.5, gzip       | gzip",
    "br;q=+1, gzip         | gzip",
    "br;q=.5, gzip         | gzip",
    "gzip;q=, br           | br",
    "gzip;q, br            | br",
    "gzip;q =0.5, br       | br",
    "gzip;q= 0.5, br       | br",
    "gzip;q=0.5;q=0.5, br  | br",
    "gzip;q=0.5 x, br      | br",
    "gzip br, zstd         | zstd",
    "q=1, br               | br",
    "';;, gzip'            | gzip",
    "',,gzip,,'            | gzip",
    "';q=0.5'              | ''",
  })
  void malformedPartsAreSkipped(String header, String withoutThem) {
    assertEquals(AcceptEncoding.parse(withoutThem), AcceptEncoding.parse(header));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'gzip;q=0.5'",
    "' gzip ; q=0.5 '",
    "'gzip\t;\tq=0.5'",
    "'gzip;q=0.5 '",
    "', gzip;q=0.5 ,'",
  })
  void optionalWhitespaceIsAllowedAroundPartsAndSemicolons(String header) {
    assertEquals("1 0 0 500", qualities(header));
  }

  @Test
  void otherParametersAreIgnored() {
    assertEquals("1 1000 0 500", qualities("gzip;level=9;q=0.5, br;foo"));
  }

  @Test
  void unknownCodingsAreIgnored() {
    assertEquals(AcceptEncoding.parse("br"), AcceptEncoding.parse("deflate, compress;q=0.5, br"));
  }

  @Test
  void headerOfUnknownCodingsOnlyStillAcceptsIdentity() {
    assertEquals("1 0 0 0", qualities("deflate"));
  }

  @Test
  void equivalentHeadersGiveEqualValues() {
    AcceptEncoding spaced = AcceptEncoding.parse("br;q=1.0, gzip;q=0.5");
    AcceptEncoding tight = AcceptEncoding.parse("gzip;q=0.500,br");
    assertEquals(tight.hashCode(), spaced.hashCode());
    assertEquals(tight, spaced);
  }

  @Test
  void toStringNamesEveryCodingWithItsQuality() {
    assertEquals("AcceptEncoding[identity=1, br=1000, zstd=0, gzip=500, dcb=0, dcz=1000]",
        AcceptEncoding.parse("br, gzip;q=0.5, dcz").toString());
  }

  @Test
  void hugeHeaderIsParsedWithoutError() {
    String header = "deflate;q=0.1;a=b, ".repeat(100_000) + "gzip;q=0.5";
    assertEquals("1 0 0 500", qualities(header));
  }
}
