package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import watchparty.time.Clock;

/** The store contract against the embedded store, with the service's expiry tick (one second). */
class MemoryStoreContractTest extends StatusStoreContract {
  @Override
  protected StatusStore newStore(Vertx vertx, Clock clock, Caps caps) {
    return new MemoryStore(LOOPS, clock, TTL_MS, HISTORY, 1000,
        new RoomShard.Limits(caps.rooms(), caps.users(), caps.usersPerRoom()));
  }

  @Override
  protected boolean keepsEvents() {
    return true;
  }

  @Override
  protected boolean enforcesStoreWideCaps() {
    return true;
  }

  @Override
  protected void assertReleased(String roomCode) throws Exception {
    int[] held = ((MemoryStore) store).counts().await(10, TimeUnit.SECONDS);
    assertEquals(0, held[0], "rooms held");
    assertEquals(0, held[1], "users held");
    assertEquals(0, held[2], "statuses held");
  }
}
