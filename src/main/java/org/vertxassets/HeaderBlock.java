package org.vertxassets;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Response headers rendered once, when the index is built, as pre-encoded names and values that
 * a response copies without any string work.
 */
final class HeaderBlock {

  private final CharSequence[] names;
  private final CharSequence[] values;

  private HeaderBlock(CharSequence[] names, CharSequence[] values) {
    this.names = names;
    this.values = values;
  }

  /** Returns a block holding the entries of {@code headers}, in their order. */
  static HeaderBlock of(MultiMap headers) {
    List<CharSequence> n = new ArrayList<>();
    List<CharSequence> v = new ArrayList<>();
    for (Map.Entry<String, String> e : headers) {
      n.add(HttpHeaders.createOptimized(e.getKey()));
      v.add(HttpHeaders.createOptimized(e.getValue()));
    }
    return new HeaderBlock(n.toArray(new CharSequence[0]), v.toArray(new CharSequence[0]));
  }

  /** Adds every header of this block to {@code target}. */
  void addTo(MultiMap target) {
    for (int i = 0; i < names.length; i++) {
      target.add(names[i], values[i]);
    }
  }
}
