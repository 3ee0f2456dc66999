package watchparty;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import watchparty.config.ServiceConfig;
import watchparty.http.FrontDoor;
import watchparty.http.RateLimits;
import watchparty.http.Responses;
import watchparty.http.StatusApi;
import watchparty.http.StatusIntake;
import watchparty.live.LiveApi;
import watchparty.metrics.ServiceMetrics;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/**
 * One per event loop (thread-per-core): takes this loop's share of the store, then serves the
 * API on the shared port, where Vert.x spreads connections across the instances. Every request
 * enters through this loop's {@link FrontDoor}.
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
  /** Read by the service from another thread while it drains. */
  private volatile FrontDoor frontDoor;

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
        config.trustedProxyRanges());
    vertx.setPeriodic(10_000, id -> limits.forgetIdle());
    StatusIntake intake = new StatusIntake(store, limits);
    StatusApi status = new StatusApi(store, clock, config.maxBodyBytes(), responses, intake);
    live = new LiveApi(store, clock, config, responses, intake, metrics);
    live.startHeartbeat(vertx);
    frontDoor = new FrontDoor(vertx, status, live, responses, limits, metrics, ready, draining, config.accessLog());
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
    server = vertx.createHttpServer(options).requestHandler(frontDoor);
    return store.startOn(context).compose(v -> server.listen());
  }

  /** Requests of this loop not yet answered (live feeds and health checks aside). */
  int inFlight() {
    return frontDoor == null ? 0 : frontDoor.inFlight();
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
