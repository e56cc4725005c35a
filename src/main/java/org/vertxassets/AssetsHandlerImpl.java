package org.vertxassets;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A column of guard clauses that decide from the index alone: lookup, method, redirect,
 * preconditions, encoding, range, send. The only file-system call is opening the file whose
 * bytes are sent.
 */
final class AssetsHandlerImpl implements AssetsHandler {

  private static final System.Logger LOG = IndexBuilder.LOG;
  private static final CharSequence ALLOW_VALUE = HttpHeaders.createOptimized("GET, HEAD");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence ZERO = HttpHeaders.createOptimized("0");
  private static final CharSequence RANGE = HttpHeaders.createOptimized("range");
  private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("if-range");
  private static final CharSequence IF_UNMODIFIED_SINCE = HttpHeaders.createOptimized("if-unmodified-since");

  private record DateHeader(long second, CharSequence value) {
  }

  /** The Date header of the current second, shared by every event loop (RFC 9110 §6.6.1). */
  private static volatile DateHeader date = new DateHeader(0, "");

  private volatile AssetIndex index;

  AssetsHandlerImpl(AssetIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public AssetsHandler update(AssetIndex index) {
    this.index = Objects.requireNonNull(index, "index");
    return this;
  }

  @Override
  public AssetIndex index() {
    return index;
  }

  @Override
  public void handle(RoutingContext ctx) {
    AssetIndex current = index;
    String normalized = ctx.normalizedPath();
    int prefix = RequestPaths.prefixLength(ctx);
    String path = normalized.length() >= prefix ? RequestPaths.decode(normalized.substring(prefix)) : null;
    IndexEntry entry = path == null ? null : current.lookup(path);
    if (entry == null) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    HttpMethod method = request.method();
    boolean head = HttpMethod.HEAD.equals(method);
    if (!head && !HttpMethod.GET.equals(method)) {
      response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, ALLOW_VALUE);
      end(response);
      return;
    }
    if (entry instanceof Redirect redirect) {
      String query = request.query();
      String location = normalized.substring(0, prefix) + redirect.location() + (query == null ? "" : "?" + query);
      response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, location);
      end(response);
      return;
    }
    Asset asset = (Asset) entry;
    MultiMap headers = request.headers();
    Variant variant = asset.select(AcceptEncoding.parse(headers.get(HttpHeaders.ACCEPT_ENCODING)));

    Preconditions.Result precondition = Preconditions.evaluate(headers.get(HttpHeaders.IF_MATCH),
        headers.get(IF_UNMODIFIED_SINCE), headers.get(HttpHeaders.IF_NONE_MATCH),
        headers.get(HttpHeaders.IF_MODIFIED_SINCE), variant.etag(), asset.lastModified());
    if (precondition == Preconditions.Result.PRECONDITION_FAILED) {
      response.setStatusCode(412);
      end(response);
      return;
    }
    if (precondition == Preconditions.Result.NOT_MODIFIED) {
      response.setStatusCode(304);
      variant.notModifiedHeaders().addTo(response.headers());
      response.putHeader(HttpHeaders.DATE, now()).end();
      return;
    }

    String range = head ? null : headers.get(RANGE);
    // RFC 9110 §13.1.5: a Range whose If-Range validator does not match is ignored.
    if (range != null && Preconditions.ifRangeMatches(headers.get(IF_RANGE),
        asset.identity().etag(), asset.lastModified())) {
      // SPEC §6: ranges are cut from the identity variant, so every client sees the same offsets.
      ByteRanges.Outcome outcome = ByteRanges.parse(range, asset.identity().length());
      if (outcome.kind() == ByteRanges.Kind.UNSATISFIABLE) {
        response.setStatusCode(416)
            .putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + asset.identity().length());
        if (asset.negotiated()) {
          response.putHeader(HttpHeaders.VARY, IndexBuilder.VARY_VALUE);
        }
        end(response);
        return;
      }
      if (outcome.kind() == ByteRanges.Kind.SINGLE) {
        ByteRanges.ByteRange r = outcome.ranges().get(0);
        String contentRange = "bytes " + r.first() + "-" + r.last() + "/" + asset.identity().length();
        send(ctx, asset, asset.identity(), 206, r.first(), r.length(), contentRange);
        return;
      }
      // IGNORE, or several ranges that do not coalesce: a full 200, which RFC 9110 §14.2 allows.
    }

    if (head) {
      response.setStatusCode(200);
      variant.headers().addTo(response.headers());
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(variant.length()))
          .putHeader(HttpHeaders.DATE, now())
          .end();
      return;
    }
    send(ctx, asset, variant, 200, 0, variant.length(), null);
  }

  /**
   * Sends {@code length} bytes of a variant's file from {@code offset}. The file must still have
   * the length the index recorded: otherwise the headers would lie (SPEC §7), so the answer is a
   * 404 and a warning instead.
   */
  private static void send(RoutingContext ctx, Asset asset, Variant variant, int status, long offset, long length,
      String contentRange) {
    HttpServerResponse response = ctx.response();
    FileChannel channel;
    try {
      channel = FileChannel.open(Path.of(variant.file()));
      long size = channel.size();
      if (size != variant.length()) {
        close(channel);
        gone(ctx, asset, variant, "its size changed from " + variant.length() + " to " + size + " bytes");
        return;
      }
    } catch (IOException e) {
      gone(ctx, asset, variant, e.toString());
      return;
    }
    response.setStatusCode(status);
    variant.headers().addTo(response.headers());
    response.putHeader(HttpHeaders.DATE, now());
    if (contentRange != null) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, contentRange);
    }
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      // Vert.x 5.0 cannot send a FileChannel over HTTP/2; the path form works there.
      close(channel);
      response.sendFile(variant.file(), offset, length).onFailure(e -> failed(asset, e));
      return;
    }
    response.sendFile(channel, offset, length).onComplete(ar -> {
      close(channel);
      if (ar.failed()) {
        failed(asset, ar.cause());
      }
    });
  }

  private static void gone(RoutingContext ctx, Asset asset, Variant variant, String why) {
    LOG.log(Level.WARNING, "vertx-assets: {0} answered 404: {1} is no longer as indexed ({2});"
        + " rebuild the index to serve it again", asset.path(), variant.file(), why);
    HttpServerResponse response = ctx.response().setStatusCode(404).putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    end(response);
  }

  private static void failed(Asset asset, Throwable cause) {
    // Mostly a client that went away mid-body: nothing is wrong with the server.
    LOG.log(Level.DEBUG, "vertx-assets: sending {0} ended early: {1}", asset.path(), cause.toString());
  }

  private static void end(HttpServerResponse response) {
    response.putHeader(HttpHeaders.CONTENT_LENGTH, ZERO).putHeader(HttpHeaders.DATE, now()).end();
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }

  /** Returns the current {@code Date} value, formatted at most once a second. */
  private static CharSequence now() {
    long second = System.currentTimeMillis() / 1000;
    DateHeader d = date;
    if (d.second() != second) {
      d = new DateHeader(second, HttpHeaders.createOptimized(HttpDates.format(second)));
      date = d;
    }
    return d.value();
  }
}
