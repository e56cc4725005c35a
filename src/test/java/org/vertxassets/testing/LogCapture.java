package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the library logs ({@code System.getLogger("org.vertxassets")}, which the JDK
 * routes to java.util.logging) from {@link #start()} until {@link #close()}. Records are published
 * on the thread that logs, so a warning logged before a response was sent is here once the
 * response has arrived. {@link #everything()} also captures Vert.x and Netty (which log through
 * java.util.logging here) and the library's DEBUG records.
 */
public final class LogCapture implements AutoCloseable {

  /** Held in a field: the log manager keeps loggers only weakly. */
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  /** Records awaited by {@link #first} and {@link #next}, each with the promise its first match completes. */
  private final List<Waiter> waiters = new ArrayList<>();
  /** The library's logger, whose level {@link #everything()} lowers to DEBUG until {@link #close()}. */
  private Logger library;
  private Level libraryLevel;
  /** A logger {@link #silencing} turned off, and its level before, restored on close. */
  private Logger silenced;
  private Level silencedLevel;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
      synchronized (waiters) {
        waiters.removeIf(w -> w.test(record));
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  /** Whether records also reach the parent handlers (the console); restored on close. */
  private final boolean useParentHandlers;

  private LogCapture(String name) {
    this.logger = Logger.getLogger(name);
    this.useParentHandlers = logger.getUseParentHandlers();
  }

  /** Returns a capture of the library's log that has started listening; close it to stop. */
  public static LogCapture start() {
    return start("org.vertxassets");
  }

  /** Returns a capture of the logger {@code name} (and those below it) that has started listening. */
  public static LogCapture start(String name) {
    LogCapture capture = new LogCapture(name);
    capture.logger.addHandler(capture.handler);
    return capture;
  }

  /**
   * Returns a capture of the logger {@code name} that keeps its records from the console until
   * closed: for a test that provokes log lines on purpose, so that the build's output stays
   * readable.
   */
  public static LogCapture startQuiet(String name) {
    LogCapture capture = start(name);
    capture.logger.setUseParentHandlers(false);
    return capture;
  }

  /**
   * Returns a capture of every java.util.logging record (the library's, Vert.x's, Netty's), with
   * the library's logger set to let DEBUG records through until {@link #close()}; the console
   * still shows INFO and above only.
   */
  public static LogCapture everything() {
    LogCapture capture = new LogCapture("");
    capture.library = Logger.getLogger("org.vertxassets");
    capture.libraryLevel = capture.library.getLevel();
    capture.library.setLevel(Level.ALL);
    capture.logger.addHandler(capture.handler);
    return capture;
  }

  /**
   * Returns a future of the first record, captured already or from now on, that {@code wanted}
   * accepts: an event to wait on, since a record is published as it is logged.
   */
  public Future<LogRecord> first(Predicate<LogRecord> wanted) {
    return await(wanted, true);
  }

  /** Returns a future of the first record captured from now on (not before) that {@code wanted} accepts. */
  public Future<LogRecord> next(Predicate<LogRecord> wanted) {
    return await(wanted, false);
  }

  private Future<LogRecord> await(Predicate<LogRecord> wanted, boolean already) {
    Promise<LogRecord> promise = Promise.promise();
    synchronized (waiters) {
      for (LogRecord r : already ? records : List.<LogRecord>of()) {
        if (wanted.test(r)) {
          promise.complete(r);
          return promise.future();
        }
      }
      waiters.add(new Waiter(wanted, promise));
    }
    return promise.future();
  }

  /** Returns a predicate of records at exactly {@code level} whose formatted message contains {@code text}. */
  public static Predicate<LogRecord> at(Level level, String text) {
    SimpleFormatter formatter = new SimpleFormatter();
    return r -> r.getLevel().equals(level) && formatter.formatMessage(r).contains(text);
  }

  /**
   * Asserts that nothing was logged at SEVERE (SLF4J's ERROR) and that no record at WARNING or
   * above carries a stack trace: a fault of the disk or a client is reported in one line.
   */
  public void assertNoErrorNorStackTrace() {
    SimpleFormatter formatter = new SimpleFormatter();
    List<String> bad = records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
            || r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null)
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + formatter.formatMessage(r) + " " + r.getThrown())
        .toList();
    assertEquals(List.of(), bad);
  }

  /**
   * Turns the logger {@code name} off until {@link #close()}, as an application that embeds the
   * library configures its own logging (the library leaves it alone), and returns this capture.
   */
  public LogCapture silencing(String name) {
    silenced = Logger.getLogger(name);
    silencedLevel = silenced.getLevel();
    silenced.setLevel(Level.OFF);
    return this;
  }

  /** Returns every record captured so far, in order. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(useParentHandlers);
    if (library != null) {
      library.setLevel(libraryLevel);
    }
    if (silenced != null) {
      silenced.setLevel(silencedLevel);
    }
  }

  /** Returns the formatted messages of the WARNING (or more severe) records captured so far. */
  public List<String> warnings() {
    SimpleFormatter formatter = new SimpleFormatter();
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(formatter::formatMessage)
        .toList();
  }

  /** Returns the formatted messages of the INFO (or more severe) records captured so far. */
  public List<String> infos() {
    SimpleFormatter formatter = new SimpleFormatter();
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .map(formatter::formatMessage)
        .toList();
  }

  /** Returns how many captured warnings contain {@code text}. */
  public long warningsNaming(String text) {
    return warnings().stream().filter(m -> m.contains(text)).count();
  }

  /** Asserts that at least one captured warning contains {@code text}. */
  public void assertWarningNaming(String text) {
    assertTrue(warningsNaming(text) > 0, "no warning naming " + text + " in " + warnings());
  }

  /** A record awaited by {@link #first} or {@link #next}. */
  private record Waiter(Predicate<LogRecord> wanted, Promise<LogRecord> promise) {
    /** Completes the promise and returns true when {@code record} is the one awaited. */
    public boolean test(LogRecord record) {
      return wanted.test(record) && promise.tryComplete(record);
    }
  }
}
