package org.vertxassets.impl.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The index's bytes reach Netty as the direct memory they were read into, through Vert.x's
 * internal {@code BufferInternal}: these tests fail when that internal API changes and
 * {@link DirectBuffers} falls back to copying.
 */
class DirectBuffersTest {

  @Test
  void bytesInDirectMemoryAreSharedNotCopied() {
    ByteBuffer held = ByteBuffer.allocateDirect(5).put("hello".getBytes(StandardCharsets.US_ASCII)).flip();

    Buffer buffer = DirectBuffers.wrap(held);
    held.put(0, (byte) 'j');

    assertTrue(DirectBuffers.sharing(), "Vert.x's internal BufferInternal.buffer(ByteBuf) is no longer usable");
    assertEquals("jello", buffer.toString(StandardCharsets.US_ASCII), "a copy would still say hello");
    ByteBuf netty = ((BufferInternal) buffer).getByteBuf();
    assertTrue(netty.isDirect(), "Netty writes a direct buffer to the socket as it is");
    assertTrue(netty.isReadOnly(), "responses share the bytes: none may write to them");
  }

  @Test
  void aSliceForARangeSharesTheSameMemory() {
    ByteBuffer held = ByteBuffer.allocateDirect(10).put("0123456789".getBytes(StandardCharsets.US_ASCII)).flip();

    Buffer range = DirectBuffers.wrap(held).slice(2, 5);
    held.put(3, (byte) 'x');

    assertEquals("2x4", range.toString(StandardCharsets.US_ASCII));
    assertTrue(((BufferInternal) range).getByteBuf().isDirect());
  }

  @Test
  void onlyTheBytesFromPositionToLimitAreWrapped() {
    ByteBuffer held = ByteBuffer.allocateDirect(8).put("abcdefgh".getBytes(StandardCharsets.US_ASCII));
    held.position(2).limit(6);

    assertEquals("cdef", DirectBuffers.wrap(held).toString(StandardCharsets.US_ASCII));
  }
}
