package org.vertxassets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A variant's file to read a body from, and what to give back when done, or why it cannot be
 * used: the channel the open-file cache holds, or one opened for the one answer.
 *
 * @param shared the open-file cache's hold on the file, or null for a channel opened for the answer
 * @param channel the channel to read from, or null when it could not be opened
 * @param problem why the file cannot be used (gone, or another length than indexed), or null
 */
record FileSource(OpenFiles.Handle shared, FileChannel channel, String problem) {

  /**
   * Returns the variant's file as {@code shared} holds it open, or opened now when that is null,
   * with a problem when it is gone or no longer has the length the index recorded. Blocks (an
   * {@code open(2)} when not shared, an {@code fstat(2)}).
   */
  static FileSource open(OpenFiles.Handle shared, Variant variant) {
    FileChannel channel = null;
    try {
      channel = shared != null ? shared.channel() : OpenFiles.openRegular(Path.of(variant.file()));
      long size = channel.size();
      return new FileSource(shared, channel, size == variant.length() ? null
          : "its size changed from " + variant.length() + " to " + size + " bytes");
    } catch (IOException e) {
      return new FileSource(shared, channel, e.toString());
    }
  }

  /** Gives the channel back to the open-file cache, or closes it when it was opened for the answer. */
  void done() {
    done(shared, channel);
  }

  /** Gives a shared channel back to the open-file cache, or closes a channel opened for one request. */
  static void done(OpenFiles.Handle shared, FileChannel channel) {
    if (shared != null) {
      shared.release();
    } else if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing a read-only channel loses nothing.
      }
    }
  }

  /** Returns the size of the file under {@code channel} now, or the variant's when it cannot be read. */
  static long sizeOf(FileChannel channel, Variant variant) {
    try {
      return channel.size();
    } catch (IOException e) {
      return variant.length();
    }
  }
}
