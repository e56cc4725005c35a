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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  /** Files already reported as changed since the build, so that a busy path logs once, not per request. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  AssetsHandlerImpl(AssetIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public AssetsHandler update(AssetIndex index) {
    this.index = Objects.requireNonNull(index, "index");
    reported.clear();
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
      String location = normalized.substring(0, prefix) + redirect.location()
          + (query == null ? "" : "?" + RequestPaths.encodeQuery(query));
      response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, location);
      end(response);
      return;
    }
    Asset asset = (Asset) entry;
    MultiMap headers = request.headers();
    ByteRanges.Outcome ranges = head ? null : applicableRanges(headers, asset);
    // SPEC §6: a range is cut from the identity variant, so that every client sees the same
    // offsets; the identity is then the selected representation the preconditions are about.
    Variant variant = ranges != null ? asset.identity()
        : asset.select(AcceptEncoding.parse(joined(headers, HttpHeaders.ACCEPT_ENCODING)));

    Preconditions.Result precondition = Preconditions.evaluate(joined(headers, HttpHeaders.IF_MATCH),
        headers.get(IF_UNMODIFIED_SINCE), joined(headers, HttpHeaders.IF_NONE_MATCH),
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
    if (ranges != null && ranges.kind() == ByteRanges.Kind.UNSATISFIABLE) {
      response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + variant.length());
      if (asset.negotiated()) {
        response.putHeader(HttpHeaders.VARY, IndexBuilder.VARY_VALUE);
      }
      end(response);
      return;
    }
    if (ranges != null) {
      ByteRanges.ByteRange r = ranges.ranges().get(0);
      send(ctx, asset, variant, 206, r.first(), r.length(),
          "bytes " + r.first() + "-" + r.last() + "/" + variant.length());
      return;
    }
    if (head) {
      response.setStatusCode(200);
      variant.headers().addTo(response.headers());
      response.putHeader(HttpHeaders.DATE, now()).end();
      return;
    }
    send(ctx, asset, variant, 200, 0, variant.length(), null);
  }

  /**
   * Returns the parsed {@code Range} when it leads to a 206 or a 416, or null when the answer is a
   * full 200: no Range, an If-Range that does not match (RFC 9110 §13.1.5), an invalid Range, or
   * several ranges that do not coalesce (§14.2 allows a 200 for those).
   */
  private static ByteRanges.Outcome applicableRanges(MultiMap headers, Asset asset) {
    String range = headers.get(RANGE);
    if (range == null
        || !Preconditions.ifRangeMatches(headers.get(IF_RANGE), asset.identity().etag(), asset.lastModified())) {
      return null;
    }
    ByteRanges.Outcome outcome = ByteRanges.parse(range, asset.identity().length());
    boolean applies = outcome.kind() == ByteRanges.Kind.SINGLE || outcome.kind() == ByteRanges.Kind.UNSATISFIABLE;
    return applies ? outcome : null;
  }

  /**
   * Returns the value of a list header sent on one line or several (RFC 9110 §5.3: they combine
   * with commas), or null when it is absent.
   */
  private static String joined(MultiMap headers, CharSequence name) {
    String first = headers.get(name);
    if (first == null) {
      return null;
    }
    List<String> all = headers.getAll(name);
    return all.size() == 1 ? first : String.join(", ", all);
  }

  /**
   * Sends {@code length} bytes of a variant's file from {@code offset}. The file must still have
   * the length the index recorded: otherwise the headers would lie (SPEC §7), so the answer is a
   * 404 and a warning instead.
   */
  private void send(RoutingContext ctx, Asset asset, Variant variant, int status, long offset, long length,
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
      response.putHeader(HttpHeaders.CONTENT_RANGE, contentRange)
          .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
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

  private void gone(RoutingContext ctx, Asset asset, Variant variant, String why) {
    Level level = reported.add(variant.file()) ? Level.WARNING : Level.DEBUG;
    LOG.log(level, "vertx-assets: {0} answered 404: {1} is no longer as indexed ({2});"
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
