package org.vertxassets.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vertxassets.AssetsHandler;
import org.vertxassets.AssetsMeters;

/**
 * The metrics of the bundled server, in Prometheus's text format at the {@code metricsPath}: the
 * handler's ({@code vertx_assets_*}, {@link org.vertxassets.AssetsMeters}), and beside them
 * Vert.x's own (vertx-micrometer-metrics: {@code vertx_http_server_*}, {@code vertx_net_server_*},
 * {@code vertx_pool_*}, ...) when the Vert.x instance was created with them, as
 * {@code serve --metrics PATH --vertx-metrics} creates it.
 */
final class ServerMetrics {

  /**
   * Micrometer's registry, which warns once that Vert.x registers its active-connections gauge
   * again for each new connection (vert-x3/vertx-micrometer-metrics#259): harmless, the gauge
   * counts right, and nothing an operator can act on. Held in a field: the log manager keeps
   * loggers only weakly.
   */
  private static final Logger REGISTRY_LOG = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private ServerMetrics() {
  }

  /**
   * Returns a Vert.x instance with {@code options} whose metrics go to a Prometheus registry
   * (request counts, response times, bytes, connections, pools), which Vert.x records for every
   * request and every connection: they took 9 to 15% of the requests per second in the benchmark,
   * and even with its HTTP and TCP metrics turned off, about 4% over HTTP/2 with TLS (README,
   * "What metrics cost"). For the serve command only, which is an application: it quiets the
   * warning above, where a library would leave its host's logging alone.
   */
  static Vertx vertx(VertxOptions options) {
    REGISTRY_LOG.setLevel(Level.SEVERE);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder().with(new VertxOptions(options).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory()).build();
  }

  /**
   * Binds the metrics of {@code handler} and returns the handler of the page that shows them: to
   * the Prometheus registry of the Vert.x metrics when there is one, else to a registry of the
   * handler's metrics alone (AssetsVerticle deployed in a Vert.x created without metrics).
   */
  static Handler<RoutingContext> page(AssetsHandler handler) {
    MeterRegistry vertxs = BackendRegistries.getDefaultNow();
    PrometheusMeterRegistry registry = vertxs instanceof PrometheusMeterRegistry prometheus ? prometheus
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AssetsMeters(handler).bindTo(registry);
    return PrometheusScrapingHandler.create(registry);
  }
}
