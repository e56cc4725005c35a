package org.vertxassets.server;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;

/**
 * The TLS engine of the bundled server: Netty's BoringSSL engine ({@code netty-tcnative}) when its
 * native library loads on this machine, the JDK's otherwise. BoringSSL served about twice the
 * HTTPS requests and 3.5 times the new connections of the JDK's engine (BENCHMARKS.md). Both offer
 * TLS 1.3 and 1.2, ALPN with h2 first then http/1.1, and session resumption (BoringSSL: tickets and
 * a session cache; the JDK: a session cache).
 *
 * @param options the engine's options, set on the server
 * @param description what the start-up log says of it
 */
record TlsEngine(SSLEngineOptions options, String description) {

  /**
   * Returns the engine for a server whose options set none. Blocks the first time: loading the
   * native library extracts it to a temporary file; call from a worker.
   */
  static TlsEngine choose() {
    if (OpenSSLEngineOptions.isAvailable()) {
      return new TlsEngine(new OpenSSLEngineOptions().setSessionCacheEnabled(true),
          "TLS by " + OpenSsl.versionString() + " (netty-tcnative)");
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return new TlsEngine(new JdkSSLEngineOptions(), "TLS by the JDK's engine: netty-tcnative-boringssl-static"
        + " is not usable here (" + (cause == null ? "unknown cause" : firstLine(cause)) + ")");
  }

  /** Returns whether {@code options} leave the engine to us: TLS on and no engine configured. */
  static boolean toChoose(HttpServerOptions options) {
    return options.isSsl() && options.getSslEngineOptions() == null;
  }

  private static String firstLine(Throwable cause) {
    String text = cause.toString();
    int eol = text.indexOf('\n');
    return eol < 0 ? text : text.substring(0, eol);
  }
}
