package watchparty.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import watchparty.redis.LoopConnections.RedisLoop;
import watchparty.status.HistorySnapshot;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.store.LoopListeners;
import watchparty.store.Loops;
import watchparty.store.RoomListener;
import watchparty.store.StatusStore;
import watchparty.store.StoreUnavailableException;
import watchparty.store.Subscription;
import watchparty.time.Clock;

/**
 * The shared store: every instance keeps its rooms in one Redis. Each change is one call of the
 * room script ({@link RoomScript}: append, trim, expire, host, event id and publish in one atomic
 * step); a read is one command ({@link RoomReader}). Live events cross instances on one pub/sub
 * channel per room, to which an instance subscribes only while it has listeners of that room
 * ({@link PubSubHub}); a socket's hold on its user is a lease ({@link Leases}).
 *
 * <p>Redis is one server, a master found through Sentinel, or a Cluster ({@link RedisTopology}):
 * a room's keys and channel share its hash tag, so on a Cluster each room lives on one shard and
 * its events use that shard's pub/sub only.
 *
 * <p>When Redis is down or slow (a master failing over among them), every call fails within the
 * timeout as {@link StoreUnavailableException} (an HTTP 503), readiness turns off, and the client
 * keeps reconnecting; live connections stay open and resume when Redis is back.
 */
public final class RedisStore implements StatusStore {
  private final Vertx vertx;
  private final RedisTopology topology;
  private final Redis client;
  /**
   * Makes the pub/sub hub's subscriber connection. Made here, with the store, not on a serving
   * loop: a client made on a verticle's loop is closed when that verticle is undeployed, before
   * the store is closed.
   */
  private final Redis subscriberClient;
  private final Clock clock;
  private final long ttlMs;
  private final long timeoutMs;
  private final Loops<RedisLoop> loops;
  private final LoopConnections connections;
  private final RoomScript script;
  private final RoomReader reader;
  /** Made on the first loop to start, which runs them. */
  private Leases leases;
  private PubSubHub hub;

  public RedisStore(Vertx vertx, RedisTopology topology, int loopCount, Clock clock, long ttlMs, int history,
      long timeoutMs, long maxUsersPerRoom) {
    this.vertx = vertx;
    this.topology = topology;
    this.client = Redis.createClient(vertx, topology.options());
    this.subscriberClient = Redis.createClient(vertx, topology.options());
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.timeoutMs = timeoutMs;
    this.loops = new Loops<>(loopCount, "Redis store");
    this.connections = new LoopConnections(client, loops, timeoutMs);
    this.script = new RoomScript(connections, clock, ttlMs, history, maxUsersPerRoom, topology, timeoutMs);
    this.reader = new RoomReader(connections, clock, ttlMs);
  }

  /** Times from the hub's read of the room after the event (Redis round trips excluded) to the last write. */
  @Override
  public void timeFanOut(Loops.FanOutTimer timer) {
    loops.timeFanOut(timer);
  }

  @Override
  public Future<Void> startOn(Context context) {
    return loops.start(context, RedisLoop::new, loop -> {
      connections.connect(loop);
      if (loop.index() == 0) {
        leases = new Leases(context, script, clock, ttlMs);
        hub = new PubSubHub(vertx, context, subscriberClient, connections, loops, reader, leases, ttlMs, timeoutMs,
            topology.sharded());
        hub.start();
      }
    });
  }

  @Override
  public boolean isReady() {
    return connections.reachable();
  }

  @Override
  public Future<Void> close() {
    Future<Void> hubClosed = hub == null ? Future.succeededFuture() : hub.close();
    return hubClosed.eventually(() -> Future.join(subscriberClient.close(), client.close())).mapEmpty();
  }

  @Override
  public Future<Void> append(StatusReport report) {
    return script.append(report);
  }

  @Override
  public Future<HistorySnapshot> history(String roomCode, String userId) {
    return reader.history(roomCode, userId);
  }

  @Override
  public Future<RoomSnapshot> room(String roomCode) {
    return reader.room(roomCode);
  }

  @Override
  public Future<Subscription> subscribe(String roomCode, String userId, long lastEventId, RoomListener listener) {
    RedisLoop here = loops.current();
    if (here == null) {
      return Future.failedFuture(new IllegalStateException("subscribe from a serving event loop"));
    }
    LoopListeners.Entry entry = here.listeners().add(roomCode, listener);
    Future<Void> pinned = userId == null ? Future.succeededFuture() : leases.pin(roomCode, userId);
    return hub.follow(roomCode, here.index())
        .compose(v -> pinned)
        .compose(v -> reader.room(roomCode))
        .map(snapshot -> {
          // events are not kept here: a resuming listener starts again from the room
          entry.start(snapshot, null);
          return (Subscription) () -> {
            here.listeners().remove(roomCode, entry);
            hub.unfollow(roomCode, here.index());
            return userId == null ? Future.succeededFuture() : leases.unpin(roomCode, userId);
          };
        })
        .onFailure(e -> {
          here.listeners().remove(roomCode, entry);
          hub.unfollow(roomCode, here.index());
          if (userId != null) {
            leases.unpin(roomCode, userId); // its hold was counted even if the lease was not taken
          }
        });
  }
}
