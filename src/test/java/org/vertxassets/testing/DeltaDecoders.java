package org.vertxassets.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.Deltas;

/**
 * Decoders of RFC 9842 deltas, independent of the writer ({@link Deltas}): brotli4j's decoder
 * with the dictionary attached raw, zstd-jni's decompressor with it as raw content, as a browser
 * decodes them. The header must name the dictionary.
 */
public final class DeltaDecoders {

  private DeltaDecoders() {
  }

  /** Decodes a dcb delta as a client does: the header must name the dictionary, which is attached raw. */
  public static byte[] unDcb(byte[] delta, byte[] dictionary) throws IOException {
    checkHeader(delta, dictionary);
    return brotliStream(delta, dictionary);
  }

  /**
   * Decodes the brotli stream after a dcb header with {@code dictionary} attached raw, whatever the
   * header says: brotli4j's decoder as its Decoder.decompress drives it, which, unlike its
   * BrotliInputStream (1.18.0), pushes once more when the decoder asks for input it already has
   * (BrotliInputStream fails valid streams of 16 MB with "unexpected end of input").
   */
  public static byte[] brotliStream(byte[] delta, byte[] dictionary) throws IOException {
    assertArrayEquals(new byte[] {(byte) 0xff, 0x44, 0x43, 0x42}, Arrays.copyOf(delta, 4));
    Brotli4jLoader.ensureAvailability();
    ByteBuffer direct = ByteBuffer.allocateDirect(dictionary.length).put(dictionary).flip();
    DecoderJNI.Wrapper decoder = new DecoderJNI.Wrapper(delta.length - 36);
    try {
      // brotli4j cannot attach an empty dictionary; an empty one moves nothing.
      if (dictionary.length > 0 && !decoder.attachDictionary(direct)) {
        throw new IOException("the dictionary was not attached");
      }
      decoder.getInputBuffer().put(delta, 36, delta.length - 36);
      decoder.push(delta.length - 36);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (decoder.getStatus() != DecoderJNI.Status.DONE) {
        switch (decoder.getStatus()) {
          case OK -> decoder.push(0);
          case NEEDS_MORE_OUTPUT -> take(decoder, out);
          case NEEDS_MORE_INPUT -> {
            decoder.push(0);
            if (decoder.getStatus() == DecoderJNI.Status.NEEDS_MORE_INPUT) {
              throw new IOException("truncated");
            }
          }
          default -> throw new IOException("corrupted input");
        }
      }
      while (decoder.hasOutput()) {
        take(decoder, out);
      }
      return out.toByteArray();
    } finally {
      decoder.destroy();
    }
  }

  private static void take(DecoderJNI.Wrapper decoder, ByteArrayOutputStream out) {
    ByteBuffer chunk = decoder.pull(); // a direct buffer, valid until the next push
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    out.writeBytes(bytes);
  }

  public static byte[] unDcz(byte[] delta, byte[] dictionary) {
    try {
      checkHeader(delta, dictionary);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return zstdFrame(delta, dictionary);
  }

  /** Decodes the zstd frame after a dcz header with {@code dictionary} as raw content, whatever the header says. */
  public static byte[] zstdFrame(byte[] delta, byte[] dictionary) {
    return unDcz(zstdFrameOf(delta), dictionary, 27);
  }

  /** Decodes a zstd frame with {@code dictionary} as raw content and at most a window of 2^windowLogMax. */
  public static byte[] unDcz(byte[] frame, byte[] dictionary, int windowLogMax) {
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      ctx.setLongMax(windowLogMax);
      ctx.loadDict(dictionary, ZstdDictContentType.RAW_CONTENT);
      return ctx.decompress(frame, (int) Zstd.getFrameContentSize(frame));
    }
  }

  public static void checkHeader(byte[] delta, byte[] dictionary) throws IOException {
    if (!Deltas.readHeader(delta).dictionarySha256().equals(ContentHash.sha256Hex(dictionary))) {
      throw new IOException("the header names another dictionary");
    }
  }

  public static byte[] zstdFrameOf(byte[] dcz) {
    assertArrayEquals(new byte[] {0x5e, 0x2a, 0x4d, 0x18, 0x20, 0, 0, 0}, Arrays.copyOf(dcz, 8));
    return Arrays.copyOfRange(dcz, 40, dcz.length);
  }

}
