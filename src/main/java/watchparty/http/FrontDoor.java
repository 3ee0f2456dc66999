package watchparty.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import watchparty.json.JsonWriter;
import watchparty.live.LiveApi;
import watchparty.logs.Logs;
import watchparty.metrics.HttpRequestMetrics;
import watchparty.metrics.ServiceMetrics;

/**
 * Where every HTTP request of one event loop enters, and the one place that decides where it
 * goes: {@link #handle} in order, then, for what it does not answer itself, the router that
 * {@link #routes} lays out. StatusApi, LiveApi and StaticFiles only answer what they are handed.
 */
public final class FrontDoor implements Handler<HttpServerRequest> {
  public static final String OPENAPI_PATH = "/openapi.json";
  private static final String API_PREFIX = "/api/";
  private static final String HEALTH_PREFIX = "/health/";
  private static final String METRICS_PATH = "/metrics";
  /** The route label of a request no route answers: one value, whatever the path. */
  static final String UNMATCHED = "unmatched";
  private static final String CLIENT_ROUTE = StaticFiles.CLIENT_PATH + "*";
  private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final byte[] UP = JsonWriter.bytes("{\"status\":\"UP\"}");

  private final StatusApi status;
  private final LiveApi live;
  private final StaticFiles files;
  private final Responses responses;
  private final RateLimits limits;
  private final ServiceMetrics metrics;
  private final HttpRequestMetrics requestMetrics;
  private final BooleanSupplier ready;
  private final BooleanSupplier draining;
  private final boolean accessLog;
  /** The API's OpenAPI document from the classpath, or null when the build has none. */
  private final byte[] openApi;
  /** Each routed path's methods, for a 405's Allow; filled as {@link #routes} lays them out. */
  private final Map<String, CharSequence> allowed = new HashMap<>();
  private final Router router;
  /** Requests begun and not yet answered on this loop (live feeds and health checks aside). */
  private volatile int inFlight;

  /**
   * @param ready whether /health/ready is up
   * @param draining whether the service is stopping: new requests are then refused
   * @param accessLog one line a request (method, path, status, time, bytes, client) to watchparty.access
   */
  public FrontDoor(Vertx vertx, StatusApi status, LiveApi live, Responses responses, RateLimits limits,
      ServiceMetrics metrics, BooleanSupplier ready, BooleanSupplier draining, boolean accessLog) {
    this.status = status;
    this.live = live;
    this.files = new StaticFiles(responses);
    this.responses = responses;
    this.limits = limits;
    this.metrics = metrics;
    this.requestMetrics = metrics.httpRequests();
    this.ready = ready;
    this.draining = draining;
    this.accessLog = accessLog;
    this.openApi = classpathResource("openapi.json");
    this.router = routes(vertx);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    boolean liveFeed = path.equals(LiveApi.WS_PATH) || path.equals(LiveApi.EVENTS_PATH);
    boolean health = path.startsWith(HEALTH_PREFIX);
    // live feeds last as long as their viewer: counted as connections, not as requests; nor is the scrape
    if (!liveFeed && !path.equals(METRICS_PATH)) {
      track(request, !health);
    }
    // live feeds are closed on stop and health checks must answer throughout: neither is held or refused
    if (!health && !liveFeed && draining.getAsBoolean()) {
      // the port is still open while requests in flight finish: new ones are sent elsewhere
      responses.fail(request, new ApiError(503, "Service Unavailable", "The service is shutting down; retry")
          .closingConnection());
      return;
    }
    if (accessLog) {
      logAccess(request);
    }
    HttpMethod method = request.method();
    if (method == HttpMethod.OPTIONS) {
      preflight(request); // any path: a browser asks before it sends what a simple request may not
      return;
    }
    if (path.startsWith(API_PREFIX)) {
      ApiError limited = limits.checkAddress(request);
      if (limited != null) {
        responses.fail(request, limited);
        return;
      }
      // every client reports and reads every second or so: these skip the router's per-request context
      if (path.equals(StatusApi.STATUS_PATH) && method == HttpMethod.POST) {
        status.post(request);
        return;
      }
      if (path.equals(StatusApi.STATUS_PATH) && method == HttpMethod.GET) {
        status.get(request);
        return;
      }
    }
    String escape = malformedEscape(path);
    if (escape != null) {
      // the router cannot normalise such a path and would fail unhandled: refused here instead
      responses.fail(request, ApiError.badRequest("Malformed percent-encoding \"" + escape
          + "\" in the path: '%' must be followed by two hexadecimal digits"));
      return;
    }
    router.handle(request);
  }

  /** The first percent-escape of the path that is not '%' and two hex digits, or null when all are. */
  static String malformedEscape(String path) {
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
        return path.substring(i, Math.min(i + 3, path.length()));
      }
    }
    return null;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * The methods a 405 names for a routed path: what that path's routes answer, and OPTIONS; GET
   * and HEAD for the client's files.
   */
  private CharSequence allowedOn(String path) {
    String route = routeOf(path);
    CharSequence methods = allowed.get(route);
    if (methods != null) {
      return methods;
    }
    return route.equals(CLIENT_ROUTE) ? Headers.GET_HEAD : Headers.METHODS;
  }

  /**
   * Everything the fast path above does not answer: health, metrics, the live feeds and the sync
   * view, the OpenAPI document, the web client's files, and the status path by any other
   * spelling or method. The router matches normalised paths, and answers a known path with an
   * unknown method with 405 (its Allow naming that path's methods) and an unknown path with 404,
   * both in the JSON error shape.
   */
  private Router routes(Vertx vertx) {
    Router router = Router.router(vertx);
    router.post(StatusApi.STATUS_PATH).handler(ctx -> status.post(ctx.request()));
    router.get(StatusApi.STATUS_PATH).handler(ctx -> status.get(ctx.request()));
    allowed.put(StatusApi.STATUS_PATH, Headers.METHODS);
    router.get("/health/live").handler(ctx -> health(ctx.request(), true));
    router.get("/health/ready").handler(ctx -> health(ctx.request(), ready.getAsBoolean()));
    allowed.put("/health/live", Headers.GET_ONLY);
    allowed.put("/health/ready", Headers.GET_ONLY);
    if (metrics.enabled()) {
      router.get(METRICS_PATH).handler(ctx -> ctx.response().putHeader(Headers.CONTENT_TYPE, METRICS_TYPE)
          .end(metrics.scrape()));
      allowed.put(METRICS_PATH, Headers.GET_ONLY);
    }
    router.get(LiveApi.WS_PATH).handler(ctx -> live.webSocket(ctx.request()));
    router.get(LiveApi.EVENTS_PATH).handler(ctx -> live.events(ctx.request()));
    router.get(LiveApi.SYNC_PATH).handler(ctx -> live.sync(ctx.request()));
    allowed.put(LiveApi.WS_PATH, Headers.GET_ONLY);
    allowed.put(LiveApi.EVENTS_PATH, Headers.GET_ONLY);
    allowed.put(LiveApi.SYNC_PATH, Headers.GET_ONLY);
    if (openApi != null) {
      router.get(OPENAPI_PATH).handler(ctx -> responses.ok(ctx.request(), openApi));
      allowed.put(OPENAPI_PATH, Headers.GET_ONLY);
    }
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files::page);
    router.route(StaticFiles.CLIENT_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files::client);
    allowed.put("/", Headers.GET_HEAD); // paths under CLIENT_PATH: see allowedOn
    router.errorHandler(404, ctx -> responses.fail(ctx.request(),
        ApiError.of(404, "Cannot find any route matching " + ctx.request().path() + ".")));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader(Headers.ALLOW, allowedOn(ctx.normalizedPath()));
      responses.fail(ctx.request(), ApiError.of(405, "Method " + ctx.request().method().name() + " is not allowed on this route."));
    });
    router.errorHandler(416, ctx -> responses.fail(ctx.request(), ApiError.of(416, "Range Not Satisfiable")));
    router.errorHandler(500, ctx -> responses.fail(ctx.request(), ctx.failure()));
    return router;
  }

  /** Requests of this loop not yet answered. */
  public int inFlight() {
    return inFlight;
  }

  /**
   * The route that answers path, as the router matches it: a path of the router's, with or
   * without a trailing slash; every client file under one; else one value for all the rest, so
   * that a scan of unknown paths cannot mint metric label values.
   */
  String routeOf(String path) {
    String key = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (allowed.containsKey(key)) {
      return key;
    }
    return (key + "/").startsWith(StaticFiles.CLIENT_PATH) ? CLIENT_ROUTE : UNMATCHED;
  }

  /**
   * Times the request until its answer is written, and, when countInFlight, counts it among this
   * loop's requests in flight until then or until its connection is lost.
   */
  private void track(HttpServerRequest request, boolean countInFlight) {
    if (countInFlight) {
      inFlight++;
    }
    requestMetrics.begun();
    RequestFinished finished = new RequestFinished(request, System.nanoTime(), countInFlight);
    request.response().bodyEndHandler(v -> finished.answered()).closeHandler(v -> finished.closed());
  }

  /** The end of one tracked request, told once whether its answer ended or its connection closed first. */
  private final class RequestFinished {
    private final HttpServerRequest request;
    private final long started;
    private final boolean inFlight;
    private boolean told;

    RequestFinished(HttpServerRequest request, long started, boolean inFlight) {
      this.request = request;
      this.started = started;
      this.inFlight = inFlight;
    }

    void answered() {
      if (end()) {
        requestMetrics.ended(routeOf(request.path()), request.method().name(), request.response().getStatusCode(),
            System.nanoTime() - started);
      }
    }

    void closed() {
      if (end()) {
        requestMetrics.abandoned();
      }
    }

    private boolean end() {
      if (told) {
        return false;
      }
      told = true;
      if (inFlight) {
        FrontDoor.this.inFlight--;
      }
      return true;
    }
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

  private void health(HttpServerRequest request, boolean up) {
    if (up) {
      responses.ok(request, UP);
    } else {
      responses.fail(request, ApiError.of(503, "Service Unavailable"));
    }
  }

  private static void logAccess(HttpServerRequest request) {
    long started = System.nanoTime();
    request.response().endHandler(v -> Logs.ACCESS.info(request.method().name() + " " + request.path() + " "
        + request.response().getStatusCode() + " " + (System.nanoTime() - started) / 1000 + "us "
        + request.response().bytesWritten() + "B " + (request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress())));
  }

  private static byte[] classpathResource(String name) {
    try (InputStream in = FrontDoor.class.getResourceAsStream("/" + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
    }
  }
}
