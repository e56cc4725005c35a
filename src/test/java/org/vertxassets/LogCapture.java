package org.vertxassets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the library logs ({@code System.getLogger("org.vertxassets")}, which the JDK
 * routes to java.util.logging) from {@link #start()} until {@link #close()}. Records are published
 * on the thread that logs, so a warning logged before a response was sent is here once the
 * response has arrived.
 */
final class LogCapture implements AutoCloseable {

  /** Held in a field: the log manager keeps loggers only weakly. */
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
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
  static LogCapture start() {
    return start("org.vertxassets");
  }

  /** Returns a capture of the logger {@code name} (and those below it) that has started listening. */
  static LogCapture start(String name) {
    LogCapture capture = new LogCapture(name);
    capture.logger.addHandler(capture.handler);
    return capture;
  }

  /**
   * Returns a capture of the logger {@code name} that keeps its records from the console until
   * closed: for a test that provokes log lines on purpose, so that the build's output stays
   * readable.
   */
  static LogCapture startQuiet(String name) {
    LogCapture capture = start(name);
    capture.logger.setUseParentHandlers(false);
    return capture;
  }

  /** Returns every record captured so far, in order. */
  List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(useParentHandlers);
  }

  /** Returns the formatted messages of the WARNING (or more severe) records captured so far. */
  List<String> warnings() {
    SimpleFormatter formatter = new SimpleFormatter();
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(formatter::formatMessage)
        .toList();
  }

  /** Returns the formatted messages of the INFO (or more severe) records captured so far. */
  List<String> infos() {
    SimpleFormatter formatter = new SimpleFormatter();
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .map(formatter::formatMessage)
        .toList();
  }

  /** Returns how many captured warnings contain {@code text}. */
  long warningsNaming(String text) {
    return warnings().stream().filter(m -> m.contains(text)).count();
  }

  /** Asserts that at least one captured warning contains {@code text}. */
  void assertWarningNaming(String text) {
    assertTrue(warningsNaming(text) > 0, "no warning naming " + text + " in " + warnings());
  }
}
