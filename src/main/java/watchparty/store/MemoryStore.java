package watchparty.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import watchparty.status.HistorySnapshot;
import watchparty.status.StatusReport;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.time.Clock;

/**
 * The embedded store: rooms sharded across event loops, thread-per-core. Each serving loop owns
 * one {@link RoomShard}; a room belongs to the shard its code hashes to. A call for a room owned
 * by the calling loop runs inline. Calls for other shards wait in the caller's outbox until the
 * loop has read what its sockets hold, then go to each owner as one task, and come back as one:
 * a loop-to-loop wakeup costs as much as many small requests, so it is paid per batch, not per
 * request (the message queues of Seastar work the same way). Nothing is locked; each shard is
 * touched only by its own thread. Expiry runs on each owner's loop with vertx.setPeriodic.
 */
public final class MemoryStore implements StatusStore {
  private final Loops<ShardLoop> loops;
  /** Rooms, users and statuses of each shard (three a shard), for metrics read from other threads. */
  private final AtomicLongArray held;
  private final Clock clock;
  private final long ttlMs;
  private final int history;
  private final long expiryIntervalMs;
  private final RoomShard.Limits limits;

  private static long share(long total, int shards) {
    return total == Long.MAX_VALUE ? total : Math.max(1, (total + shards - 1) / shards);
  }

  public MemoryStore(int shardCount, Clock clock, long ttlMs, int history, long expiryIntervalMs) {
    this(shardCount, clock, ttlMs, history, expiryIntervalMs, RoomShard.Limits.NONE);
  }

  /** With caps for the whole store; each shard holds its share (rooms spread evenly by hash). */
  public MemoryStore(int shardCount, Clock clock, long ttlMs, int history, long expiryIntervalMs,
      RoomShard.Limits limits) {
    this.limits = new RoomShard.Limits(share(limits.rooms(), shardCount), share(limits.users(), shardCount),
        limits.usersPerRoom());
    this.loops = new Loops<>(shardCount, "memory store");
    this.held = new AtomicLongArray(shardCount * 3);
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.history = history;
    this.expiryIntervalMs = expiryIntervalMs;
  }

  @Override
  public void timeFanOut(Loops.FanOutTimer timer) {
    loops.timeFanOut(timer);
  }

  /** One serving event loop: its shard, and its calls waiting to go to other shards. */
  private static final class ShardLoop extends ServingLoop {
    final RoomShard rooms;
    final List<Call<?>>[] outbox;
    boolean flushScheduled;
    /** As owner: the rooms of this shard that listeners follow, by code. */
    final HashMap<String, Feed> feeds = new HashMap<>();

    @SuppressWarnings("unchecked")
    ShardLoop(int index, Context context, int shardCount, MemoryStore store) {
      super(index, context);
      this.rooms = new RoomShard(store.clock, store.ttlMs, store.history, event -> store.publish(this, event),
          store.limits);
      this.outbox = new List[shardCount];
      for (int i = 0; i < shardCount; i++) {
        outbox[i] = new ArrayList<>();
      }
    }
  }

  /** A call made on one loop, run on the owner's; result and failure travel back with it. */
  private static final class Call<T> {
    final Function<RoomShard, T> op;
    final Promise<T> answer = Promise.promise();
    T result;
    RuntimeException failure;

    Call(Function<RoomShard, T> op) {
      this.op = op;
    }

    void run(RoomShard rooms) {
      try {
        result = op.apply(rooms);
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    void complete() {
      if (failure != null) {
        answer.fail(failure);
      } else {
        answer.complete(result);
      }
    }
  }

  /**
   * Claims the next shard for the calling loop (must be called on it). Completes when every shard
   * has an owner, so that no loop serves a request for a shard that does not exist yet.
   */
  @Override
  public Future<Void> startOn(Context context) {
    return loops.start(context, (index, ctx) -> new ShardLoop(index, ctx, loops.count(), this),
        loop -> context.owner().setPeriodic(expiryIntervalMs, id -> {
          loop.rooms.expire();
          dropIdleFeeds(loop);
          // published for metrics, read from other threads: copied once a tick, not on every change
          int at = loop.index() * 3;
          held.set(at, loop.rooms.rooms());
          held.set(at + 1, loop.rooms.users());
          held.set(at + 2, loop.rooms.statuses());
        }));
  }

  @Override
  public Future<Void> append(StatusReport report) {
    return onOwner(report.roomCode(), rooms -> {
      rooms.append(report);
      return null;
    });
  }

  @Override
  public Future<HistorySnapshot> history(String roomCode, String userId) {
    return onOwner(roomCode, rooms -> rooms.history(roomCode, userId));
  }

  @Override
  public Future<RoomSnapshot> room(String roomCode) {
    return onOwner(roomCode, rooms -> rooms.room(roomCode));
  }

  /**
   * A room followed by listeners on some loops: how many on each, so the owner sends each event
   * to those loops only, once per loop; and the latest events, for listeners that resume.
   */
  private static final class Feed {
    static final int REMEMBERED = 64;
    final ListenersByLoop listeners;
    final ArrayDeque<RoomEvent> recent = new ArrayDeque<>();
    /** Every event of the room after this id is in recent (older ones were never seen or are dropped). */
    long knownAfter;
    /** When the last listener left (0 while it has listeners): the feed outlives it for reconnects. */
    long idleSince;

    Feed(int loops, long knownAfter) {
      this.listeners = new ListenersByLoop(loops);
      this.knownAfter = knownAfter;
    }

    void remember(RoomEvent event) {
      if (recent.size() == REMEMBERED) {
        knownAfter = recent.removeFirst().id();
      }
      recent.addLast(event);
    }

    /** The events after lastEventId, or null when they are not all remembered. */
    List<RoomEvent> since(long lastEventId) {
      if (lastEventId < knownAfter) {
        return null;
      }
      List<RoomEvent> out = new ArrayList<>();
      for (RoomEvent e : recent) {
        if (e.id() > lastEventId) {
          out.add(e);
        }
      }
      return out;
    }
  }

  private record Joined(RoomSnapshot snapshot, List<RoomEvent> missed) {
  }

  @Override
  public Future<Subscription> subscribe(String roomCode, String userId, long lastEventId, RoomListener listener) {
    ShardLoop here = loops.current();
    if (here == null) {
      return Future.failedFuture(new IllegalStateException("subscribe from a serving event loop"));
    }
    LoopListeners.Entry local = here.listeners().add(roomCode, listener);
    ShardLoop owner = loops.get(shardOf(roomCode));
    int subscriber = here.index();
    return onOwner(roomCode, rooms -> {
      if (userId != null) {
        rooms.pin(roomCode, userId); // may be refused (a cap): then nothing is counted
      }
      Feed feed = owner.feeds.computeIfAbsent(roomCode, k -> new Feed(loops.count(), rooms.lastEventId()));
      feed.listeners.add(subscriber);
      feed.idleSince = 0;
      RoomSnapshot snapshot = rooms.room(roomCode);
      // an id from before this process (or from nowhere) cannot be resumed: the snapshot stands
      boolean resumable = lastEventId >= 0 && lastEventId <= rooms.lastEventId();
      return new Joined(snapshot, resumable ? feed.since(lastEventId) : null);
    }).onFailure(e -> here.listeners().remove(roomCode, local)).map(joined -> {
      local.start(joined.snapshot(), joined.missed());
      return new Subscription() {
        private boolean closed;

        @Override
        public Future<Void> close() {
          if (closed) {
            return Future.succeededFuture();
          }
          closed = true;
          here.listeners().remove(roomCode, local);
          return onOwner(roomCode, rooms -> {
            Feed feed = owner.feeds.get(roomCode);
            if (feed != null) {
              feed.listeners.remove(subscriber);
              if (feed.listeners.isEmpty()) {
                feed.idleSince = clock.millis();
              }
            }
            if (userId != null) {
              rooms.unpin(roomCode, userId);
            }
            return null;
          });
        }
      };
    });
  }

  /**
   * A feed without listeners keeps recording for one retention window, so a listener that
   * reconnects within it (an EventSource does so by itself) resumes instead of starting over.
   */
  private void dropIdleFeeds(ShardLoop owner) {
    long cutoff = clock.millis() - ttlMs;
    owner.feeds.values().removeIf(feed -> feed.idleSince != 0 && feed.idleSince < cutoff);
  }

  /** On the owner's loop: sends an event to every loop with listeners of its room, once per loop. */
  private void publish(ShardLoop owner, RoomEvent event) {
    Feed feed = owner.feeds.get(event.roomCode());
    if (feed == null) {
      return;
    }
    // accepted: the status is appended on this, its owner's, loop
    long accepted = loops.timed() ? System.nanoTime() : 0;
    feed.remember(event);
    RoomSnapshot room = owner.rooms.room(event.roomCode());
    loops.fanOut(feed.listeners, listeners -> listeners.deliver(event, room), accepted);
  }

  /** Rooms (0), users (1) or statuses (2) held, as of each shard's last expiry tick. */
  public double held(int what) {
    long sum = 0;
    for (int i = what; i < held.length(); i += 3) {
      sum += held.get(i);
    }
    return sum;
  }

  /** Rooms, users and statuses held, summed across shards (each read on its owner's loop). */
  public Future<int[]> counts() {
    List<Future<int[]>> parts = new ArrayList<>();
    for (int i = 0; i < loops.count(); i++) {
      ShardLoop owner = loops.get(i);
      parts.add(handOff(owner, r -> new int[] {r.rooms(), r.users(), r.statuses()}));
    }
    return Future.all(parts).map(all -> {
      int[] sum = new int[3];
      for (int i = 0; i < parts.size(); i++) {
        int[] c = all.resultAt(i);
        for (int k = 0; k < 3; k++) {
          sum[k] += c[k];
        }
      }
      return sum;
    });
  }

  int shardOf(String roomCode) {
    return Math.floorMod(roomCode.hashCode(), loops.count());
  }

  /** Whether the calling thread is the loop that owns the room. */
  boolean ownsHere(String roomCode) {
    return loops.get(shardOf(roomCode)).thread() == Thread.currentThread();
  }

  private <T> Future<T> onOwner(String roomCode, Function<RoomShard, T> op) {
    ShardLoop owner = loops.get(shardOf(roomCode));
    Thread current = Thread.currentThread();
    if (current == owner.thread()) {
      try {
        return Future.succeededFuture(op.apply(owner.rooms));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    ShardLoop caller = loops.current();
    if (caller == null) {
      return handOff(owner, op);
    }
    Call<T> call = new Call<>(op);
    caller.outbox[owner.index()].add(call);
    if (!caller.flushScheduled) {
      caller.flushScheduled = true;
      // queued behind the reads of this loop turn, so it carries everything they asked for
      caller.context().runOnContext(v -> flush(caller));
    }
    return call.answer.future();
  }

  private void flush(ShardLoop caller) {
    caller.flushScheduled = false;
    for (int i = 0; i < caller.outbox.length; i++) {
      List<Call<?>> batch = caller.outbox[i];
      if (batch.isEmpty()) {
        continue;
      }
      caller.outbox[i] = new ArrayList<>(batch.size());
      ShardLoop owner = loops.get(i);
      owner.context().runOnContext(v -> {
        for (Call<?> call : batch) {
          call.run(owner.rooms);
        }
        caller.context().runOnContext(w -> {
          for (Call<?> call : batch) {
            call.complete();
          }
        });
      });
    }
  }

  /** One call from a thread that serves no shard (tests, probes): its own task each way. */
  private static <T> Future<T> handOff(ShardLoop owner, Function<RoomShard, T> op) {
    Promise<T> answer = CallerPromise.create();
    owner.context().runOnContext(v -> {
      try {
        answer.complete(op.apply(owner.rooms));
      } catch (RuntimeException e) {
        answer.fail(e);
      }
    });
    return answer.future();
  }
}
