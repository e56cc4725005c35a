package org.vertxassets.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random input for fuzz tests, and the loop that runs them: {@link #forAll} draws a number
 * of cases from one seed and checks a property of what the code under test returns for each; a
 * failure names the seed, the case and its input, so that the input can become a case of the
 * parser's own test. The same seed gives the same inputs on every run.
 *
 * <p>Chars come from one of two sources: any char ({@link #Fuzz(long)}: mostly up to 0xFF, one in
 * twenty anywhere in the BMP, which no HTTP decoder gives but which must not break a parser
 * either), or the bytes a header line can carry ({@link #forHeaders}: up to 0xFF, mostly
 * printable, now and then a control byte, never CR or LF). Not thread-safe.
 */
public final class Fuzz {

  /** The seed of the parser fuzz tests unless one needs its own. */
  public static final long SEED = 0x5eed_cafeL;

  public final long seed;
  private final Random random;
  private final boolean headerBytes;

  /** Returns a generator of any chars from {@code seed}. */
  public Fuzz(long seed) {
    this(seed, false);
  }

  private Fuzz(long seed, boolean headerBytes) {
    this.seed = seed;
    this.random = new Random(seed);
    this.headerBytes = headerBytes;
  }

  /** Returns a generator from {@code seed} whose chars are bytes a header line can carry. */
  public static Fuzz forHeaders(long seed) {
    return new Fuzz(seed, true);
  }

  /**
   * Checks {@code property} against {@code cases} inputs drawn by {@code input} from a generator
   * seeded with {@code seed}; throws an AssertionError naming the seed, the case and the input of
   * the first that fails or throws.
   */
  public static <T> void forAll(long seed, int cases, Function<Fuzz, T> input, Consumer<T> property) {
    Fuzz fuzz = new Fuzz(seed);
    for (int n = 0; n < cases; n++) {
      T value = input.apply(fuzz);
      try {
        property.accept(value);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed 0x" + Long.toHexString(seed) + ", case " + n + ", input ["
            + printable(value) + "]: " + e, e);
      }
    }
  }

  /**
   * Returns, in turn, a mutation of {@code valid}, a string over {@code alphabet} and a string of
   * random chars, each up to 47 chars long (mutations aside).
   */
  public String near(String valid, String alphabet) {
    return switch (random.nextInt(3)) {
      case 0 -> mutate(valid, alphabet.split(""));
      case 1 -> string(alphabet, random.nextInt(48));
      default -> string(null, random.nextInt(48));
    };
  }

  /**
   * Returns {@code s} with one to four random edits: one of {@code insertions} inserted, a char
   * deleted, a substring repeated, a char replaced by a random one, or a letter's case flipped.
   */
  public String mutate(String s, String... insertions) {
    StringBuilder sb = new StringBuilder(s);
    for (int edits = 1 + random.nextInt(4), k = 0; k < edits; k++) {
      int at = random.nextInt(sb.length() + 1);
      int kind = random.nextInt(5);
      if (kind == 0) {
        sb.insert(at, pick(insertions));
      } else if (kind == 1) {
        sb.insert(at, sb.substring(at, at + random.nextInt(sb.length() - at + 1)));
      } else if (at == sb.length()) {
        continue;
      } else if (kind == 2) {
        sb.deleteCharAt(at);
      } else if (kind == 3) {
        sb.setCharAt(at, nextChar());
      } else {
        char c = sb.charAt(at);
        sb.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  /** Returns {@code length} chars of {@code alphabet}, or random chars when it is null. */
  public String string(String alphabet, int length) {
    char[] chars = new char[length];
    for (int k = 0; k < length; k++) {
      chars[k] = alphabet != null ? alphabet.charAt(random.nextInt(alphabet.length())) : nextChar();
    }
    return new String(chars);
  }

  /** Returns up to {@code maxLength} random chars. */
  public String garbage(int maxLength) {
    return string(null, random.nextInt(maxLength + 1));
  }

  /** Returns a random char of this generator's source. */
  public char nextChar() {
    if (!headerBytes) {
      return random.nextInt(20) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x100);
    }
    if (random.nextInt(300) == 0) {
      char c = (char) random.nextInt(0x20);
      return c == '\r' || c == '\n' ? '\u0000' : c;
    }
    char c = (char) (0x20 + random.nextInt(0xe0));
    return c == 0x7f ? '~' : c;
  }

  /** Returns one of {@code options}. */
  @SafeVarargs
  public final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  /** Returns one of {@code options}. */
  public <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** Returns a number from 0 (inclusive) to {@code bound} (exclusive). */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Returns a number from {@code from} (inclusive) to {@code to} (exclusive). */
  public long nextLong(long from, long to) {
    return random.longs(1, from, to).findFirst().orElseThrow();
  }

  /** Returns true with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Returns a number from 0 (inclusive) to 1 (exclusive). */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** Returns {@code value} with control chars and those above 0x7E escaped, for a failure message. */
  private static String printable(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
