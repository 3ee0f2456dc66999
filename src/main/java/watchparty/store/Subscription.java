package watchparty.store;

import io.vertx.core.Future;

/** A listener's place in a room's feed (see {@link StatusStore#subscribe}). */
public interface Subscription {
  /** Stops the feed; a user subscribed with its id leaves the room when its last feed stops. */
  Future<Void> close();
}
