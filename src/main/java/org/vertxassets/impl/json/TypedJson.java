package org.vertxassets.impl.json;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** Typed reads of configuration JSON that name the key of a value of the wrong type. */
public final class TypedJson {

  private TypedJson() {
  }

  /**
   * Returns the value of {@code key}, or null when absent or null; throws a
   * {@link ConfigKeyException} naming the key, what was expected and what was given (as JSON)
   * when it is not a {@code type}.
   */
  public static <T> T get(JsonObject json, String key, Class<T> type, String expected) {
    Object value = json.getValue(key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new ConfigKeyException(key, "'" + key + "' must be " + expected + ", got " + Json.encode(value));
  }
}
