package org.vertxassets;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

/** A class that breaks {@link ArchitectureTest#INTERNALS} on purpose, to show that the rule bites. */
final class ReachesIntoVertx {

  private ReachesIntoVertx() {
  }

  static boolean isServerSide(HttpConnection connection) {
    return connection instanceof HttpServerConnection;
  }
}
