package watchparty.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import watchparty.status.HistorySnapshot;
import watchparty.status.StatusReport;
import watchparty.status.RoomSnapshot;

/**
 * Where statuses live. Every call answers with a Future, so a networked store slots in behind
 * the HTTP layer unchanged. Futures complete on the calling event loop.
 */
public interface StatusStore {
  /**
   * Called once on each event loop that serves requests, before it serves any: the loop's
   * share of the store (a shard, a connection) is set up there.
   */
  Future<Void> startOn(Context context);

  /** Times each event's fan-out to this instance's listeners from now on; called before start. */
  default void timeFanOut(Loops.FanOutTimer timer) {
  }

  /** Whether the store can take requests now (a networked store: whether it is reachable). */
  default boolean isReady() {
    return true;
  }

  /** Releases what the store holds (connections); called once at shutdown. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /** Stores a report; the Future completes once it is stored (what a 200 acknowledges). */
  Future<Void> append(StatusReport report);

  /** A user's statuses inside the retention window, oldest first. */
  Future<HistorySnapshot> history(String roomCode, String userId);

  /** A room's users with statuses inside the retention window, in the order they joined. */
  Future<RoomSnapshot> room(String roomCode);

  /**
   * Follows a room live. With a userId, that user's latest status does not expire while the
   * subscription is open, and the user leaves the room when its last one closes. A lastEventId
   * of 0 or more asks for the events after it (see {@link RoomListener#onStart}); -1 for none.
   * Must be called on an event loop that serves requests; the listener is called there.
   */
  Future<Subscription> subscribe(String roomCode, String userId, long lastEventId, RoomListener listener);
}
