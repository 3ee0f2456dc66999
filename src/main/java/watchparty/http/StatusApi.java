package watchparty.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import watchparty.json.JsonWriter;
import watchparty.logs.Logs;
import watchparty.metrics.ServiceMetrics;
import watchparty.status.StatusJson;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/**
 * The HTTP API: the seed's status endpoints, CORS, health, and one JSON error shape for every
 * failure. One instance per event loop.
 */
public final class StatusApi {
  public static final String STATUS_PATH = "/api/player/status";
  /** Where the web client's files are served from. */
  public static final String CLIENT_PATH = "/client/";
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final byte[] UP = JsonWriter.bytes("{\"status\":\"UP\"}");

  private final StatusStore store;
  private final Clock clock;
  private final int maxBodyBytes;
  private final BooleanSupplier ready;
  private final Responses responses;
  private final RateLimits limits;
  private final StatusParser parser = new StatusParser();

  private final ServiceMetrics metrics;
  private boolean accessLog;

  /** Logs one line a request (method, path, status, time, bytes, client) to watchparty.access. */
  public StatusApi withAccessLog(boolean on) {
    accessLog = on;
    return this;
  }

  public StatusApi(StatusStore store, Clock clock, int maxBodyBytes, BooleanSupplier ready, Responses responses,
      RateLimits limits, ServiceMetrics metrics) {
    this.metrics = metrics;
    this.limits = limits;
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.ready = ready;
    this.responses = responses;
  }

  /**
   * The request handler: CORS preflights for any path first, then the status endpoints, which
   * every client calls every second or so and so skip the router's per-request context, then
   * the router for everything else (including the status path's 405s).
   */
  public Handler<HttpServerRequest> handler(Vertx vertx, Consumer<Router> moreRoutes) {
    Router router = Router.router(vertx);
    router.post(STATUS_PATH).handler(ctx -> postStatus(ctx.request()));
    router.get(STATUS_PATH).handler(ctx -> getStatus(ctx.request()));
    router.get("/health/live").handler(ctx -> health(ctx, true));
    router.get("/health/ready").handler(ctx -> health(ctx, ready.getAsBoolean()));
    if (metrics.enabled()) {
      router.get("/metrics").handler(ctx -> ctx.response()
          .putHeader(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
          .end(metrics.scrape()));
    }
    moreRoutes.accept(router);
    staticFiles(router);
    router.errorHandler(404, ctx -> responses.fail(ctx.request(),
        ApiError.of(404, "Cannot find any route matching " + ctx.request().path() + ".")));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(Headers.ALLOW, Headers.METHODS);
      responses.fail(ctx.request(), ApiError.of(405, "Method " + ctx.request().method().name() + " is not allowed on this route."));
    });
    router.errorHandler(416, ctx -> responses.fail(ctx.request(),
        ApiError.of(416, "Range Not Satisfiable")));
    router.errorHandler(500, ctx -> responses.fail(ctx.request(), ctx.failure()));
    return request -> {
      if (accessLog) {
        logAccess(request);
      }
      if (request.method() == HttpMethod.OPTIONS) {
        preflight(request);
        return;
      }
      String path = request.path();
      ApiError limited = path.startsWith("/api/") ? limits.checkAddress(request) : null;
      if (limited != null) {
        responses.fail(request, limited);
      } else if (STATUS_PATH.equals(path) && request.method() == HttpMethod.POST) {
        postStatus(request.routed(STATUS_PATH));
      } else if (STATUS_PATH.equals(path) && request.method() == HttpMethod.GET) {
        getStatus(request.routed(STATUS_PATH));
      } else {
        router.handle(request);
      }
    };
  }

  /**
   * The web client's files from the classpath's webroot: {@code /} is its index.html and
   * {@code /client/<file>} its module, types and media. The handler answers ranges (players seek
   * in a video with them), Last-Modified and 304s; a file it does not have falls through to the
   * JSON 404, and paths are normalised before lookup, so no path leaves webroot.
   */
  private void staticFiles(Router router) {
    StaticHandler index = StaticHandler.create("webroot").setDefaultContentEncoding("UTF-8");
    StaticHandler client = StaticHandler.create("webroot/client").setDefaultContentEncoding("UTF-8");
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      fileHeaders(ctx);
      index.handle(ctx);
    });
    router.route(CLIENT_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      fileHeaders(ctx);
      client.handle(ctx);
    });
  }

  /**
   * A served file's headers, set as its head is written so that a file not found keeps the
   * error's own: CORS (pages on other origins import the module), the server's time, no-cache
   * (browsers revalidate, cheaply, with the handler's Last-Modified), and the media types the
   * browser needs (a module must be JavaScript). The API's CSP forbids scripts: not here, where
   * the page runs its own.
   */
  private void fileHeaders(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      HttpServerResponse response = ctx.response();
      if (response.getStatusCode() >= 400) {
        return;
      }
      responses.common(response);
      MultiMap headers = response.headers();
      headers.remove(Headers.CSP_NAME);
      headers.set(Headers.CACHE_CONTROL, NO_CACHE);
      String type = mediaType(ctx.normalizedPath());
      if (type != null) {
        headers.set(Headers.CONTENT_TYPE, type);
      }
    });
  }

  /** The media type of a client file by its name, or null to keep the handler's guess. */
  static String mediaType(String path) {
    if (path.endsWith("/") || path.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (path.endsWith(".js") || path.endsWith(".mjs")) {
      return "text/javascript; charset=utf-8";
    } else if (path.endsWith(".d.ts")) {
      return "text/plain; charset=utf-8";
    } else if (path.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (path.endsWith(".webm")) {
      return "video/webm";
    }
    return null;
  }

  private static void logAccess(HttpServerRequest request) {
    long started = System.nanoTime();
    request.response().endHandler(v -> Logs.ACCESS.info(request.method().name() + " " + request.path() + " "
        + request.response().getStatusCode() + " " + (System.nanoTime() - started) / 1000 + "us "
        + request.response().bytesWritten() + "B " + (request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress())));
  }

  private void preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response().setStatusCode(204);
    responses.common(response);
    response.headers()
        .add(Headers.ALLOW_METHODS, Headers.METHODS)
        .add(Headers.ALLOW_HEADERS, Headers.REQUEST_HEADERS)
        .add(Headers.MAX_AGE, Headers.DAY);
    response.end();
  }

  private void postStatus(HttpServerRequest request) {
    long receivedAt = clock.millis();
    BodyReader.read(request, maxBodyBytes)
        .map(body -> parse(body, receivedAt))
        .compose(report -> {
          ApiError limited = limits.checkUser(report.userId());
          return limited != null ? Future.failedFuture(limited) : store.append(report).map(v -> report.status().timestamp());
        })
        .onSuccess(timestamp -> responses.ok(request, StatusJson.ack(responses.writer(), timestamp)))
        .onFailure(e -> responses.fail(request, e));
  }

  /** Parses in place from the received bytes when they are on the heap, else from a copy. */
  private StatusReport parse(Buffer body, long receivedAt) {
    ByteBuf bytes = ((BufferInternal) body).getByteBuf();
    if (bytes.hasArray()) {
      return parser.parse(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes(), receivedAt);
    }
    return parser.parse(body.getBytes(), receivedAt);
  }

  private void getStatus(HttpServerRequest request) {
    QueryParams query;
    try {
      query = QueryParams.require(request.query());
    } catch (ApiError e) {
      responses.fail(request, e);
      return;
    }
    String roomCode = query.roomCode();
    String userId = query.userId();
    if (userId == null) {
      store.room(roomCode)
          .onSuccess(room -> responses.ok(request, room.json(responses.writer())))
          .onFailure(e -> responses.fail(request, e));
    } else {
      store.history(roomCode, userId)
          .onSuccess(history -> responses.ok(request, history.json(responses.writer())))
          .onFailure(e -> responses.fail(request, e));
    }
  }

  private void health(RoutingContext ctx, boolean up) {
    HttpServerRequest request = ctx.request();
    if (up) {
      responses.ok(request, UP);
    } else {
      responses.fail(request, ApiError.of(503, "Service Unavailable"));
    }
  }
}
