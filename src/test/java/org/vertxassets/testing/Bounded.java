package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A wait on a future from a test's thread that ends: after {@link #SECONDS} it fails the test,
 * naming what it waited for, where {@code Future.await()} would wait for good and hang the build.
 */
public final class Bounded {

  /** Far beyond an answer on the loopback, even in a full suite on a loaded machine. */
  public static final int SECONDS = 20;

  private Bounded() {
  }

  /** Returns what {@code future} completes with, or fails the test with "no {@code what} within 20 s". */
  public static <T> T await(Future<T> future, String what) {
    return await(future, () -> what);
  }

  /** As {@link #await(Future, String)}, with what it waited for told once the time is up (what it saw by then). */
  public static <T> T await(Future<T> future, Supplier<String> what) {
    try {
      return future.await(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return fail("no " + what.get() + " within " + SECONDS + " s");
    }
  }
}
