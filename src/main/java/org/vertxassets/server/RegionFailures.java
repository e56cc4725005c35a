package org.vertxassets.server;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps Vert.x from logging a client that left mid-download as an error. Vert.x 5.0 sends a
 * {@code sendFile} body of 1 MiB or more as 1 MiB regions and, when one fails, logs the failure
 * itself at ERROR with its stack trace ({@code VertxConnection.sendFileRegion}, the one line that
 * logger writes): every visitor who stops a large download would page an operator. The send's
 * future fails as well, and the library reports it at the right level (DEBUG for a client gone,
 * one WARNING for a file that changed size while it was sent), so the record is dropped when its
 * cause is an I/O error; any other cause still gets through.
 *
 * <p>Installed by the bundled server's {@code main} only, which owns its process's logging: the
 * library leaves its host application's logging alone (README, "Known limits", says what an
 * application may set). This works where Vert.x logs through {@code java.util.logging}, its
 * default. The logger is held here, since java.util.logging keeps loggers weakly.
 */
final class RegionFailures {

  static final String LOGGER = "io.vertx.core.net.impl.VertxConnection";

  private static final Logger VERTX_CONNECTION = Logger.getLogger(LOGGER);
  private static final Filter DROP_IO_ERRORS = r -> !(r.getThrown() instanceof IOException);

  private RegionFailures() {
  }

  /** Installs the filter once; a filter of the application's own is left in place. */
  static synchronized void quiet() {
    if (VERTX_CONNECTION.getFilter() == null) {
      VERTX_CONNECTION.setFilter(DROP_IO_ERRORS);
    }
  }
}
