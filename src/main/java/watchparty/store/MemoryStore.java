package watchparty.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import watchparty.status.PlayerStatus;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.time.Clock;

/**
 * The embedded store: rooms sharded across event loops, thread-per-core. Each serving loop owns
 * one {@link RoomShard}; a room belongs to the shard its code hashes to. A call for a room owned
 * by the calling loop runs inline; otherwise it is handed to the owner's loop as a task and its
 * answer handed back, never locked. Expiry runs on each owner's loop with vertx.setPeriodic.
 */
public final class MemoryStore implements StatusStore {
  private record Shard(Context context, RoomShard rooms) {
  }

  private final AtomicReferenceArray<Shard> shards;
  private final AtomicInteger started = new AtomicInteger();
  private final Promise<Void> allStarted = Promise.promise();
  private final Clock clock;
  private final long ttlMs;
  private final int history;
  private final long expiryIntervalMs;

  public MemoryStore(int shardCount, Clock clock, long ttlMs, int history, long expiryIntervalMs) {
    this.shards = new AtomicReferenceArray<>(shardCount);
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.history = history;
    this.expiryIntervalMs = expiryIntervalMs;
  }

  /**
   * Claims the next shard for this loop. Completes when every shard has an owner, so that no
   * loop serves a request for a shard that does not exist yet.
   */
  @Override
  public Future<Void> startOn(Context context) {
    int index = started.getAndIncrement();
    if (index >= shards.length()) {
      return Future.failedFuture("the memory store has " + shards.length() + " shards, all taken");
    }
    RoomShard rooms = new RoomShard(clock, ttlMs, history);
    shards.set(index, new Shard(context, rooms));
    context.owner().setPeriodic(expiryIntervalMs, id -> rooms.expire());
    if (index == shards.length() - 1) {
      allStarted.complete();
    }
    return allStarted.future();
  }

  @Override
  public Future<Void> append(StatusReport report) {
    return onOwner(report.roomCode(), rooms -> {
      rooms.append(report);
      return null;
    });
  }

  @Override
  public Future<List<PlayerStatus>> history(String roomCode, String userId) {
    return onOwner(roomCode, rooms -> rooms.history(roomCode, userId));
  }

  @Override
  public Future<List<UserStatuses>> room(String roomCode) {
    return onOwner(roomCode, rooms -> rooms.room(roomCode));
  }

  /** Totals across shards, read on each owner's loop. */
  public Future<int[]> counts() {
    int n = shards.length();
    @SuppressWarnings("unchecked")
    Future<int[]>[] parts = new Future[n];
    for (int i = 0; i < n; i++) {
      parts[i] = run(shards.get(i), r -> new int[] {r.rooms(), r.users(), r.statuses()});
    }
    return Future.all(List.of(parts)).map(all -> {
      int[] sum = new int[3];
      for (int i = 0; i < n; i++) {
        int[] c = all.resultAt(i);
        for (int k = 0; k < 3; k++) {
          sum[k] += c[k];
        }
      }
      return sum;
    });
  }

  int shardOf(String roomCode) {
    return Math.floorMod(roomCode.hashCode(), shards.length());
  }

  private <T> Future<T> onOwner(String roomCode, Function<RoomShard, T> op) {
    return run(shards.get(shardOf(roomCode)), op);
  }

  private static <T> Future<T> run(Shard owner, Function<RoomShard, T> op) {
    Context caller = Vertx.currentContext();
    if (caller == owner.context) {
      try {
        return Future.succeededFuture(op.apply(owner.rooms));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    // completing from the owner's thread dispatches the caller's callbacks back to its own loop
    Promise<T> answer = caller != null ? ((ContextInternal) caller).promise() : Promise.promise();
    owner.context.runOnContext(v -> {
      try {
        answer.complete(op.apply(owner.rooms));
      } catch (RuntimeException e) {
        answer.fail(e);
      }
    });
    return answer.future();
  }
}
