package org.vertxassets.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** What can happen to a file after the index was built: the changes a test applies to the disk. */
public enum Fault {

  /** Unlinked: a descriptor already open on it still reads the indexed bytes. */
  DELETED {
    @Override
    byte[] applyTo(Path file) throws IOException {
      Files.delete(file);
      return null;
    }
  },

  /** Cut to half its length in place: the same inode, so an open descriptor sees it too. */
  TRUNCATED {
    @Override
    byte[] applyTo(Path file) throws IOException {
      byte[] before = Files.readAllBytes(file);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(before.length / 2);
      }
      return Arrays.copyOf(before, before.length / 2);
    }
  },

  /** Appended to in place: the same inode, longer. */
  GROWN {
    @Override
    byte[] applyTo(Path file) throws IOException {
      byte[] more = "/* appended after the build */\n".getBytes();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        channel.write(ByteBuffer.wrap(more));
      }
      return Files.readAllBytes(file);
    }
  },

  /**
   * Replaced by a new file renamed over it, as editors and deploy tools publish: a new inode with
   * other bytes and another length; a descriptor open on the old file still reads the old bytes.
   */
  REPLACED_BY_RENAME {
    @Override
    byte[] applyTo(Path file) throws IOException {
      byte[] before = Files.readAllBytes(file);
      byte[] after = new byte[before.length * 3 / 4];
      for (int i = 0; i < after.length; i++) {
        after[i] = (byte) ('a' + i % 26);
      }
      Path temp = file.resolveSibling("." + file.getFileName() + ".new");
      Files.write(temp, after);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return after;
    }
  };

  /** Applies the fault to {@code file} and returns the bytes now at its path, or null when there is none. */
  abstract byte[] applyTo(Path file) throws IOException;

  /** Applies the fault, turning an I/O error into an unchecked one. */
  public byte[] apply(Path file) {
    try {
      return applyTo(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
