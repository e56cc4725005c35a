package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vertxassets.impl.http.ByteRanges.ByteRange;
import org.vertxassets.impl.http.ByteRanges.Outcome;

class ByteRangesTest {

  /** Returns the outcome as "KIND first-last,first-last", for compact expectations. */
  private static String parse(String header, long length) {
    Outcome outcome = ByteRanges.parse(header, length);
    String ranges = outcome.ranges().stream()
        .map(range -> range.first() + "-" + range.last())
        .collect(Collectors.joining(","));
    return ranges.isEmpty() ? outcome.kind().name() : outcome.kind() + " " + ranges;
  }

  @Test
  void absentHeaderIsIgnored() {
    assertEquals("IGNORE", parse(null, 10));
  }

  @Test
  void firstByteAloneIsASingleRange() {
    assertEquals("SINGLE 0-0", parse("bytes=0-0", 10));
  }

  @Test
  void suffixRangeTakesTheLastBytes() {
    assertEquals("SINGLE 7-9", parse("bytes=-3", 10));
  }

  @Test
  void suffixOfOneIsTheLastByte() {
    assertEquals("SINGLE 9-9", parse("bytes=-1", 10));
  }

  @Test
  void openRangeFromTheLastPositionIsTheLastByte() {
    assertEquals("SINGLE 9-9", parse("bytes=9-", 10));
  }

  @Test
  void suffixLargerThanTheFileTakesTheWholeFile() {
    assertEquals("SINGLE 0-9", parse("bytes=-100", 10));
  }

  @Test
  void openRangeRunsToTheEnd() {
    assertEquals("SINGLE 4-9", parse("bytes=4-", 10));
  }

  @Test
  void lastPositionBeyondTheEndIsClipped() {
    assertEquals("SINGLE 5-9", parse("bytes=5-100", 10));
  }

  @Test
  void rangeLengthCountsBothEnds() {
    assertEquals(4, new ByteRange(2, 5).length());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"bytes=5-3", "'bytes=0-1, 5-3'"})
  void lastPositionBeforeFirstInvalidatesTheHeader(String header) {
    assertEquals("IGNORE", parse(header, 10));
  }

  @Test
  void otherUnitIsIgnored() {
    assertEquals("IGNORE", parse("items=0-1", 10));
  }

  @Test
  void unitIsCaseInsensitive() {
    assertEquals("SINGLE 0-1", parse("BYTES=0-1", 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"bytes=", "'bytes=,'", "'bytes=, ,'"})
  void emptyRangeSetIsIgnored(String header) {
    assertEquals("IGNORE", parse(header, 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'bytes = 0-1'", "'bytes =0-1'", "'bytes= 0-1'"})
  void whitespaceAroundTheEqualsSignIsIgnored(String header) {
    assertEquals("IGNORE", parse(header, 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "bytes", "bytes 0-1", "bytes=1", "bytes=-", "bytes=--1", "bytes=0--1", "bytes=1-2-3",
    "bytes=a-b", "bytes=0x1-2", "bytes=+1-2", "bytes=1-+2", "'bytes=0 -1'", "'bytes=0- 1'",
    "'bytes=0-1 2-3'", "bytes=0-1;2-3", "bytes=٠-1", "bytes=0-1,x", "'bytes=0-1\u0000'",
  })
  void syntaxErrorAnywhereIgnoresTheHeader(String header) {
    assertEquals("IGNORE", parse(header, 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'bytes=0-1 , 5-6'", "'bytes=0-1,\t5-6'", "'bytes=,0-1,,5-6,'", "' bytes=0-1,5-6 '",
  })
  void whitespaceAndEmptyElementsAroundCommasAreAllowed(String header) {
    assertEquals("MULTIPLE 0-1,5-6", parse(header, 10));
  }

  @Test
  void seventeenRangesAreIgnored() {
    assertEquals("IGNORE", parse("bytes=" + disjointRanges(17), 100));
  }

  @Test
  void sixteenRangesAreServed() {
    assertEquals(16, ByteRanges.parse("bytes=" + disjointRanges(16), 100).ranges().size());
  }

  @Test
  void overlappingRangesAreCoalesced() {
    assertEquals("SINGLE 0-8", parse("bytes=3-8, 0-5", 10));
  }

  @Test
  void touchingRangesAreCoalesced() {
    assertEquals("SINGLE 0-9", parse("bytes=5-9, 0-4", 10));
  }

  @Test
  void containedRangeIsAbsorbed() {
    assertEquals("SINGLE 0-9", parse("bytes=0-, 2-3, -4", 10));
  }

  @Test
  void disjointRangesStayInTheOrderAsked() {
    // RFC 9110 §14.2: the parts of a multipart answer come in the order of their specs.
    assertEquals("MULTIPLE 8-9,4-5,0-1", parse("bytes=-2, 4-5, 0-1", 10));
  }

  @Test
  void mergedRangeTakesThePlaceOfItsFirstSpec() {
    assertEquals("MULTIPLE 7-9,0-3", parse("bytes=7-8, 2-3, 9-9, 0-1", 10));
  }

  @Test
  void mergedRangeAskedLastComesLast() {
    assertEquals("MULTIPLE 5-6,0-3", parse("bytes=5-6, 0-1, 2-3", 10));
  }

  @Test
  void rangeStartingAtOrAfterTheEndIsUnsatisfiable() {
    assertEquals("UNSATISFIABLE", parse("bytes=1000-", 10));
  }

  @Test
  void rangeStartingAtTheLengthIsUnsatisfiable() {
    assertEquals("UNSATISFIABLE", parse("bytes=10-20", 10));
  }

  @Test
  void emptySuffixIsUnsatisfiable() {
    assertEquals("UNSATISFIABLE", parse("bytes=-0", 10));
  }

  @Test
  void unsatisfiableRangesAreDroppedFromTheOthers() {
    assertEquals("SINGLE 2-3", parse("bytes=20-30, 2-3, -0", 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "bytes=0-99999999999999999999999999      | SINGLE 0-9",
    "bytes=-99999999999999999999999999       | SINGLE 0-9",
    "bytes=99999999999999999999999999-       | UNSATISFIABLE",
    "bytes=9223372036854775807-9223372036854775807 | UNSATISFIABLE",
    "bytes=99999999999999999999999999-1      | IGNORE",
  })
  void hugeNumbersSaturateInsteadOfFailing(String header, String expected) {
    assertEquals(expected, parse(header, 10));
  }

  @Test
  void suffixOfAHugeFileDoesNotOverflow() {
    assertEquals("SINGLE 9223372036854775806-9223372036854775806",
        parse("bytes=-1", Long.MAX_VALUE));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"bytes=0-0", "bytes=-1", "bytes=0-", "items=0-1"})
  void zeroLengthFileIgnoresTheRange(String header) {
    assertEquals("IGNORE", parse(header, 0));
  }

  @Test
  void hugeHeaderIsParsedWithoutError() {
    assertEquals("SINGLE 0-1", parse("bytes=" + ", ".repeat(500_000) + "0-1", 10));
  }

  @Test
  void outcomeRangesCannotBeModified() {
    List<ByteRange> ranges = ByteRanges.parse("bytes=0-1", 10).ranges();
    assertThrows(UnsupportedOperationException.class, () -> ranges.add(new ByteRange(3, 4)));
  }

  /** Returns {@code count} one-byte ranges two bytes apart: "0-0,2-2,4-4,...". */
  private static String disjointRanges(int count) {
    return IntStream.range(0, count)
        .mapToObj(k -> (2 * k) + "-" + (2 * k))
        .collect(Collectors.joining(","));
  }
}
