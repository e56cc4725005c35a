package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled server's filter on Vert.x's connection logger, which its {@code main} installs: a
 * client gone mid-body (an I/O error) is dropped, anything else still gets through, and a filter
 * the process set itself is kept. The library never installs it (ClientGoneTest, ChangedFileTest).
 */
class RegionFailuresTest {

  private final Logger vertx = Logger.getLogger(RegionFailures.LOGGER);
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      published.add(record.getMessage()); // what the logger's filter let through
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Filter before;

  @BeforeEach
  void listen() {
    before = vertx.getFilter();
    vertx.setFilter(null);
    vertx.addHandler(handler);
    vertx.setUseParentHandlers(false);
  }

  @AfterEach
  void restore() {
    vertx.removeHandler(handler);
    vertx.setUseParentHandlers(true);
    vertx.setFilter(before);
  }

  @Test
  void aClientGoneMidBodyIsDroppedAndOtherFailuresStillShow() {
    RegionFailures.quiet();

    vertx.log(Level.SEVERE, "Broken pipe", new IOException("Broken pipe"));
    vertx.log(Level.SEVERE, "a bug", new IllegalStateException("a bug"));
    vertx.log(Level.SEVERE, "no cause");

    assertEquals(List.of("a bug", "no cause"), published);
  }

  @Test
  void aFilterTheProcessSetItselfIsKept() {
    Filter own = r -> !r.getMessage().startsWith("mine");
    vertx.setFilter(own);

    RegionFailures.quiet();
    vertx.log(Level.SEVERE, "Broken pipe", new IOException("Broken pipe"));
    vertx.log(Level.SEVERE, "mine: dropped");

    assertEquals(own, vertx.getFilter());
    assertEquals(List.of("Broken pipe"), published);
  }
}
