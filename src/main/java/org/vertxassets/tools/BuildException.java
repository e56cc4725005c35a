package org.vertxassets.tools;

import java.util.List;

/**
 * Thrown by {@link AssetBuilder#build} when a build cannot be made as asked: a strict build with
 * references it cannot rewrite, two files that would be written to one path, or an OUT whose
 * {@code manifest.json} is not one of ours. Nothing has been written to OUT when it is thrown.
 */
public final class BuildException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<AssetBuilder.Warning> warnings;

  BuildException(String message, List<AssetBuilder.Warning> warnings) {
    super(message);
    this.warnings = List.copyOf(warnings);
  }

  /** Returns the warnings that failed a strict build, in file and line order; empty for other failures. */
  public List<AssetBuilder.Warning> warnings() {
    return warnings;
  }
}
