package org.vertxassets.impl.json;

/**
 * A rejected configuration value, with the key it was read from: dotted for a nested key
 * ({@code server.port}). The message names the key as well; {@link #key()} is there so that a
 * caller that merged the JSON from several sources can say which of them set the value.
 */
public final class ConfigKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates the exception for {@code key} with a message that names it. */
  public ConfigKeyException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** Creates the exception for {@code key} with a message that names it and the failure behind it. */
  public ConfigKeyException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** Returns the key of the rejected value, dotted for a nested key. */
  public String key() {
    return key;
  }

  /**
   * Runs {@code read}, the reading of {@code key}, and returns normally if it does. What it throws
   * is thrown as a {@code ConfigKeyException} for {@code key}: an IllegalArgumentException (a
   * setter's, whose message names its property) with its message; one for a key of a nested
   * object ({@code directory} of a root) with {@code key} before its message; one for {@code key}
   * or a key under it ({@code server.port} under {@code server}) as it is.
   */
  public static void at(String key, Runnable read) {
    try {
      read.run();
    } catch (ConfigKeyException e) {
      if (e.key.equals(key) || e.key.startsWith(key + ".")) {
        throw e;
      }
      throw new ConfigKeyException(key, key + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigKeyException(key, e.getMessage(), e);
    }
  }
}
