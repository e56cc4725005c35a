package org.vertxassets;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the files of an {@link AssetIndex}, mounted on a route such as
 * {@code router.route("/static/*")}. Each request is answered from memory (a map lookup and a
 * few header comparisons, by RFC 9110); only the body transfer touches the file. A path that is
 * not in the index is passed on with {@link RoutingContext#next()}.
 *
 * <p>Keep the server's own compression off ({@code HttpServerOptions.setCompressionSupported(false)},
 * the default): with it on, Vert.x compresses identity responses on the fly, so their strong ETag
 * and any {@code Content-Range} would describe bytes that were not sent. Precompressed variants
 * are never compressed again either way.
 *
 * <pre>{@code
 * AssetsHandler.create(vertx, new AssetsOptions().addRoot("webroot"))
 *     .onSuccess(assets -> router.route("/static/*").handler(assets));
 * }</pre>
 */
public interface AssetsHandler extends Handler<RoutingContext> {

  /**
   * The key under which an access log may put a {@code Promise<Long>} into the routing context
   * before this handler runs. When the handler sends a body, it takes the promise out and
   * completes it, once the transfer has ended, with the body bytes the client was sent: fewer than
   * the {@code Content-Length} when the client left part way. A promise still there when the
   * response ends is the logger's to complete (no body, or another handler answered).
   */
  String SENT_BODY_BYTES = "vertx-assets.sentBodyBytes";

  /** Returns a handler serving {@code index}. */
  static AssetsHandler create(AssetIndex index) {
    return new AssetsHandlerImpl(index);
  }

  /** Returns a future of a handler serving the index of {@code options}, built on a worker thread. */
  static Future<AssetsHandler> create(Vertx vertx, AssetsOptions options) {
    return AssetIndex.build(vertx, options).map(AssetsHandler::create);
  }

  /**
   * Replaces the index for every later request, and {@linkplain AssetIndex#close() closes} the
   * one it replaces: a request already under way finishes with the index it started with.
   * Thread-safe.
   *
   * @return this handler
   */
  AssetsHandler update(AssetIndex index);

  /** Returns the index that new requests are answered from. */
  AssetIndex index();

  /**
   * Returns a handler that answers 404 with the index's {@link AssetsOptions#setNotFoundPage 404
   * page} (its headers, {@code Cache-Control: no-cache}, a precompressed variant when accepted),
   * or with an empty body when there is none; mount it last, as in
   * {@code router.route().last().handler(assets.notFoundHandler())}. It follows {@link #update}.
   */
  Handler<RoutingContext> notFoundHandler();
}
