package watchparty;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import watchparty.config.ServiceConfig;
import watchparty.metrics.ServiceMetrics;
import watchparty.redis.RedisStore;
import watchparty.redis.RedisTopology;
import watchparty.store.MemoryStore;
import watchparty.store.RoomShard;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/** The running service: its store and one {@link ServiceVerticle} per event loop. */
public final class Service {
  private final Vertx vertx;
  private final ServiceConfig config;
  private final StatusStore store;
  private volatile String deploymentId;
  private volatile boolean draining;
  private final List<ServiceVerticle> verticles = new CopyOnWriteArrayList<>();

  private Service(Vertx vertx, ServiceConfig config, StatusStore store) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
  }

  public static Future<Service> start(Vertx vertx, ServiceConfig config, Clock clock) {
    return start(vertx, config, clock, ServiceMetrics.NONE);
  }

  /** Starts the service; metrics must come from the same ServiceMetrics that built vertx. */
  public static Future<Service> start(Vertx vertx, ServiceConfig config, Clock clock, ServiceMetrics metrics) {
    int loops = config.eventLoops();
    StatusStore store = config.usesRedis()
        ? new RedisStore(vertx, new RedisTopology(RedisTopology.mode(config.redisMode()), config.redisUrls(),
                config.redisMasterName(), config.redisWaitReplicas(), config.redisPoolSize()),
            loops, clock, config.statusTtlMs(), config.statusHistory(), config.redisTimeoutMs(), config.maxUsersPerRoom())
        : new MemoryStore(loops, clock, config.statusTtlMs(), config.statusHistory(), config.expiryIntervalMs(),
            new RoomShard.Limits(config.maxRooms(), config.maxUsers(), config.maxUsersPerRoom()));
    metrics.fanOutTimer().ifPresent(store::timeFanOut);
    Service service = new Service(vertx, config, store);
    if (store instanceof MemoryStore memory) {
      metrics.gauge("watchparty.rooms", "rooms held", memory, m -> m.held(0));
      metrics.gauge("watchparty.users", "users held", memory, m -> m.held(1));
      metrics.gauge("watchparty.statuses", "statuses held", memory, m -> m.held(2));
    }
    return vertx.deployVerticle(() -> service.track(new ServiceVerticle(config, store, clock, service::ready,
            () -> service.draining, metrics)),
            new DeploymentOptions().setInstances(loops))
        .map(id -> {
          service.deploymentId = id;
          return service;
        });
  }

  private ServiceVerticle track(ServiceVerticle verticle) {
    verticles.add(verticle);
    return verticle;
  }

  /** Ready to take traffic: deployed, not shutting down, and its store reachable. */
  public boolean ready() {
    return deploymentId != null && !draining && store.isReady();
  }

  public ServiceConfig config() {
    return config;
  }

  public StatusStore store() {
    return store;
  }

  /** Stops taking new work, finishes what is in flight, and releases the port. */
  public Future<Void> stop() {
    draining = true;
    String id = deploymentId;
    if (id == null) {
      return Future.succeededFuture();
    }
    // The service drains its requests itself before Vert.x closes the servers: when the servers
    // sharing the port shut down together, Vert.x was seen to close a connection whose request was
    // still in flight. Until then the port stays open, and new requests are refused with a 503.
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownTimeoutMs());
    // a first look after a moment: a request that began as draining was set is counted by then
    vertx.setTimer(50, first -> vertx.setPeriodic(0, 10, timer -> {
      if (inFlight() == 0 || System.nanoTime() - deadline >= 0) {
        vertx.cancelTimer(timer);
        drained.complete();
      }
    }));
    return drained.future().compose(v -> vertx.undeploy(id)).eventually(store::close);
  }

  private int inFlight() {
    int n = 0;
    for (ServiceVerticle v : verticles) {
      n += v.inFlight();
    }
    return n;
  }
}
