package org.vertxassets.impl.http;

import org.vertxassets.AssetsHandler;

/** A class of the RFC rules that imports the API above it, on purpose: ArchitectureTest shows the rule bites. */
public final class PointsUp {

  private PointsUp() {
  }

  /** Returns the index of a handler: a rule of impl.http reaching up into org.vertxassets. */
  public static Object indexOf(AssetsHandler handler) {
    return handler.index();
  }
}
