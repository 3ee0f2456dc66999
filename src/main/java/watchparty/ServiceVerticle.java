package watchparty;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import watchparty.config.ServiceConfig;
import watchparty.http.ApiError;
import watchparty.http.RateLimits;
import watchparty.http.Responses;
import watchparty.http.StatusApi;
import watchparty.live.LiveApi;
import watchparty.metrics.ServiceMetrics;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/**
 * One per event loop (thread-per-core): takes this loop's share of the store, then serves the
 * API on the shared port, where Vert.x spreads connections across the instances.
 */
public final class ServiceVerticle extends VerticleBase {
  private final ServiceConfig config;
  private final StatusStore store;
  private final Clock clock;
  private final BooleanSupplier ready;
  private final BooleanSupplier draining;
  private final ServiceMetrics metrics;
  private HttpServer server;
  private LiveApi live;
  /** Requests begun and not yet answered on this loop (live feeds and health checks aside). */
  private volatile int inFlight;

  public ServiceVerticle(ServiceConfig config, StatusStore store, Clock clock, BooleanSupplier ready,
      BooleanSupplier draining, ServiceMetrics metrics) {
    this.draining = draining;
    this.metrics = metrics;
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.ready = ready;
  }

  @Override
  public Future<?> start() {
    Responses responses = new Responses(clock, metrics);
    RateLimits limits = new RateLimits(clock, config.rateLimitPerAddress(), config.rateLimitPerUser(),
        config.trustedProxySet());
    vertx.setPeriodic(10_000, id -> limits.forgetIdle());
    StatusApi api = new StatusApi(store, clock, config.maxBodyBytes(), ready, responses, limits, metrics)
        .withAccessLog(config.accessLog());
    live = new LiveApi(store, clock, config, responses, limits, metrics);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        // connection hygiene: idle connections are closed, oversized request heads refused (431)
        .setIdleTimeout((int) config.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(config.maxHeaderBytes())
        .setMaxWebSocketMessageSize(config.maxBodyBytes())
        .setMaxWebSocketFrameSize(config.maxBodyBytes());
    Handler<HttpServerRequest> handler = api.handler(vertx, router -> live.mount(vertx, router));
    server = vertx.createHttpServer(options).requestHandler(request -> {
      String path = request.path();
      if (path.startsWith("/health/") || path.equals(LiveApi.WS_PATH) || path.equals(LiveApi.EVENTS_PATH)) {
        handler.handle(request); // live feeds are closed on stop; health checks must answer throughout
      } else if (draining.getAsBoolean()) {
        // the port is still open while requests in flight finish: new ones are sent elsewhere
        responses.fail(request, new ApiError(503, "Service Unavailable", "The service is shutting down; retry")
            .closingConnection());
      } else {
        track(request);
        handler.handle(request);
      }
    });
    return store.startOn(context).compose(v -> server.listen());
  }

  /** Counts the request in flight until its answer is written or its connection is lost. */
  private void track(HttpServerRequest request) {
    inFlight++;
    boolean[] done = {false};
    Handler<Void> finished = v -> {
      if (!done[0]) {
        done[0] = true;
        inFlight--;
      }
    };
    request.response().bodyEndHandler(finished).closeHandler(finished);
  }

  /** Requests of this loop not yet answered. */
  int inFlight() {
    return inFlight;
  }

  /** Stops accepting, lets requests in flight finish (up to the shutdown timeout), then closes. */
  @Override
  public Future<?> stop() {
    if (live != null) {
      live.closeAll();
    }
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.actualPort();
  }
}
