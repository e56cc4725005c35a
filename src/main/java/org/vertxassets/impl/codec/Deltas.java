package org.vertxassets.impl.codec;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.aayushatharva.brotli4j.encoder.PreparedDictionary;
import com.aayushatharva.brotli4j.encoder.PreparedDictionaryGenerator;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The two dictionary-compressed content codings of RFC 9842 (Compression Dictionary Transport),
 * as pure functions from a file's bytes and its dictionary (the file's previous version) to the
 * delta a client holding that dictionary decodes: {@link #dcb} and {@link #dcz}, each stream
 * with the header RFC 9842 defines, and {@link #readHeader}, which tells which dictionary a
 * delta was made against; their codings are {@link Encoding#DICTIONARY}'s two. The same input,
 * dictionary and level give the same bytes on every machine and in every run. Every method is
 * thread-safe and keeps no state between calls; the compressors block the calling thread for the
 * whole compression: call them from a worker, never from an event loop.
 */
public final class Deltas {

  /** RFC 9842 §4: the magic number of a dcb stream. */
  private static final byte[] DCB_MAGIC = {(byte) 0xff, 0x44, 0x43, 0x42};
  /**
   * RFC 9842 §5: the magic number of a dcz stream, a zstd skippable frame (RFC 8878 §3.1.2) of
   * magic 0x184D2A5E and length 32, both little-endian, which holds the hash.
   */
  private static final byte[] DCZ_MAGIC = {0x5e, 0x2a, 0x4d, 0x18, 0x20, 0x00, 0x00, 0x00};
  /** The length of the SHA-256 that follows the magic number. */
  private static final int HASH_LENGTH = 32;

  /** The longest header of the two codings (dcz's), what {@link #readHeader} needs at most. */
  public static final int MAX_HEADER_LENGTH = DCZ_MAGIC.length + HASH_LENGTH;

  /** Brotli's largest standard window (RFC 7932 §9.1): 2^24 - 16 bytes, within RFC 9842 §4's 16 MB. */
  static final int DCB_MAX_WINDOW_BITS = 24;
  private static final int BROTLI_MIN_WINDOW_BITS = 10;
  /** RFC 9842 §5: a dcz window of 8 MB (2^23) is always allowed ... */
  static final int DCZ_MIN_WINDOW_LOG = 23;
  /** ... and 128 MB (2^27) never exceeded. */
  static final int DCZ_MAX_WINDOW_LOG = 27;
  /** The shortest dictionary brotli4j's Java generator prepares. */
  private static final int BROTLI_MIN_DICTIONARY = 8;
  /** brotli's BROTLI_SHARED_DICTIONARY_RAW (shared_dictionary.h): an LZ77 prefix dictionary. */
  private static final int BROTLI_SHARED_DICTIONARY_RAW = 0;

  private static final HexFormat HEX = HexFormat.of();

  private Deltas() {
  }

  /**
   * What a delta's header says: its coding and the SHA-256 of the dictionary it was made against.
   *
   * @param encoding {@link Encoding#DCB} or {@link Encoding#DCZ}
   * @param dictionarySha256 the dictionary's SHA-256 as {@link ContentHash} writes it: 64
   *     lowercase hex digits
   */
  public record Header(Encoding encoding, String dictionarySha256) {

    public Header {
      magic(encoding);
      if (!ContentHash.isSha256Hex(dictionarySha256)) {
        throw new IllegalArgumentException("dictionarySha256 must be 64 lowercase hex digits: " + dictionarySha256);
      }
    }
  }

  /**
   * Returns {@code data} as a "Dictionary-Compressed Brotli" stream (RFC 9842 §4): the magic
   * {@code FF 44 43 42}, the 32-byte SHA-256 of {@code dictionary}, then a brotli stream (RFC 7932)
   * made at {@code quality} (0 to 11) with {@code dictionary} attached as a raw LZ77 prefix
   * dictionary, which the client attaches the same way (Chromium: {@code
   * BROTLI_SHARED_DICTIONARY_RAW}). The window is the smallest that holds all of {@code data}, as
   * brotli's command line picks it, and at most 2^24 - 16 bytes, brotli's largest standard window:
   * within the 16 MB §4 allows, and needing no large-window decoder. Brotli reaches the whole
   * dictionary whatever the window (§4). Brotli looks for matches in the dictionary from
   * quality 5 up; below, the stream refers to it for nothing but is still made with it
   * attached, as any dcb stream must be: a decoder's attached dictionary moves the distances of
   * brotli's built-in dictionary words, so a stream made without it would decode wrong. Blocks
   * (CPU).
   *
   * @throws IllegalArgumentException when {@code quality} is out of range
   * @throws IllegalStateException when the native brotli library cannot be loaded on this platform
   */
  public static byte[] dcb(byte[] data, byte[] dictionary, int quality) {
    Codecs.checkRange("brotli quality", quality, 0, Codecs.MAX_BROTLI_QUALITY);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dictionary, "dictionary");
    Codecs.BrotliLibrary.ensureLoaded();
    ByteArrayOutputStream out = new ByteArrayOutputStream(headerLength(Encoding.DCB) + data.length / 4 + 64);
    writeHeader(out, DCB_MAGIC, dictionary);
    Encoder.Parameters parameters = new Encoder.Parameters().setQuality(quality).setWindow(dcbWindowBits(data.length));
    // One input buffer for all of data, as Encoder.compress does: the whole file in one push.
    try (BrotliOutputStream brotli = new BrotliOutputStream(out, parameters, Math.max(1, data.length))) {
      // An empty dictionary moves nothing, and brotli4j cannot attach one.
      if (dictionary.length > 0) {
        brotli.attachDictionary(prepare(dictionary));
      }
      brotli.write(data);
    } catch (IOException e) {
      // brotli4j reports a failed native call (out of memory) this way; no file is involved.
      throw new IllegalStateException("brotli encoder failed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Returns {@code data} as a "Dictionary-Compressed Zstandard" stream (RFC 9842 §5): the magic
   * {@code 5E 2A 4D 18 20 00 00 00} (a skippable frame of 32 bytes), the 32-byte SHA-256 of
   * {@code dictionary}, then one zstd frame (RFC 8878) made at {@code level} (1 to 22) with
   * {@code dictionary} loaded as raw content, never as a trained dictionary, even when its bytes
   * start with zstd's dictionary magic: what the client loads (Chromium: {@code
   * ZSTD_dct_rawContent}). The frame declares its content size, has no checksum and no dictionary
   * ID. Its window is at most the limit §5 sets, max(8 MB, 1.25 × the dictionary) and never
   * above 128 MB, rounded down to a power of two: a client may refuse a larger one. Zstd makes it
   * smaller still when the file and its dictionary fit in less. A file that fits in its window
   * can refer to the whole dictionary from its first byte to its last; a larger one, only until
   * a window's worth of it is written (§5). Blocks (CPU).
   *
   * @throws IllegalArgumentException when {@code level} is out of range
   */
  public static byte[] dcz(byte[] data, byte[] dictionary, int level) {
    Codecs.checkRange("zstd level", level, 1, Codecs.MAX_ZSTD_LEVEL);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dictionary, "dictionary");
    ByteArrayOutputStream out = new ByteArrayOutputStream(headerLength(Encoding.DCZ) + data.length / 4 + 64);
    writeHeader(out, DCZ_MAGIC, dictionary);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(level).setContentSize(true).setChecksum(false).setDictID(false)
          .setWindowLog(dczWindowLog(dictionary.length));
      ctx.loadDict(dictionary, ZstdDictContentType.RAW_CONTENT);
      out.writeBytes(ctx.compress(data));
    }
    return out.toByteArray();
  }

  /**
   * Returns what the header at the start of {@code head} says: the coding and the dictionary's
   * SHA-256. {@code head} holds at least the header (36 bytes for dcb, 40 for dcz; {@link
   * #MAX_HEADER_LENGTH} is enough for both); what follows it is not read.
   *
   * @throws IllegalArgumentException when {@code head} starts with neither magic number, or is
   *     shorter than the header of the one it starts with
   */
  public static Header readHeader(byte[] head) {
    for (Encoding encoding : Encoding.DICTIONARY) {
      byte[] magic = magic(encoding);
      if (head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
        if (head.length < magic.length + HASH_LENGTH) {
          throw new IllegalArgumentException("a " + encoding.token + " header is " + headerLength(encoding)
              + " bytes: " + head.length + " given");
        }
        return new Header(encoding, HEX.formatHex(head, magic.length, magic.length + HASH_LENGTH));
      }
    }
    throw new IllegalArgumentException("not a dcb or dcz header: it starts with "
        + HEX.formatHex(head, 0, Math.min(head.length, 8)) + (head.length > 8 ? "…" : "")
        + " (" + head.length + " bytes)");
  }

  /**
   * Returns the length of the header of a stream in {@code encoding}: 36 bytes for dcb (RFC 9842
   * §4), 40 for dcz (§5).
   *
   * @throws IllegalArgumentException for an encoding that is not {@link Encoding#DICTIONARY}
   */
  public static int headerLength(Encoding encoding) {
    return magic(encoding).length + HASH_LENGTH;
  }

  /** Returns brotli's window bits for {@code length} bytes: the smallest window holding them, at most 24. */
  static int dcbWindowBits(int length) {
    int bits = BROTLI_MIN_WINDOW_BITS;
    // RFC 7932 §9.1: a window of WBITS holds 2^WBITS - 16 bytes.
    while (bits < DCB_MAX_WINDOW_BITS && (1L << bits) - 16 < length) {
      bits++;
    }
    return bits;
  }

  /**
   * Returns the largest zstd window log RFC 9842 §5 allows for a dictionary of {@code length}
   * bytes: the log of max(8 MB, 1.25 × length), at most 128 MB, rounded down, so that the window
   * stays within the limit. Chromium rounds the same limit up (net/filter/zstd_source_stream.cc).
   */
  static int dczWindowLog(int length) {
    long limit = Math.min(1L << DCZ_MAX_WINDOW_LOG, Math.max(1L << DCZ_MIN_WINDOW_LOG, length * 5L / 4));
    return 63 - Long.numberOfLeadingZeros(limit);
  }

  /**
   * Returns {@code dictionary} prepared for brotli's encoder. In Java rather than by {@link
   * Encoder#prepareDictionary} when it can: the same bytes out (the hash table of brotli's
   * CreatePreparedDictionary, enc/compound_dictionary.c, with the bucket bits it picks), in a
   * direct buffer the garbage collector frees, where brotli4j 1.18 frees its native one only by
   * finalisation. The Java generator needs 8 bytes, one hash: a shorter dictionary, which has
   * nothing to find, is prepared natively.
   */
  private static PreparedDictionary prepare(byte[] dictionary) {
    if (dictionary.length < BROTLI_MIN_DICTIONARY) {
      ByteBuffer direct = ByteBuffer.allocateDirect(dictionary.length).put(dictionary).flip();
      return Encoder.prepareDictionary(direct, BROTLI_SHARED_DICTIONARY_RAW);
    }
    int bucketBits = brotliBucketBits(dictionary.length);
    // Slot bits and 32 entries a bucket (2^5) as CreatePreparedDictionary has them; hashes of 40 bits (5 bytes).
    return PreparedDictionaryGenerator.generate(ByteBuffer.wrap(dictionary), bucketBits, bucketBits - 10, 40, 5);
  }

  /** Returns the bucket bits brotli's CreatePreparedDictionary (enc/compound_dictionary.c) picks for a dictionary. */
  private static int brotliBucketBits(int length) {
    int bits = 17;
    while ((16L << bits) < length && bits < 22) {
      bits++;
    }
    return bits;
  }

  private static byte[] magic(Encoding encoding) {
    if (encoding == Encoding.DCB) {
      return DCB_MAGIC;
    }
    if (encoding == Encoding.DCZ) {
      return DCZ_MAGIC;
    }
    throw new IllegalArgumentException("not a dictionary encoding: " + (encoding == null ? null : encoding.token));
  }

  private static void writeHeader(ByteArrayOutputStream out, byte[] magic, byte[] dictionary) {
    out.writeBytes(magic);
    out.writeBytes(ContentHash.newDigest().digest(dictionary));
  }
}
