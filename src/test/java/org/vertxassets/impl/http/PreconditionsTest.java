package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vertxassets.impl.http.Preconditions.Result;

class PreconditionsTest {

  private static final String ETAG = "\"3f2a9c\"";
  /** Sun, 06 Nov 1994 08:49:37 GMT. */
  private static final long LAST_MODIFIED = 784_111_777L;
  private static final String EARLIER = "Sun, 06 Nov 1994 08:49:36 GMT";
  private static final String SAME = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final String LATER = "Sun, 06 Nov 1994 08:49:38 GMT";

  private static Result evaluate(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
      String ifModifiedSince) {
    return Preconditions.evaluate(
        ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, ETAG, LAST_MODIFIED);
  }

  @Test
  void requestWithoutPreconditionsProceeds() {
    assertEquals(Result.PROCEED, evaluate(null, null, null, null));
  }

  @Test
  void ifMatchMismatchFailsEvenWhenIfNoneMatchWouldMatch() {
    assertEquals(Result.PRECONDITION_FAILED, evaluate("\"other\"", null, ETAG, null));
  }

  @Test
  void ifMatchWithTheSameStrongTagProceeds() {
    assertEquals(Result.PROCEED, evaluate(ETAG, null, null, null));
  }

  @Test
  void ifMatchStarProceeds() {
    assertEquals(Result.PROCEED, evaluate(" * ", null, null, null));
  }

  @Test
  void ifMatchListWithOneStrongMatchProceeds() {
    assertEquals(Result.PROCEED, evaluate("\"a\", W/\"b\", \"3f2a9c\"", null, null, null));
  }

  @Test
  void weakTagInIfMatchDoesNotMatch() {
    assertEquals(Result.PRECONDITION_FAILED, evaluate("W/\"3f2a9c\"", null, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "garbage", "3f2a9c", "'\"3f2a9c'", "w/\"3f2a9c\""})
  void ifMatchWithoutAValidTagFails(String ifMatch) {
    assertEquals(Result.PRECONDITION_FAILED, evaluate(ifMatch, null, null, null));
  }

  @Test
  void ifUnmodifiedSinceIsNotConsultedWhenIfMatchIsPresent() {
    assertEquals(Result.PROCEED, evaluate(ETAG, EARLIER, null, null));
  }

  @Test
  void ifUnmodifiedSinceEarlierThanLastModifiedFails() {
    assertEquals(Result.PRECONDITION_FAILED, evaluate(null, EARLIER, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:38 GMT",
  })
  void ifUnmodifiedSinceNotEarlierProceeds(String ifUnmodifiedSince) {
    assertEquals(Result.PROCEED, evaluate(null, ifUnmodifiedSince, null, null));
  }

  @Test
  void unparsableIfUnmodifiedSinceIsIgnored() {
    assertEquals(Result.PROCEED, evaluate(null, "yesterday", null, null));
  }

  @Test
  void ifUnmodifiedSinceFailureComesBeforeIfNoneMatch() {
    assertEquals(Result.PRECONDITION_FAILED, evaluate(null, EARLIER, ETAG, null));
  }

  @Test
  void ifNoneMatchWithTheSameTagIsNotModified() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, ETAG, null));
  }

  @Test
  void ifNoneMatchUsesTheWeakComparison() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, "W/\"3f2a9c\"", null));
  }

  @Test
  void ifNoneMatchStarIsNotModified() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, "*", null));
  }

  @Test
  void ifNoneMatchListWithOneMatchIsNotModified() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, "\"a\", W/\"b\", \"3f2a9c\"", null));
  }

  @Test
  void ifNoneMatchWithoutAMatchProceeds() {
    assertEquals(Result.PROCEED, evaluate(null, null, "\"a\", \"b\"", null));
  }

  @Test
  void commaInsideAnEntityTagDoesNotSplitTheList() {
    Result result = Preconditions.evaluate(
        null, null, "\"x\", \"a,b\"", null, "\"a,b\"", LAST_MODIFIED);
    assertEquals(Result.NOT_MODIFIED, result);
  }

  @Test
  void malformedElementsAreSkipped() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, "abc, \"a b\", , \"3f2a9c\"", null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"3f2a9c", "w/\"3f2a9c\"", "'\"a\", *'", "''"})
  void listWithoutAMatchingValidElementMatchesNothing(String ifNoneMatch) {
    assertEquals(Result.PROCEED, evaluate(null, null, ifNoneMatch, null));
  }

  @Test
  void whitespaceAroundListElementsIsAllowed() {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, "  \"a\" ,\t\"3f2a9c\"\t", null));
  }

  @Test
  void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() {
    assertEquals(Result.PROCEED, evaluate(null, null, "\"other\"", LATER));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:38 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
  })
  void ifModifiedSinceNotEarlierIsNotModified(String ifModifiedSince) {
    assertEquals(Result.NOT_MODIFIED, evaluate(null, null, null, ifModifiedSince));
  }

  @Test
  void ifModifiedSinceEarlierProceeds() {
    assertEquals(Result.PROCEED, evaluate(null, null, null, EARLIER));
  }

  @Test
  void unparsableIfModifiedSinceProceeds() {
    assertEquals(Result.PROCEED, evaluate(null, null, null, "Sun, 06 Nov 1994"));
  }

  @Test
  void absentIfRangeLetsTheRangeApply() {
    assertTrue(Preconditions.ifRangeMatches(null, ETAG, LAST_MODIFIED));
  }

  @Test
  void ifRangeWithTheSameStrongTagMatches() {
    assertTrue(Preconditions.ifRangeMatches(ETAG, ETAG, LAST_MODIFIED));
  }

  @Test
  void ifRangeWithADifferentStrongTagDoesNotMatch() {
    assertFalse(Preconditions.ifRangeMatches("\"other\"", ETAG, LAST_MODIFIED));
  }

  @Test
  void ifRangeWithAWeakTagNeverMatches() {
    assertFalse(Preconditions.ifRangeMatches("W/\"3f2a9c\"", ETAG, LAST_MODIFIED));
  }

  @Test
  void ifRangeWithTheExactDateMatches() {
    assertTrue(Preconditions.ifRangeMatches(SAME, ETAG, LAST_MODIFIED));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sun, 06 Nov 1994 08:49:36 GMT", "Sun, 06 Nov 1994 08:49:38 GMT",
  })
  void ifRangeWithADifferentDateDoesNotMatch(String ifRange) {
    assertFalse(Preconditions.ifRangeMatches(ifRange, ETAG, LAST_MODIFIED));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "garbage", "'\"3f2a9c'", "'\"3f2a9c\", \"x\"'", "*"})
  void malformedIfRangeDoesNotMatch(String ifRange) {
    assertFalse(Preconditions.ifRangeMatches(ifRange, ETAG, LAST_MODIFIED));
  }

  @Test
  void invalidDateDoesNotMatchAnUnknownModificationTime() {
    assertFalse(Preconditions.ifRangeMatches("garbage", ETAG, HttpDates.INVALID));
  }
}
