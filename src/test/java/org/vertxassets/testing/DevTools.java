package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A client of the Chrome DevTools Protocol over the browser's WebSocket: commands sent with an id
 * and answered with it, and every event kept in the order it came, so that a test can wait for one
 * that has not come yet or read those that have. Page targets are driven through flat sessions
 * ({@code Target.attachToTarget} with {@code flatten}) on this one connection.
 */
public final class DevTools {

  /**
   * A page in a browser context of its own, attached to the connection: its commands and events
   * carry its session id.
   */
  public final class Session {

    public final String browserContextId;
    public final String targetId;
    public final String id;

    private Session(String browserContextId, String targetId, String id) {
      this.browserContextId = browserContextId;
      this.targetId = targetId;
      this.id = id;
    }

    /** Returns a future of the result of {@code method} without parameters; it fails with the protocol's error. */
    public Future<JsonObject> send(String method) {
      return send(method, new JsonObject());
    }

    /** Returns a future of the result of {@code method}; it fails with the protocol's error. */
    public Future<JsonObject> send(String method, JsonObject params) {
      return DevTools.this.send(id, method, params);
    }

    /** Returns a future of the parameters of the first event {@code method} of this session, past or to come. */
    public Future<JsonObject> event(String method) {
      return event(method, params -> true);
    }

    /** Returns a future of the parameters of the first event {@code method} whose parameters {@code test} accepts. */
    public Future<JsonObject> event(String method, Predicate<JsonObject> test) {
      return DevTools.this.event(id, method, test);
    }

    /** Returns the parameters of the events {@code method} of this session so far, in order. */
    public List<JsonObject> events(String method) {
      return DevTools.this.events(id, method);
    }

    /** Returns a future completed once the page and its browser context are gone. */
    public Future<Void> close() {
      return DevTools.this.send("Target.disposeBrowserContext",
          new JsonObject().put("browserContextId", browserContextId)).mapEmpty();
    }
  }

  private record Waiter(String sessionId, String method, Predicate<JsonObject> test, Promise<JsonObject> promise) {
  }

  private final WebSocketClient client;
  private final WebSocket socket;
  /** Guards everything below, written on the socket's event loop and read by the test thread. */
  private final Object lock = new Object();
  private final Map<Integer, Promise<JsonObject>> pending = new HashMap<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private int nextId = 1;
  private String closed;

  private DevTools(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(this::received);
    socket.closeHandler(v -> failAll("the DevTools connection closed"));
    socket.exceptionHandler(e -> failAll("the DevTools connection failed: " + e));
  }

  /**
   * Returns a future of a client connected to the browser endpoint {@code url}
   * ({@code ws://127.0.0.1:port/devtools/browser/...}).
   */
  public static Future<DevTools> connect(Vertx vertx, String url) {
    // Chromium sends each message in one frame, a response body or a large result beyond Vert.x's 64 KiB.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
    return client.connect(new WebSocketConnectOptions().setAbsoluteURI(url))
        .map(socket -> new DevTools(client, socket))
        .onFailure(e -> client.close());
  }

  /** Returns a future of the result of the browser command {@code method}; it fails with the protocol's error. */
  public Future<JsonObject> send(String method, JsonObject params) {
    return send(null, method, params);
  }

  /**
   * Returns a future of a new page at {@code about:blank}, attached to this connection, in a new
   * browser context: a first visit, with a cache, cookies and connections of its own.
   */
  public Future<Session> newPage() {
    return send("Target.createBrowserContext", new JsonObject()).compose(context -> {
      String contextId = context.getString("browserContextId");
      return send("Target.createTarget", new JsonObject().put("url", "about:blank").put("browserContextId", contextId))
          .compose(created -> {
            String targetId = created.getString("targetId");
            return send("Target.attachToTarget", new JsonObject().put("targetId", targetId).put("flatten", true))
                .map(attached -> new Session(contextId, targetId, attached.getString("sessionId")));
          });
    });
  }

  /** Returns a future completed once the connection and its client are closed. */
  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }

  private Future<JsonObject> send(String sessionId, String method, JsonObject params) {
    Promise<JsonObject> result = Promise.promise();
    JsonObject message = new JsonObject().put("method", method).put("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    synchronized (lock) {
      if (closed != null) {
        return Future.failedFuture(closed);
      }
      message.put("id", nextId);
      pending.put(nextId++, result);
    }
    socket.writeTextMessage(message.encode()).onFailure(result::tryFail);
    return result.future().recover(e -> Future.failedFuture(method + ": " + e.getMessage()));
  }

  private Future<JsonObject> event(String sessionId, String method, Predicate<JsonObject> test) {
    synchronized (lock) {
      for (JsonObject e : events) {
        if (matches(e, sessionId, method) && test.test(e.getJsonObject("params"))) {
          return Future.succeededFuture(e.getJsonObject("params"));
        }
      }
      if (closed != null) {
        return Future.failedFuture(closed + " before " + method + " came");
      }
      Waiter waiter = new Waiter(sessionId, method, test, Promise.promise());
      waiters.add(waiter);
      return waiter.promise().future();
    }
  }

  private List<JsonObject> events(String sessionId, String method) {
    synchronized (lock) {
      return events.stream().filter(e -> matches(e, sessionId, method)).map(e -> e.getJsonObject("params")).toList();
    }
  }

  private static boolean matches(JsonObject event, String sessionId, String method) {
    return method.equals(event.getString("method")) && Objects.equals(sessionId, event.getString("sessionId"));
  }

  private void received(String text) {
    JsonObject message = new JsonObject(text);
    List<Runnable> completions = new ArrayList<>();
    synchronized (lock) {
      Integer id = message.getInteger("id");
      if (id != null) {
        Promise<JsonObject> result = pending.remove(id);
        if (result != null) {
          JsonObject error = message.getJsonObject("error");
          completions.add(error != null ? () -> result.fail(error.encode())
              : () -> result.complete(message.getJsonObject("result")));
        }
      } else if (message.getString("method") != null) {
        message.put("params", message.getJsonObject("params", new JsonObject()));
        events.add(message);
        waiters.removeIf(w -> {
          boolean hit = matches(message, w.sessionId(), w.method()) && w.test().test(message.getJsonObject("params"));
          if (hit) {
            completions.add(() -> w.promise().complete(message.getJsonObject("params")));
          }
          return hit;
        });
      }
    }
    // Outside the lock: a continuation may send or wait again.
    completions.forEach(Runnable::run);
  }

  private void failAll(String reason) {
    List<Promise<JsonObject>> failed = new ArrayList<>();
    synchronized (lock) {
      if (closed != null) {
        return;
      }
      closed = reason;
      failed.addAll(pending.values());
      waiters.forEach(w -> failed.add(w.promise()));
      pending.clear();
      waiters.clear();
    }
    failed.forEach(p -> p.tryFail(reason));
  }
}
