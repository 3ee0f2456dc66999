package watchparty.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import watchparty.json.JsonWriter;
import watchparty.status.Ids;
import watchparty.status.InvalidStatusException;
import watchparty.status.StatusJson;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/**
 * The HTTP API: the seed's status endpoints, CORS, health, and one JSON error shape for every
 * failure. One instance per event loop: its JSON writer is that loop's scratch space.
 */
public final class StatusApi {
  public static final String STATUS_PATH = "/api/player/status";
  private static final byte[] UP = JsonWriter.bytes("{\"status\":\"UP\"}");
  private static final byte[] ERROR_URL = JsonWriter.bytes("{\"error\":true,\"url\":");
  private static final byte[] ERROR_STATUS_CODE = JsonWriter.bytes(",\"statusCode\":");
  private static final byte[] ERROR_STATUS_MESSAGE = JsonWriter.bytes(",\"statusMessage\":");
  private static final byte[] ERROR_MESSAGE = JsonWriter.bytes(",\"message\":");

  private final StatusStore store;
  private final Clock clock;
  private final int maxBodyBytes;
  private final BooleanSupplier ready;
  private final StatusParser parser = new StatusParser();
  private final JsonWriter json = new JsonWriter(8192);

  public StatusApi(StatusStore store, Clock clock, int maxBodyBytes, BooleanSupplier ready) {
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.ready = ready;
  }

  /** The request handler: CORS preflights for any path first, then the router. */
  public Handler<HttpServerRequest> handler(Vertx vertx) {
    Router router = router(vertx);
    return request -> {
      if (request.method() == HttpMethod.OPTIONS) {
        preflight(request);
      } else {
        router.handle(request);
      }
    };
  }

  Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.post(STATUS_PATH).handler(this::postStatus);
    router.get(STATUS_PATH).handler(this::getStatus);
    router.get("/health/live").handler(ctx -> health(ctx, true));
    router.get("/health/ready").handler(ctx -> health(ctx, ready.getAsBoolean()));
    router.errorHandler(404, ctx -> fail(ctx.request(),
        ApiError.of(404, "Cannot find any route matching " + ctx.request().path() + ".")));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(Headers.ALLOW, Headers.METHODS);
      fail(ctx.request(), ApiError.of(405, "Method " + ctx.request().method().name() + " is not allowed on this route."));
    });
    router.errorHandler(500, ctx -> fail(ctx.request(), ctx.failure()));
    return router;
  }

  private static void preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response().setStatusCode(204);
    Headers.common(response.headers());
    response.headers()
        .add(Headers.ALLOW_METHODS, Headers.METHODS)
        .add(Headers.ALLOW_HEADERS, Headers.REQUEST_HEADERS)
        .add(Headers.MAX_AGE, Headers.DAY);
    response.end();
  }

  private void postStatus(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long receivedAt = clock.millis();
    BodyReader.read(request, maxBodyBytes)
        .map(body -> parse(body, receivedAt))
        .compose(report -> store.append(report).map(v -> report.status().timestamp()))
        .onSuccess(timestamp -> ok(request, StatusJson.ack(json.reset(), timestamp)))
        .onFailure(e -> fail(request, e));
  }

  /** Parses in place from the received bytes when they are on the heap, else from a copy. */
  private StatusReport parse(Buffer body, long receivedAt) {
    ByteBuf bytes = ((BufferInternal) body).getByteBuf();
    if (bytes.hasArray()) {
      return parser.parse(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes(), receivedAt);
    }
    return parser.parse(body.getBytes(), receivedAt);
  }

  private void getStatus(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    QueryParams query;
    try {
      query = QueryParams.parse(request.query());
    } catch (QueryParams.BadQueryException e) {
      fail(request, ApiError.badRequest(e.getMessage()));
      return;
    }
    String roomCode = query.roomCode();
    String userId = query.userId();
    if (roomCode == null || roomCode.isEmpty()) {
      fail(request, ApiError.of(400, ApiError.MISSING_QUERY));
      return;
    }
    String problem = Ids.problem("roomCode", roomCode);
    if (problem == null && userId != null && !userId.isEmpty()) {
      problem = Ids.problem("userId", userId);
    }
    if (problem != null) {
      fail(request, ApiError.badRequest(problem));
      return;
    }
    if (userId == null || userId.isEmpty()) {
      store.room(roomCode)
          .onSuccess(room -> ok(request, room.json(json)))
          .onFailure(e -> fail(request, e));
    } else {
      store.history(roomCode, userId)
          .onSuccess(statuses -> ok(request, StatusJson.history(json.reset(), userId, roomCode, statuses)))
          .onFailure(e -> fail(request, e));
    }
  }

  private void health(RoutingContext ctx, boolean up) {
    HttpServerRequest request = ctx.request();
    if (up) {
      ok(request, json.reset().raw(UP));
    } else {
      fail(request, ApiError.of(503, "Service Unavailable"));
    }
  }

  private static void ok(HttpServerRequest request, JsonWriter body) {
    ok(request, body.toByteArray());
  }

  private static void ok(HttpServerRequest request, byte[] body) {
    HttpServerResponse response = request.response();
    Headers.common(response.headers());
    response.headers().add(Headers.CONTENT_TYPE, Headers.JSON);
    response.end(wrap(body));
  }

  /** The bytes as a buffer without another copy (they are never changed once written). */
  private static Buffer wrap(byte[] body) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(body));
  }

  /** Every failure leaves in the seed's error shape; anything unexpected is a 500 without details. */
  void fail(HttpServerRequest request, Throwable failure) {
    ApiError error;
    if (failure instanceof ApiError e) {
      error = e;
    } else if (failure instanceof InvalidStatusException e) {
      error = e.isMissingFields() ? ApiError.of(400, InvalidStatusException.MISSING_FIELDS) : ApiError.badRequest(e.getMessage());
    } else {
      error = new ApiError(500, "Internal Server Error", "The server could not answer this request");
      Log.error("request " + request.method() + " " + request.uri() + " failed", failure);
    }
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    response.setStatusCode(error.statusCode()).setStatusMessage(error.statusMessage());
    Headers.common(response.headers());
    response.headers().add(Headers.CONTENT_TYPE, Headers.JSON);
    if (error.statusCode() == 413) {
      // the rest of an oversized body is not read: the connection cannot carry another request
      response.headers().add(Headers.CONNECTION, Headers.CLOSE);
    }
    String url = request.absoluteURI();
    JsonWriter w = json.reset()
        .raw(ERROR_URL).string(url != null ? url : request.uri())
        .raw(ERROR_STATUS_CODE).number(error.statusCode())
        .raw(ERROR_STATUS_MESSAGE).string(error.statusMessage())
        .raw(ERROR_MESSAGE).string(error.getMessage())
        .raw('}');
    response.end(wrap(w.toByteArray()));
  }
}
