package watchparty.http;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.HostAndPort;
import watchparty.json.JsonWriter;
import watchparty.metrics.ServiceMetrics;
import watchparty.status.InvalidStatusException;
import watchparty.store.StoreFullException;
import watchparty.store.StoreUnavailableException;
import watchparty.time.Clock;

/**
 * Writes answers for one event loop: JSON bodies, the common headers (CORS, hardening, the
 * server's time for clock sync), and every failure in the seed's error shape. Its writer is the
 * loop's scratch space, so one instance serves one loop.
 */
public final class Responses {
  private static final byte[] ERROR_URL = JsonWriter.bytes("{\"error\":true,\"url\":");
  private static final byte[] ERROR_STATUS_CODE = JsonWriter.bytes(",\"statusCode\":");
  private static final byte[] ERROR_STATUS_MESSAGE = JsonWriter.bytes(",\"statusMessage\":");
  private static final byte[] ERROR_MESSAGE = JsonWriter.bytes(",\"message\":");

  private final Clock clock;
  private final ServiceMetrics metrics;
  private final JsonWriter json = new JsonWriter(8192);

  public Responses(Clock clock, ServiceMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A reset scratch writer for an answer about to be sent from this loop. */
  public JsonWriter writer() {
    return json.reset();
  }

  /** The common headers: CORS for any origin, the seed backend's hardening, the server's time. */
  public void common(HttpServerResponse response) {
    Headers.common(response.headers());
    response.headers().add(Headers.SERVER_TIME, Long.toString(clock.millis()));
  }

  public void ok(HttpServerRequest request, JsonWriter body) {
    ok(request, body.toByteArray());
  }

  public void ok(HttpServerRequest request, byte[] body) {
    HttpServerResponse response = request.response();
    common(response);
    response.headers().add(Headers.CONTENT_TYPE, Headers.JSON);
    response.end(wrap(body));
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "too_large";
      case 426 -> "upgrade_required";
      case 429 -> "rate_limited";
      default -> "status_" + status;
    };
  }

  /** The bytes as a buffer without another copy (they are never changed once written). */
  public static Buffer wrap(byte[] body) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(body));
  }

  /**
   * The request's URL as the seed writes it in an error: a Host without a port is written without
   * one (http://x/...), where Vert.x's own absolute URI of a request outside the router reads
   * http://x:-1/...; any other request keeps Vert.x's rendering.
   */
  static String url(HttpServerRequest request) {
    String uri = request.uri();
    HostAndPort authority = request.authority();
    if (authority != null && authority.port() < 0 && uri.startsWith("/")) {
      return request.scheme() + "://" + authority.host() + uri;
    }
    String url = request.absoluteURI();
    return url != null ? url : uri;
  }

  /** Every failure leaves in the seed's error shape; anything unexpected is a 500 without details. */
  public void fail(HttpServerRequest request, Throwable failure) {
    ApiError error;
    if (failure instanceof ApiError e) {
      error = e;
    } else if (failure instanceof StoreFullException e) {
      error = new ApiError(503, "Service Unavailable", e.getMessage());
      metrics.refused("cap");
    } else if (failure instanceof StoreUnavailableException) {
      error = new ApiError(503, "Service Unavailable", "The status store is unreachable; retry shortly");
      metrics.storeError();
    } else if (failure instanceof InvalidStatusException e) {
      error = e.isMissingFields() ? ApiError.of(400, InvalidStatusException.MISSING_FIELDS) : ApiError.badRequest(e.getMessage());
    } else {
      error = new ApiError(500, "Internal Server Error", "The server could not answer this request");
      Log.error("request " + request.method() + " " + request.uri() + " failed", failure);
    }
    if (error.statusCode() < 500 && error.statusCode() != 503) {
      metrics.refused(reason(error.statusCode()));
    }
    HttpServerResponse response = request.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(error.statusCode()).setStatusMessage(error.statusMessage());
    common(response);
    response.headers().add(Headers.CONTENT_TYPE, Headers.JSON);
    if (error.retryAfterSeconds() > 0) {
      response.headers().add(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
    }
    if (error.closesConnection()) {
      // a 413's body is not read, so its connection cannot carry another request; a service
      // shutting down sends its clients elsewhere
      response.headers().add(Headers.CONNECTION, Headers.CLOSE);
    }
    JsonWriter w = json.reset()
        .raw(ERROR_URL).string(url(request))
        .raw(ERROR_STATUS_CODE).number(error.statusCode())
        .raw(ERROR_STATUS_MESSAGE).string(error.statusMessage())
        .raw(ERROR_MESSAGE).string(error.getMessage())
        .raw('}');
    response.end(wrap(w.toByteArray()));
  }
}
