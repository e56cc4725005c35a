package org.vertxassets.server;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.vertxassets.AssetsOptions;
import org.vertxassets.impl.json.ConfigKeyException;
import org.vertxassets.impl.json.TypedJson;

/**
 * The configuration of {@link AssetsVerticle}, read from its JSON: the keys of {@link
 * AssetsOptions}, Vert.x's own {@link HttpServerOptions} under {@code server}, and the server's
 * own keys. Every key is checked, so that a typo fails the deployment with its name.
 *
 * @param options the index and handler options
 * @param server the HTTP server's options, compression forced off
 * @param dev development mode: roots watched, every response {@code Cache-Control: no-cache}
 * @param mountPath the URL path the assets are served under
 * @param accessLog whether each request is logged in the combined log format
 * @param healthPath the path of the health route, or null for none
 * @param metricsPath the path of the metrics in Prometheus's text format, or null for none
 * @param shutdownGraceSeconds how long in-flight responses may take to end once stop begins
 * @param eventBusAddress the base of the reload address and of the swap events
 */
record VerticleConfig(AssetsOptions options, HttpServerOptions server, boolean dev, String mountPath,
    boolean accessLog, String healthPath, String metricsPath, long shutdownGraceSeconds, String eventBusAddress) {

  static final String DEFAULT_MOUNT_PATH = "/";
  static final long DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
  static final String DEFAULT_EVENT_BUS_ADDRESS = "vertx-assets";
  static final int DEFAULT_PORT = 8080;
  static final String DEFAULT_HOST = "0.0.0.0";
  /**
   * Seconds a connection may go without a completed read or write before the server closes it,
   * unless {@code server.idleTimeout} says otherwise: Vert.x's own default (0, never) lets idle
   * clients hold connections forever. Netty counts a write only once it has completed, and a file
   * body goes out as one write of up to 1 MiB: a client must take in that much (less what the
   * kernel's socket buffer holds) within the timeout, about 8 KiB/s at 120 s, slower than any
   * mobile network. nginx's {@code send_timeout} (60 s) counts any progress instead.
   */
  static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;

  /** The keys of the verticle itself; the rest belong to {@link AssetsOptions}. */
  static final List<String> KEYS = List.of("server", "dev", "mountPath", "accessLog", "healthPath", "metricsPath",
      "shutdownGraceSeconds", "eventBusAddress");

  /** The keys Vert.x 5.0's {@code HttpServerOptions(JsonObject)} reads; it ignores any other. */
  private static final Set<String> SERVER_KEYS = Set.of(
      // HttpServerOptions
      "compressionSupported", "compressionLevel", "compressionContentSizeThreshold", "acceptUnmaskedFrames",
      "maxWebSocketFrameSize", "maxWebSocketMessageSize", "webSocketSubProtocols", "handle100ContinueAutomatically",
      "maxChunkSize", "maxInitialLineLength", "maxHeaderSize", "maxFormAttributeSize", "maxFormFields",
      "maxFormBufferedBytes", "initialSettings", "alpnVersions", "http2ClearTextEnabled", "http2ConnectionWindowSize",
      "decompressionSupported", "decoderInitialBufferSize", "perFrameWebSocketCompressionSupported",
      "perMessageWebSocketCompressionSupported", "webSocketCompressionLevel", "webSocketAllowServerNoContext",
      "webSocketPreferredClientNoContext", "webSocketClosingTimeout", "tracingPolicy",
      "registerWebSocketWriteHandlers", "http2RstFloodMaxRstFramePerWindow", "http2RstFloodWindowDuration",
      "http2RstFloodWindowDurationTimeUnit", "strictThreadMode",
      // NetServerOptions, NetworkOptions, TCPSSLOptions
      "acceptBacklog", "port", "host", "clientAuth", "sni", "useProxyProtocol", "proxyProtocolTimeout",
      "proxyProtocolTimeoutUnit", "trafficShapingOptions", "registerWriteHandler", "sendBufferSize",
      "receiveBufferSize", "reuseAddress", "trafficClass", "logActivity", "activityLogDataFormat", "reusePort",
      "tcpNoDelay", "tcpKeepAlive", "soLinger", "idleTimeout", "readIdleTimeout", "writeIdleTimeout",
      "idleTimeoutUnit", "ssl", "enabledCipherSuites", "crlPaths", "crlValues", "useAlpn",
      "enabledSecureTransportProtocols", "tcpFastOpen", "tcpCork", "tcpQuickAck", "tcpUserTimeout",
      "sslHandshakeTimeout", "sslHandshakeTimeoutUnit",
      "pemKeyCertOptions", "keyStoreOptions", "pfxKeyCertOptions", "pemTrustOptions", "pfxTrustOptions",
      "trustStoreOptions", "jdkSslEngineOptions", "openSslEngineOptions");

  /**
   * Returns the configuration of {@code json}.
   *
   * @throws ConfigKeyException naming the key, for an unknown key, a wrong type or a bad value
   */
  static VerticleConfig of(JsonObject json) {
    JsonObject assets = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      if (!KEYS.contains(e.getKey())) {
        if (!AssetsOptions.jsonKeys().contains(e.getKey())) {
          Set<String> known = new TreeSet<>(KEYS);
          known.addAll(AssetsOptions.jsonKeys());
          throw new ConfigKeyException(e.getKey(), "unknown key '" + e.getKey() + "' in the vertx-assets configuration;"
              + " the known keys are " + known);
        }
        assets.put(e.getKey(), e.getValue());
      }
    }
    AssetsOptions options = new AssetsOptions(assets);
    boolean dev = bool(json, "dev");
    if (!assets.containsKey("warmUpCompression")) {
      // The bundled server gives br and zstd to sites that ran no build step; not in development,
      // where brotli 11 on every save would slow each rebuild down.
      options.setWarmUpCompression(dev ? AssetsOptions.WarmUpCompression.OFF : AssetsOptions.WarmUpCompression.AUTO);
    }
    options.setDevelopment(dev);
    String mountPath = string(json, "mountPath", DEFAULT_MOUNT_PATH, "a URL path such as \"/\" or \"/static/\"");
    if (!mountPath.startsWith("/") || mountPath.contains("*") || mountPath.contains("//")) {
      throw new ConfigKeyException("mountPath", "mountPath must be a URL path that starts with '/', such as"
          + " \"/static/\", got '" + mountPath + "'");
    }
    String healthPath = routePath(json, "healthPath", "/healthz");
    String metricsPath = routePath(json, "metricsPath", "/metrics");
    if (healthPath != null && healthPath.equals(metricsPath)) {
      throw new ConfigKeyException("metricsPath", "metricsPath and healthPath are both '" + healthPath
          + "'; give the metrics another path, such as \"/metrics\"");
    }
    Object grace = json.getValue("shutdownGraceSeconds", DEFAULT_SHUTDOWN_GRACE_SECONDS);
    if (!(grace instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
      throw new ConfigKeyException("shutdownGraceSeconds", "shutdownGraceSeconds must be a whole number of seconds,"
          + " 0 or more, got " + grace);
    }
    String address = string(json, "eventBusAddress", DEFAULT_EVENT_BUS_ADDRESS, "an event-bus address");
    return new VerticleConfig(options, server(json), dev, mountPath.endsWith("/") ? mountPath : mountPath + "/",
        bool(json, "accessLog"), healthPath, metricsPath, ((Number) grace).longValue(), address);
  }

  /** Returns the path of a route of the server's own at {@code key}, or null for none. */
  private static String routePath(JsonObject json, String key, String example) {
    String path = string(json, key, null, "a URL path such as \"" + example + "\", or null");
    if (path != null && (!path.startsWith("/") || path.contains("*") || path.contains("//"))) {
      throw new ConfigKeyException(key, key + " must be a URL path that starts with '/', such as \"" + example
          + "\", got '" + path + "'");
    }
    return path;
  }

  /** Returns the address that rebuilds the index on request. */
  String reloadAddress() {
    return eventBusAddress + ".reload";
  }

  /** Returns the address on which the deployment publishes where it listens, once it does. */
  String startedAddress() {
    return eventBusAddress + ".started";
  }

  /** Returns the address on which every swap of the index is published. */
  String swappedAddress() {
    return eventBusAddress + ".swapped";
  }

  private static HttpServerOptions server(JsonObject json) {
    Object value = json.getValue("server");
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigKeyException("server", "'server' must be an object of Vert.x HttpServerOptions, such as"
          + " {\"port\": 8080}, got " + Json.encode(value));
    }
    JsonObject server = value == null ? new JsonObject() : (JsonObject) value;
    List<String> unknown = new ArrayList<>();
    for (String key : server.fieldNames()) {
      if (!SERVER_KEYS.contains(key)) {
        unknown.add("server." + key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigKeyException(unknown.get(0), "unknown key '" + unknown.get(0) + "': 'server' takes the keys"
          + " of Vert.x HttpServerOptions, such as host, port, ssl, useAlpn, pemKeyCertOptions, idleTimeout");
    }
    Object port = server.getValue("port");
    if (port != null && (!(port instanceof Number n) || n.intValue() < 0 || n.intValue() > 65535
        || n.doubleValue() != n.intValue())) {
      throw new ConfigKeyException("server.port", "server.port must be a number from 0 to 65535, got " + port);
    }
    if (Boolean.TRUE.equals(server.getValue("compressionSupported"))) {
      throw new ConfigKeyException("server.compressionSupported", "server.compressionSupported must stay false:"
          + " Vert.x would compress identity responses on the fly, giving them an ETag of other bytes;"
          + " precompress instead");
    }
    HttpServerOptions options;
    try {
      options = new HttpServerOptions(server);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new ConfigKeyException("server", "server: " + e.getMessage() + "; see Vert.x HttpServerOptions", e);
    }
    checkTypes(server, options.toJson());
    if (!server.containsKey("port")) {
      options.setPort(DEFAULT_PORT);
    }
    if (!server.containsKey("host")) {
      options.setHost(DEFAULT_HOST);
    }
    if (!server.containsKey("idleTimeout") && !server.containsKey("idleTimeoutUnit")) {
      options.setIdleTimeout(DEFAULT_IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    return options.setCompressionSupported(false);
  }

  /**
   * Fails naming the key when a value under {@code server} has another JSON type than Vert.x reads
   * there: its converters skip such a value silently, so {@code "ssl": "true"} would serve HTTP.
   */
  private static void checkTypes(JsonObject given, JsonObject read) {
    for (String key : given.fieldNames()) {
      Object value = given.getValue(key);
      Object expected = read.getValue(key);
      if (value == null || expected == null) {
        continue;
      }
      boolean same = value instanceof Number ? expected instanceof Number
          : value instanceof String ? expected instanceof String
          : value instanceof Boolean ? expected instanceof Boolean
          : value instanceof JsonObject ? expected instanceof JsonObject
          : !(value instanceof JsonArray) || expected instanceof JsonArray;
      if (!same) {
        throw new ConfigKeyException("server." + key, "server." + key + " must be " + kind(expected) + ", got "
            + Json.encode(value));
      }
    }
  }

  private static String kind(Object value) {
    return value instanceof Number ? "a number" : value instanceof Boolean ? "true or false"
        : value instanceof String ? "a string" : value instanceof JsonObject ? "an object" : "an array";
  }

  private static boolean bool(JsonObject json, String key) {
    return Boolean.TRUE.equals(TypedJson.get(json, key, Boolean.class, "true or false"));
  }

  private static String string(JsonObject json, String key, String fallback, String expected) {
    String value = TypedJson.get(json, key, String.class, expected);
    return value != null ? value : fallback;
  }
}
