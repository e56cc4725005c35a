package org.vertxassets;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.vertxassets.impl.codec.Encoding;

/**
 * A handler's metrics for a Micrometer registry, the application's own or the one
 * vertx-micrometer-metrics keeps: bind it and the handler starts counting (before, it counts
 * nothing and costs nothing). The names, as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code vertx_assets_responses_total{status="2xx",encoding="br"}}: answers by status class
 *       and {@code Content-Encoding} ({@code identity} for none);
 *   <li>{@code vertx_assets_not_modified_total}, {@code vertx_assets_partial_total},
 *       {@code vertx_assets_partial_multipart_total}: 304s, 206s, and 206s of several parts;
 *   <li>{@code vertx_assets_sent_bytes_total{encoding}}: body bytes the clients were sent, a
 *       body of more than 64 KiB cut short counted as far as it went, a smaller one as it is
 *       handed to the connection;
 *   <li>{@code vertx_assets_saved_bytes_total}: what the identity of the compressed bodies sent
 *       whole would have taken more;
 *   <li>{@code vertx_assets_bodies_total{source="memory|kept_open_file|opened_file"}};
 *   <li>{@code vertx_assets_index_files}, {@code vertx_assets_index_memory_bytes},
 *       {@code vertx_assets_index_build_seconds} (the current index), {@code vertx_assets_open_files}
 *       (descriptors kept open) and {@code vertx_assets_reloads_total} (indexes swapped in).
 * </ul>
 *
 * <pre>{@code
 * new AssetsMeters(assets).bindTo(BackendRegistries.getDefaultNow());
 * }</pre>
 *
 * Needs {@code io.micrometer:micrometer-core} on the class path, which the library does not bring
 * (vertx-micrometer-metrics does).
 */
public final class AssetsMeters implements MeterBinder {

  private final AssetsHandlerImpl handler;

  /**
   * Creates the metrics of {@code handler}, one of {@link AssetsHandler#create}'s.
   *
   * @throws IllegalArgumentException for a handler of another implementation
   */
  public AssetsMeters(AssetsHandler handler) {
    if (!(Objects.requireNonNull(handler, "handler") instanceof AssetsHandlerImpl impl)) {
      throw new IllegalArgumentException("AssetsMeters counts a handler of AssetsHandler.create, not a "
          + handler.getClass().getName());
    }
    this.handler = impl;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Counters c = handler.countOn();
    for (int statusClass = 2; statusClass <= Counters.CLASSES; statusClass++) {
      for (Encoding encoding : Encoding.values()) {
        int sc = statusClass;
        counter(registry, "vertx.assets.responses", "Answers by status class and Content-Encoding", null,
            x -> x.responses(sc, encoding), c, "status", sc + "xx", "encoding", encoding.token);
      }
    }
    for (Encoding encoding : Encoding.values()) {
      counter(registry, "vertx.assets.sent", "Body bytes sent, a download cut short as far as it went", BaseUnits.BYTES,
          x -> x.sentBytes(encoding), c, "encoding", encoding.token);
    }
    for (Counters.Source source : Counters.Source.values()) {
      counter(registry, "vertx.assets.bodies", "Bodies sent, by where their bytes came from", null,
          x -> x.bodies(source), c, "source", source.label);
    }
    counter(registry, "vertx.assets.saved", "Bytes the identity of compressed bodies sent whole would have taken more",
        BaseUnits.BYTES, Counters::savedBytes, c);
    counter(registry, "vertx.assets.not.modified", "304 Not Modified answers", null, Counters::notModified, c);
    counter(registry, "vertx.assets.partial", "206 Partial Content answers", null, Counters::partial, c);
    counter(registry, "vertx.assets.partial.multipart", "206 answers of several parts (multipart/byteranges)", null,
        Counters::multipartCount, c);
    counter(registry, "vertx.assets.reloads", "Indexes swapped in after the first", null, Counters::reloads, c);
    gauge(registry, "vertx.assets.index.files", "Files of the current index", null, h -> h.index().assetCount());
    gauge(registry, "vertx.assets.index.memory", "Bytes of variants the current index holds in memory",
        BaseUnits.BYTES, h -> h.index().memoryBytes());
    gauge(registry, "vertx.assets.open.files", "Files the current index keeps open between requests", null,
        h -> h.index().openFileCount());
    TimeGauge.builder("vertx.assets.index.build", handler, TimeUnit.SECONDS,
            h -> h.index().buildTime().toNanos() / 1e9)
        .description("How long the current index took to build").register(registry);
  }

  private static void counter(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<Counters> value, Counters counters, String... tags) {
    FunctionCounter.builder(name, counters, value).description(description).baseUnit(unit).tags(tags)
        .register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<AssetsHandlerImpl> value) {
    Gauge.builder(name, handler, value).description(description).baseUnit(unit).strongReference(true)
        .register(registry);
  }
}
