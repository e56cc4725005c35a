package org.vertxassets.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vertxassets.impl.http.ByteRanges.ByteRange;
import org.vertxassets.impl.http.ByteRanges.Kind;
import org.vertxassets.impl.http.ByteRanges.Outcome;
import org.vertxassets.testing.Fuzz;

/**
 * {@link ByteRanges#parse} against random {@code Range} values: built from range specs the test
 * knows, it asks for exactly the bytes RFC 9110 §14.1.1 gives them; on any value and length, the
 * ranges it returns lie within the representation, apart and in the order asked, as many as their
 * kind says.
 */
class ByteRangesFuzzTest {

  private static final String VALID = "bytes=0-99, -5, 100-, 9223372036854775807-";
  private static final String ALPHABET = "bytes=BYTES-,0123456789 \t;x";

  /** A range spec: {@code bytes=first-last}, {@code first-} (last < 0) or {@code -last} (first < 0). */
  private record Spec(long first, long last) {

    @Override
    public String toString() {
      return first < 0 ? "-" + last : last < 0 ? first + "-" : first + "-" + last;
    }
  }

  /** Specs and the length of the representation they are read against. */
  private record Specs(List<Spec> specs, int length) {
  }

  /** A header and the length of the representation it is read against. */
  private record Input(String header, long length) {
  }

  @Test
  void aHeaderOfKnownSpecsAsksForTheBytesTheyName() {
    Fuzz.forAll(Fuzz.SEED, 20_000, fuzz -> new Specs(specs(fuzz), 1 + fuzz.nextInt(60)), c -> {
      String header = "bytes=" + String.join(", ", c.specs().stream().map(Spec::toString).toList());
      Outcome outcome = ByteRanges.parse(header, c.length());
      assertEquals(expected(c.specs(), c.length()), covered(outcome));
      assertInOrderAsked(c.specs(), c.length(), outcome.ranges());
    });
  }

  @Test
  void anyValueGivesRangesWithinTheRepresentationAndApart() {
    Fuzz.forAll(Fuzz.SEED, 100_000, fuzz -> new Input(fuzz.near(VALID, ALPHABET), length(fuzz)), input -> {
      long length = input.length();
      Outcome outcome = ByteRanges.parse(input.header(), length);
      List<ByteRange> ranges = outcome.ranges();
      switch (outcome.kind()) {
        case IGNORE, UNSATISFIABLE -> assertTrue(ranges.isEmpty());
        case SINGLE -> assertEquals(1, ranges.size());
        case MULTIPLE -> assertTrue(ranges.size() >= 2 && ranges.size() <= ByteRanges.MAX_RANGES);
        default -> throw new AssertionError(outcome);
      }
      for (int k = 0; k < ranges.size(); k++) {
        ByteRange r = ranges.get(k);
        assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < length, () -> r + " of " + length);
        // Coalesced: no two overlap or touch, whatever their order.
        for (int j = 0; j < k; j++) {
          ByteRange s = ranges.get(j);
          assertTrue(r.first() > s.last() + 1 || s.first() > r.last() + 1, ranges::toString);
        }
      }
    });
  }

  /**
   * Asserts that each range comes after the ranges whose first spec was asked before its own
   * (RFC 9110 §14.2): a spec belongs to the range that holds the bytes it asks for.
   */
  private static void assertInOrderAsked(List<Spec> specs, int length, List<ByteRange> ranges) {
    int previous = -1;
    for (ByteRange r : ranges) {
      int first = -1;
      for (int k = 0; k < specs.size() && first < 0; k++) {
        Spec s = specs.get(k);
        long from = s.first() < 0 ? Math.max(0, length - s.last()) : s.first();
        boolean asksForBytes = s.first() < 0 ? s.last() > 0 : s.first() < length;
        if (asksForBytes && from >= r.first() && from <= r.last()) {
          first = k;
        }
      }
      assertTrue(first > previous, () -> ranges + " from " + specs);
      previous = first;
    }
  }

  /** Returns a length near 0, near 200 or near Long.MAX_VALUE. */
  private static long length(Fuzz fuzz) {
    return fuzz.nextInt(4) == 0 ? Long.MAX_VALUE - fuzz.nextInt(3) : fuzz.nextInt(200);
  }

  /**
   * Returns the bytes a header of {@code specs} asks for of a representation of {@code length}
   * bytes as their outcome's name and offsets, such as {@code SINGLE {3, 4, 5}}: no spec or more
   * than {@link ByteRanges#MAX_RANGES}, or one whose last is before its first, is IGNORE; none
   * that overlaps the representation is UNSATISFIABLE; else the union of what each overlaps.
   */
  private static String expected(List<Spec> specs, int length) {
    if (specs.isEmpty() || specs.size() > ByteRanges.MAX_RANGES
        || specs.stream().anyMatch(s -> s.first() >= 0 && s.last() >= 0 && s.last() < s.first())) {
      return Kind.IGNORE.name();
    }
    BitSet bytes = new BitSet();
    for (Spec s : specs) {
      if (s.first() < 0) {
        bytes.set((int) Math.max(0, length - s.last()), length);
      } else if (s.first() < length) {
        bytes.set((int) s.first(), s.last() < 0 ? length : (int) Math.min(s.last() + 1, length));
      }
    }
    if (bytes.isEmpty()) {
      return Kind.UNSATISFIABLE.name();
    }
    // A run of bytes is one range: the outcome is SINGLE when there is one run.
    boolean oneRun = bytes.nextClearBit(bytes.nextSetBit(0)) == bytes.length();
    return (oneRun ? Kind.SINGLE : Kind.MULTIPLE) + " " + bytes;
  }

  /** Returns the outcome as {@link #expected} does. */
  private static String covered(Outcome outcome) {
    if (outcome.ranges().isEmpty()) {
      return outcome.kind().name();
    }
    BitSet bytes = new BitSet();
    for (ByteRange r : outcome.ranges()) {
      bytes.set((int) r.first(), (int) r.last() + 1);
    }
    return outcome.kind() + " " + bytes;
  }

  /**
   * Returns up to eighteen specs, mostly one to four, whose offsets reach past the lengths the
   * test reads them against; now and then one whose last is before its first.
   */
  private static List<Spec> specs(Fuzz fuzz) {
    List<Spec> specs = new ArrayList<>();
    for (int n = fuzz.chance(0.9) ? 1 + fuzz.nextInt(4) : fuzz.nextInt(19), k = 0; k < n; k++) {
      long first = fuzz.nextInt(70);
      specs.add(switch (fuzz.nextInt(4)) {
        case 0 -> new Spec(first, -1);
        case 1 -> new Spec(-1, fuzz.nextInt(80));
        default -> fuzz.chance(0.05) && first > 0 ? new Spec(first, fuzz.nextInt((int) first))
            : new Spec(first, first + fuzz.nextInt(30));
      });
    }
    return specs;
  }
}
