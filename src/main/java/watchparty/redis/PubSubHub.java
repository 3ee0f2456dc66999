package watchparty.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import watchparty.redis.LoopConnections.RedisLoop;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.store.CallerPromise;
import watchparty.store.ListenersByLoop;
import watchparty.store.Loops;
import watchparty.store.StoreUnavailableException;

/**
 * The instance's side of pub/sub, on one event loop: the subscriber connection, which loops
 * follow which rooms, and the timers that check Redis's health and renew this instance's leases.
 * An event from a room's channel goes to each following loop once, with the room as it stands
 * after it (read once for a run of events, so a burst costs one read). A lost subscriber is made
 * again when Redis answers, and every followed room subscribed again and told afresh; so is a
 * room whose subscription failed or was ended by the server. On a Cluster the subscriber is one
 * connection per master and each room's channel is sharded: subscribed on its own shard only.
 */
final class PubSubHub {
  private static final Logger LOG = Logger.getLogger("watchparty");

  private final Vertx vertx;
  private final Context context;
  /** Makes the subscriber connection (a subscriber is no pool's). */
  private final Redis subscriberClient;
  private final LoopConnections connections;
  private final Loops<RedisLoop> loops;
  private final RoomReader reader;
  private final Leases leases;
  private final long ttlMs;
  private final long timeoutMs;
  /** Plain or, on a Cluster, sharded pub/sub: the commands, and the kinds of push they bring. */
  private final Command subscribe;
  private final Command unsubscribe;
  private final String messageType;
  private final String unsubscribedType;
  private final Map<String, ListenersByLoop> followers = new HashMap<>();
  /** Per followed room, the subscription under way or made. */
  private final Map<String, Future<Void>> subscriptions = new HashMap<>();
  /** Per followed room, events received and not yet told; and the rooms being read for them. */
  private final Map<String, List<RoomEvent>> pending = new HashMap<>();
  private final Set<String> reading = new HashSet<>();
  private final List<Long> timers = new ArrayList<>();
  private RedisConnection subscriber;
  private boolean connecting;
  private boolean closed;

  PubSubHub(Vertx vertx, Context context, Redis subscriberClient, LoopConnections connections,
      Loops<RedisLoop> loops, RoomReader reader, Leases leases, long ttlMs, long timeoutMs, boolean sharded) {
    this.vertx = vertx;
    this.subscribe = sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE;
    this.unsubscribe = sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE;
    this.messageType = sharded ? "smessage" : "message";
    this.unsubscribedType = sharded ? "sunsubscribe" : "unsubscribe";
    this.context = context;
    this.subscriberClient = subscriberClient;
    this.connections = connections;
    this.loops = loops;
    this.reader = reader;
    this.leases = leases;
    this.ttlMs = ttlMs;
    this.timeoutMs = timeoutMs;
  }

  /** Connects and starts the timers; called on the hub's loop. */
  void start() {
    connect();
    timers.add(vertx.setPeriodic(1000, id -> checkHealth()));
    timers.add(vertx.setPeriodic(Math.max(1000, ttlMs / 3), id -> leases.renewPins()));
    // each second the rooms followed here renew their lease on events and are swept, so that
    // leaves are told even when nobody writes
    timers.add(vertx.setPeriodic(1000, id -> {
      for (String room : followers.keySet()) {
        leases.listen(room);
      }
    }));
    checkHealth();
  }

  /** Stops the timers and closes the subscriber; nothing is made again after. */
  Future<Void> close() {
    Promise<Void> done = CallerPromise.create();
    context.runOnContext(v -> {
      closed = true;
      timers.forEach(vertx::cancelTimer);
      Future<Void> closing = subscriber == null ? Future.succeededFuture() : subscriber.close();
      subscriber = null;
      closing.onComplete(r -> done.complete());
    });
    return done.future();
  }

  private void checkHealth() {
    connections.checkHealth().onSuccess(up -> {
      if (!up && subscriber != null) {
        // a dead subscriber connection may not say so: drop it, and make a new one when Redis is back
        subscriber.close();
        subscriber = null;
      } else if (up && subscriber == null) {
        connect();
      } else if (up) {
        resubscribeLost();
      }
    });
  }

  /**
   * Followed rooms with no subscription (it failed, or the server ended it, as a Cluster node
   * does when its slots move in a failover): subscribed again, their listeners told the room
   * afresh, since events may have been missed meanwhile.
   */
  private void resubscribeLost() {
    for (String room : followers.keySet()) {
      if (!subscriptions.containsKey(room)) {
        subscription(room).compose(v -> reader.room(room)).onSuccess(this::restart);
      }
    }
  }

  /** The subscriber connection; on loss it is made again and every followed channel resubscribed. */
  private void connect() {
    if (connecting || subscriber != null || closed) {
      return;
    }
    connecting = true;
    subscriberClient.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(r -> {
      connecting = false;
      if (r.failed()) {
        return; // the health check tries again
      }
      if (closed) {
        r.result().close();
        return;
      }
      RedisConnection conn = r.result();
      subscriber = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(e -> lost(conn));
      conn.endHandler(v -> lost(conn));
      leases.renewPins();
      for (String room : followers.keySet()) {
        // events published while there was no connection are lost: listeners get the room afresh
        subscription(room).compose(v -> reader.room(room)).onSuccess(this::restart);
      }
    });
  }

  private void lost(RedisConnection conn) {
    if (subscriber == conn && !closed) {
      LOG.info("redis subscriber connection lost; it is made again when Redis answers");
      subscriber = null;
      connections.markUnreachable();
    }
  }

  private void onMessage(Response message) {
    if (message.size() < 2) {
      return;
    }
    String type = message.get(0).toString();
    if (unsubscribedType.equals(type)) {
      // the server's own (a Cluster node giving up the room's slot), or the echo of unfollow's
      String room = RoomKeys.roomOf(message.get(1).toString());
      if (followers.containsKey(room)) {
        subscriptions.remove(room); // the next health check subscribes again
      }
      return;
    }
    if (message.size() < 3 || !messageType.equals(type)) {
      return;
    }
    String room = RoomKeys.roomOf(message.get(1).toString());
    RoomEvent event;
    try {
      event = RoomEvent.published(room, message.get(2).toBytes());
    } catch (RuntimeException e) {
      LOG.warning("ignored a malformed event on " + room + ": " + e.getMessage());
      return;
    }
    pending.computeIfAbsent(room, k -> new ArrayList<>()).add(event);
    if (!reading.contains(room)) {
      readAndDeliver(room);
    }
  }

  /**
   * Reads the room for the events waiting, and tells them with it: a read started after they
   * arrived, so the room it finds includes them. Events that arrive meanwhile wait for the next
   * read; a failed read is tried again shortly, with the events kept.
   */
  private void readAndDeliver(String room) {
    List<RoomEvent> events = pending.remove(room);
    if (events == null || closed || !followers.containsKey(room)) {
      return;
    }
    reading.add(room);
    reader.room(room).onComplete(r -> {
      reading.remove(room);
      if (r.succeeded()) {
        deliver(room, events, r.result());
        readAndDeliver(room);
      } else {
        List<RoomEvent> later = pending.remove(room);
        if (later != null) {
          events.addAll(later);
        }
        pending.put(room, events);
        vertx.setTimer(200, t -> {
          if (!reading.contains(room)) {
            readAndDeliver(room);
          }
        });
      }
    });
  }

  private void deliver(String room, List<RoomEvent> events, RoomSnapshot snapshot) {
    ListenersByLoop following = followers.get(room);
    if (following != null) {
      // accepted here: the events arrived and the room was read back (the Redis trips are not timed)
      long accepted = loops.timed() ? System.nanoTime() : 0;
      loops.fanOut(following, listeners -> {
        for (RoomEvent e : events) {
          listeners.deliver(e, snapshot);
        }
      }, accepted);
    }
  }

  private void restart(RoomSnapshot snapshot) {
    ListenersByLoop following = followers.get(snapshot.roomCode());
    if (following != null) {
      loops.fanOut(following, listeners -> listeners.restart(snapshot));
    }
  }

  /** Completes once this instance is subscribed to the room's channel (for every follower, not only the first). */
  Future<Void> follow(String room, int loop) {
    Promise<Void> done = CallerPromise.create();
    context.runOnContext(v -> {
      followers.computeIfAbsent(room, k -> new ListenersByLoop(loops.count())).add(loop);
      Future<Void> ready = subscriptions.get(room);
      (ready != null ? ready : subscription(room)).onComplete(done);
    });
    return done.future();
  }

  void unfollow(String room, int loop) {
    context.runOnContext(v -> {
      ListenersByLoop following = followers.get(room);
      if (following == null || !following.remove(loop) || !following.isEmpty()) {
        return;
      }
      followers.remove(room);
      subscriptions.remove(room);
      pending.remove(room);
      if (subscriber != null) {
        subscriber.send(Request.cmd(unsubscribe).arg(RoomKeys.of(room).channel()));
      }
    });
  }

  /**
   * A new subscription to the room, kept for its later followers; a failed one is not kept, so
   * the next follower tries again.
   */
  private Future<Void> subscription(String room) {
    Future<Void> subscribing = subscribe(room);
    subscriptions.put(room, subscribing);
    subscribing.onFailure(e -> subscriptions.remove(room, subscribing));
    return subscribing;
  }

  /** The room's events held published for this instance (its lease), then its channel subscribed. */
  private Future<Void> subscribe(String room) {
    RedisConnection conn = subscriber;
    if (conn == null) {
      return Future.failedFuture(new StoreUnavailableException("redis: no subscriber connection", null));
    }
    return leases.listen(room)
        .compose(r -> conn.send(Request.cmd(subscribe).arg(RoomKeys.of(room).channel()))
            .timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .recover(e -> Future.failedFuture(e instanceof StoreUnavailableException ? e
            : new StoreUnavailableException("redis: " + e.getMessage(), e)))
        .mapEmpty();
  }
}
