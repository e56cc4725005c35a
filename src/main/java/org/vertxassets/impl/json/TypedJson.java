package org.vertxassets.impl.json;

import io.vertx.core.json.JsonObject;

/** Typed reads of configuration JSON that name the key of a value of the wrong type. */
public final class TypedJson {

  private TypedJson() {
  }

  /**
   * Returns the value of {@code key}, or null when absent or null; throws IllegalArgumentException
   * naming the key when it is not a {@code type}.
   */
  public static <T> T get(JsonObject json, String key, Class<T> type, String expected) {
    Object value = json.getValue(key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new IllegalArgumentException("'" + key + "' must be " + expected + ", got "
        + value.getClass().getSimpleName() + " " + value);
  }
}
