package org.vertxassets;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.http.AcceptEncoding;
import org.vertxassets.impl.http.AcceptHeader;
import org.vertxassets.impl.http.AvailableDictionary;
import org.vertxassets.impl.http.ByteRanges;
import org.vertxassets.impl.http.DateHeader;
import org.vertxassets.impl.http.Preconditions;
import org.vertxassets.impl.http.VaryHeader;

/**
 * A column of guard clauses that decide from the index alone: lookup, method, redirect,
 * encoding, preconditions, range; then {@link FileSender} sends the bytes.
 */
final class AssetsHandlerImpl implements AssetsHandler {

  private static final CharSequence ALLOW_VALUE = HttpHeaders.createOptimized("GET, HEAD");
  private static final CharSequence RANGE = HttpHeaders.createOptimized("range");
  private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("if-range");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence IF_UNMODIFIED_SINCE = HttpHeaders.createOptimized("if-unmodified-since");
  private static final CharSequence AVAILABLE_DICTIONARY = HttpHeaders.createOptimized("available-dictionary");

  private volatile AssetIndex index;
  private final FileSender sender = new FileSender();
  /** What has been answered, once {@link AssetsMeters} are bound; null until then. */
  private volatile Counters counters;

  AssetsHandlerImpl(AssetIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public AssetsHandler update(AssetIndex index) {
    Objects.requireNonNull(index, "index");
    AssetIndex previous = this.index;
    this.index = index;
    sender.forgetReported();
    if (previous != index) {
      previous.close();
      Counters c = counters;
      if (c != null) {
        c.reloaded();
      }
    }
    return this;
  }

  /** Returns the counters of this handler, counting from now on. */
  synchronized Counters countOn() {
    if (counters == null) {
      counters = new Counters();
      sender.counters = counters;
    }
    return counters;
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
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    boolean head = HttpMethod.HEAD.equals(method);
    if (entry == null) {
      if ((head || HttpMethod.GET.equals(method)) && current.pages().answers(path)) {
        if (AcceptHeader.acceptsHtml(joined(request.headers(), HttpHeaders.ACCEPT))) {
          entry = current.pages().spaFallback();
        } else {
          // Whatever answers next, the answer would have been the app for an HTML Accept. Added
          // as the headers go out, to whatever Vary the next handler set or added, as one line.
          MultiMap out = ctx.response().headers();
          ctx.addHeadersEndHandler(v -> out.set(HttpHeaders.VARY, VaryHeader.withAccept(out.getAll(HttpHeaders.VARY))));
        }
      }
      if (entry == null) {
        ctx.next();
        return;
      }
    }
    HttpServerResponse response = ctx.response();
    if (!head && !HttpMethod.GET.equals(method)) {
      response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, ALLOW_VALUE);
      sender.empty(response);
      return;
    }
    if (entry instanceof Redirect redirect) {
      String query = request.query();
      String location = normalized.substring(0, prefix) + redirect.location()
          + (query == null ? "" : "?" + RequestPaths.encodeQuery(query));
      response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, location);
      sender.empty(response);
      return;
    }
    Asset asset = (Asset) entry;
    MultiMap headers = request.headers();
    RangeAnswer ranges = head ? null : RangeAnswer.of(headers.get(RANGE), headers.get(IF_RANGE), asset);
    // A range is cut from the identity variant, so that every client sees the same
    // offsets; the identity is then the selected representation the preconditions are about.
    Variant variant = ranges != null ? asset.identity()
        : asset.select(AcceptEncoding.memoised(joined(headers, HttpHeaders.ACCEPT_ENCODING)),
            asset.deltas().isEmpty() ? null : AvailableDictionary.key(joined(headers, AVAILABLE_DICTIONARY)));

    Preconditions.Result precondition = Preconditions.evaluate(joined(headers, HttpHeaders.IF_MATCH),
        headers.get(IF_UNMODIFIED_SINCE), joined(headers, HttpHeaders.IF_NONE_MATCH),
        headers.get(HttpHeaders.IF_MODIFIED_SINCE), variant.etag(), asset.lastModified());
    if (precondition == Preconditions.Result.PRECONDITION_FAILED) {
      response.setStatusCode(412);
      sender.empty(response);
      return;
    }
    if (precondition == Preconditions.Result.NOT_MODIFIED) {
      variant.notModifiedHeaders().applyTo(response.setStatusCode(304).headers(), DateHeader.current());
      sender.end(response, Encoding.IDENTITY);
      return;
    }
    if (ranges != null && ranges.unsatisfiable()) {
      response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + variant.length());
      if (asset.negotiated()) {
        response.putHeader(HttpHeaders.VARY, asset.deltas().isEmpty() ? VaryHeader.ACCEPT_ENCODING
            : VaryHeader.ACCEPT_ENCODING_AND_DICTIONARY);
      }
      sender.empty(response);
      return;
    }
    if (ranges != null && ranges.parts() != null) {
      sender.sendParts(ctx, asset, variant, ranges.parts());
      return;
    }
    if (ranges != null) {
      ByteRanges.ByteRange r = ranges.outcome().ranges().get(0);
      sender.send(ctx, asset, variant, 206, r.first(), r.length(),
          "bytes " + r.first() + "-" + r.last() + "/" + variant.length());
      return;
    }
    if (head) {
      variant.headers().applyTo(response.setStatusCode(200).headers(), DateHeader.current());
      sender.end(response, variant.encoding());
      return;
    }
    if (asset.earlyHints() != null && request.version() == HttpVersion.HTTP_2) {
      // RFC 8297: what the page links, for the browser to fetch while the page is on its way.
      // Not over HTTP/1.1, where some clients take a 1xx for the answer.
      response.writeEarlyHints(asset.earlyHints());
    }
    sender.send(ctx, asset, variant, 200, 0, variant.length(), null);
  }

  @Override
  public Handler<RoutingContext> notFoundHandler() {
    return ctx -> {
      HttpServerResponse response = ctx.response().setStatusCode(404);
      Asset page = index.pages().notFoundPage();
      if (page == null) {
        sender.empty(response.putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE));
        return;
      }
      Variant variant = page.select(AcceptEncoding.memoised(joined(ctx.request().headers(), HttpHeaders.ACCEPT_ENCODING)));
      if (HttpMethod.HEAD.equals(ctx.request().method())) {
        variant.headers().applyTo(response.headers(), DateHeader.current());
        sender.end(response, variant.encoding());
        return;
      }
      sender.send(ctx, page, variant, 404, 0, variant.length(), null);
    };
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

}
