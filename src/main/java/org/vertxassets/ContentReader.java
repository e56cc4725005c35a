package org.vertxassets;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vertxassets.RootScanner.Found;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.vertx.DirectBuffers;

/**
 * Reads each file once while the index is built: hashes it into its entity tag and, when it is
 * small enough and the memory budget allows, keeps its bytes so that it is served from memory.
 * Blocking; one instance per building thread.
 */
final class ContentReader {

  private static final System.Logger LOG = System.getLogger(ContentReader.class.getName());

  /** A file's entity tag, and its bytes when they are held in memory (else null). */
  record Content(String etag, Buffer body) {
  }

  /** What {@link #read} returns for a file whose size changed since it was listed: list it again. */
  static final Content CHANGED = new Content("", null);

  private final long maxFileSize;
  private long budgetLeft;
  /** The files chosen to be held in memory; see {@link #chooseHeld}. */
  private final Set<Path> held = new HashSet<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
  private final MessageDigest digest;

  ContentReader(long maxFileSize, long budget) {
    this.maxFileSize = maxFileSize;
    this.budgetLeft = budget;
    this.digest = ContentHash.newDigest();
  }

  /**
   * Chooses the files whose bytes {@link #read} keeps: the smallest first, each at most the
   * largest size held, until the budget is spent. Small files gain the most from memory (a
   * request for one costs little else), and a large file taken first would crowd out many.
   */
  void chooseHeld(Collection<Found> files) {
    long left = budgetLeft;
    List<Found> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(Found::size));
    for (Found f : bySize) {
      if (f.size() > maxFileSize || f.size() > left) {
        break;
      }
      held.add(f.file());
      left -= f.size();
    }
  }

  /** Returns how many bytes of the memory budget are left. */
  long budgetLeft() {
    return budgetLeft;
  }

  /**
   * Returns a file's content: its strong entity tag (the first 128 bits of the SHA-256 of its
   * bytes, so that every machine with the same bytes agrees) and its bytes if kept in memory; or
   * null, with a warning, when it cannot be read; or {@link #CHANGED} when it is being rewritten.
   */
  Content read(Found f, String knownSha256) {
    boolean keep = held.contains(f.file()) && f.size() <= maxFileSize && f.size() <= budgetLeft;
    if (knownSha256 != null && !keep) {
      // A manifest vouches for the bytes: no need to read them at all.
      return new Content(ContentHash.etag(knownSha256), null);
    }
    // One byte more than expected, to notice a file that grew since it was listed.
    // Kept bytes go to direct memory: Netty writes a direct buffer to the socket as it is, where
    // a heap buffer would be copied to a direct one on every response.
    ByteBuffer target = keep ? ByteBuffer.allocateDirect((int) f.size() + 1) : buffer;
    digest.reset();
    long read = 0;
    try (FileChannel channel = OpenFiles.openRegular(f.file())) {
      target.clear();
      int n;
      // Ends at the end of the file, or when a kept file fills its one spare byte (read returns 0).
      while ((n = channel.read(target)) > 0) {
        read += n;
        if (!keep && knownSha256 == null) {
          target.flip();
          digest.update(target);
          target.clear();
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "vertx-assets: skipped {0}: cannot be read: {1}", f.file(), e.toString());
      return null;
    }
    if (read != f.size()) {
      return CHANGED;
    }
    Buffer body = null;
    if (keep) {
      target.flip();
      if (knownSha256 == null) {
        digest.update(target.duplicate());
      }
      // A JDK direct buffer, freed by the garbage collector once no index or response holds it;
      // Vert.x hands Netty an unreleasable slice per response, so responses share it safely.
      body = DirectBuffers.wrap(target);
      budgetLeft -= read;
    }
    return new Content(ContentHash.etag(knownSha256 != null ? knownSha256 : ContentHash.sha256Hex(digest)), body);
  }
}
