package org.vertxassets.impl.vertx;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * Bytes held in direct memory as a Vert.x {@link Buffer} without copying them. Vert.x 5's public
 * {@code Buffer.buffer(byte[])} copies into a heap buffer, which Netty copies again into direct
 * memory for every response that writes it; wrapping the index's direct buffer takes Vert.x's
 * internal {@code BufferInternal.buffer(ByteBuf)}. Where that type is missing or changed (another
 * Vert.x version), the bytes are copied into a public heap buffer instead: slower, still correct.
 */
public final class DirectBuffers {

  /** False once Vert.x's internal buffer type turned out missing. */
  private static volatile boolean usable = true;

  private DirectBuffers() {
  }

  /**
   * Returns a buffer of the bytes of {@code bytes} from its position to its limit, sharing them
   * when Vert.x's internal API allows (a read-only view: every response slices it without
   * copying), else a heap copy. Thread-safe.
   */
  public static Buffer wrap(ByteBuffer bytes) {
    ByteBuffer view = bytes.asReadOnlyBuffer();
    if (usable) {
      try {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(view));
      } catch (LinkageError e) {
        usable = false; // another Vert.x version: copy instead
      }
    }
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return Buffer.buffer(copy);
  }

  /** Returns whether buffers are shared through Vert.x's internal API (false after a fallback). */
  public static boolean sharing() {
    return usable;
  }
}
