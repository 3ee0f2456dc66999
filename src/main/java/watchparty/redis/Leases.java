package watchparty.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import watchparty.store.CallerPromise;
import watchparty.time.Clock;

/**
 * This instance's holds on rooms in Redis, each a lease that lapses unless renewed, so an
 * instance that dies lets go by itself: a user held by open sockets here (counted on one loop,
 * so a user with two sockets is let go with the last), and a followed room's events.
 */
final class Leases {
  /**
   * How long an instance's hold on a followed room's events lasts; renewed each second, so it
   * outlasts pauses and clock differences between instances.
   */
  private static final long LISTEN_LEASE_MS = 30_000;

  /** A user held in a room by this instance's sockets. */
  private record Pin(String roomCode, String userId) {
  }

  private final Context context;
  private final RoomScript script;
  private final Clock clock;
  private final long ttlMs;
  /** This instance's name in the rooms' hold fields. */
  private final byte[] instance = RoomScript.bytes(UUID.randomUUID().toString());
  /** Open sockets by user held, touched on context's loop only. */
  private final Map<Pin, Integer> pins = new HashMap<>();

  /** @param context the loop that counts the pins */
  Leases(Context context, RoomScript script, Clock clock, long ttlMs) {
    this.context = context;
    this.script = script;
    this.clock = clock;
    this.ttlMs = ttlMs;
  }

  /** An open socket of the user on this instance: held in Redis by a lease, renewed while it is open. */
  Future<Void> pin(String roomCode, String userId) {
    Promise<Void> done = CallerPromise.create();
    context.runOnContext(v -> {
      Pin pin = new Pin(roomCode, userId);
      pins.merge(pin, 1, Integer::sum);
      lease(pin).onComplete(r -> done.handle(r.mapEmpty()));
    });
    return done.future();
  }

  /** A socket closed; with the user's last one here, this instance lets go of it. */
  Future<Void> unpin(String roomCode, String userId) {
    Promise<Void> done = CallerPromise.create();
    context.runOnContext(v -> {
      Pin pin = new Pin(roomCode, userId);
      Integer left = pins.merge(pin, -1, Integer::sum);
      if (left != null && left > 0) {
        done.complete();
        return;
      }
      pins.remove(pin);
      script.unpin(roomCode, userId, instance).onComplete(r -> done.handle(r.mapEmpty()));
    });
    return done.future();
  }

  /** Every pin's lease taken again for a window; on the pins' loop. */
  void renewPins() {
    for (Pin pin : pins.keySet()) {
      lease(pin);
    }
  }

  /** The room's events published for this instance's listeners a while longer; the room swept. */
  Future<Response> listen(String roomCode) {
    return script.listen(roomCode, clock.millis() + LISTEN_LEASE_MS);
  }

  private Future<Response> lease(Pin pin) {
    return script.pin(pin.roomCode(), pin.userId(), instance, clock.millis() + ttlMs);
  }
}
