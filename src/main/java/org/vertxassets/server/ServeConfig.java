package org.vertxassets.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.vertxassets.impl.json.ConfigKeyException;

/**
 * What {@code serve} deploys, checked once: the verticle's configuration, the number of
 * instances and whether the Vert.x instance records its own metrics, from the merged settings,
 * which also say where each value came from.
 *
 * @param verticle the checked configuration every instance of the verticle is created with
 * @param instances the number of instances, 1 or more
 * @param vertxMetrics whether the Vert.x instance records its own metrics, shown at the metrics path
 * @param settings the merged settings it was read from
 */
record ServeConfig(VerticleConfig verticle, int instances, boolean vertxMetrics, ServerSettings.Merged settings) {

  private static final String PREFIX = "vertx-assets: ";

  /**
   * Returns a future of the configuration of {@code given}, failed with an
   * IllegalArgumentException whose one-line message names the setting and where it was set
   * when one is wrong.
   */
  static Future<ServeConfig> load(Vertx vertx, ServerSettings.Given given) {
    return ServerSettings.load(vertx, given).map(ServeConfig::check);
  }

  /**
   * Returns the checked configuration of {@code settings}.
   *
   * @throws IllegalArgumentException naming the setting and where it was set
   */
  static ServeConfig check(ServerSettings.Merged settings) {
    JsonObject json = settings.json();
    try {
      JsonObject config = json.copy();
      ServerSettings.DEPLOYMENT_KEYS.forEach(config::remove);
      VerticleConfig verticle = VerticleConfig.of(config);
      if (verticle.options().getRoots().isEmpty()) {
        throw new IllegalArgumentException("serve needs at least one directory, as in: serve examples/site"
            + " (or \"roots\" in --conf, or " + ServerSettings.ENV_PREFIX + "ROOTS)");
      }
      return new ServeConfig(verticle, instances(json), vertxMetrics(json, verticle), settings);
    } catch (ConfigKeyException e) {
      throw new IllegalArgumentException(ServerSettings.located(settings.where(e.key()), e.getMessage()), e);
    }
  }

  /** Returns whether Vert.x's own metrics are asked for, which needs a metrics path to show them. */
  private static boolean vertxMetrics(JsonObject merged, VerticleConfig verticle) {
    Object value = merged.getValue("vertxMetrics", false);
    if (!(value instanceof Boolean b)) {
      throw new ConfigKeyException("vertxMetrics", "vertxMetrics must be true or false, got " + value);
    }
    if (b && verticle.metricsPath() == null) {
      throw new ConfigKeyException("vertxMetrics", "vertxMetrics needs a metrics path to show them:"
          + " set metricsPath (--metrics /metrics) too");
    }
    return b;
  }

  /** Returns the number of server instances {@code merged} asks for; by default, one per CPU. */
  private static int instances(JsonObject merged) {
    Object value = merged.getValue("instances", Runtime.getRuntime().availableProcessors());
    if (!(value instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
      throw new ConfigKeyException("instances", "instances must be a whole number, 1 or more, got " + value);
    }
    return n.intValue();
  }

  /** Returns the merged configuration as {@code --print-config} shows it, with {@code instances} and {@code conf}. */
  JsonObject json() {
    return settings.json();
  }

  /**
   * Returns a future of the deployment of {@link AssetsVerticle}, each instance created with
   * {@link #verticle()}: it is not checked again.
   */
  Future<String> deploy(Vertx vertx) {
    return vertx.deployVerticle(() -> new AssetsVerticle(verticle), new DeploymentOptions().setInstances(instances));
  }

  /**
   * Returns the line that reports a failed deployment, starting {@code vertx-assets: }: with
   * where the value was set when the failure names a setting (an unreadable certificate).
   */
  String failure(Throwable e) {
    String message = String.valueOf(e.getMessage());
    message = message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
    return PREFIX + (e instanceof ConfigKeyException k ? ServerSettings.located(settings.where(k.key()), message)
        : message);
  }
}
