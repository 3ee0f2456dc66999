package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.support.Await;

/** Reads and writes from a loop that does not own the room: handed to the owner, never stale. */
class MemoryStoreTest {
  private Vertx vertx;
  private MemoryStore store;
  private final List<Context> loops = new CopyOnWriteArrayList<>();
  /** Per loop: its own thread, and the thread its start went on from once every shard was taken. */
  private final List<Thread[]> startThreads = new CopyOnWriteArrayList<>();
  private volatile long now = 1_000_000;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    store = new MemoryStore(2, () -> now, 60_000, 5, 20);
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        Thread[] threads = {Thread.currentThread(), null};
        startThreads.add(threads);
        return store.startOn(context).onSuccess(v -> threads[1] = Thread.currentThread());
      }
    }, new DeploymentOptions().setInstances(2)).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eachLoopGoesOnFromItsStartOnItsOwnThread() {
    // what a verticle does next (its server's listen) binds to the thread it runs on
    assertEquals(2, startThreads.size());
    assertNotEquals(startThreads.get(0)[0], startThreads.get(1)[0]);
    for (Thread[] threads : startThreads) {
      assertSame(threads[0], threads[1], "a loop's start went on on another loop's thread");
    }
  }

  /** Runs the call on the given loop and waits for its answer. */
  private <T> T on(Context loop, Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> call.get().onSuccess(result::complete).onFailure(result::completeExceptionally));
    return result.get(10, TimeUnit.SECONDS);
  }

  private void post(Context loop, String room, String user, double time) throws Exception {
    on(loop, () -> store.append(new StatusReport(user, room, PlayerStatus.builder().timestamp(now).time(time).build())));
  }

  private static List<Double> times(List<PlayerStatus> statuses) {
    return statuses.stream().map(PlayerStatus::time).toList();
  }

  private static List<Double> roomTimes(RoomSnapshot room) {
    return room.users().stream().flatMap(u -> u.statuses().stream()).map(PlayerStatus::time).toList();
  }

  @Test
  void aLoopThatDoesNotOwnTheRoomSeesEveryWriteAndReusesUnchangedAnswers() throws Exception {
    String code = "R1";
    Context owner = null;
    Context reader = null;
    for (Context c : loops) {
      if (on(c, () -> Future.succeededFuture(store.ownsHere(code)))) {
        owner = c;
      } else {
        reader = c;
      }
    }
    assertNotEquals(null, owner);
    assertNotEquals(null, reader);
    final Context from = reader;

    assertEquals(List.of(), on(from, () -> store.room(code)).users());
    post(owner, code, "u", 1);
    assertEquals(List.of(1.0), roomTimes(on(from, () -> store.room(code))), "the write is seen at once");
    RoomSnapshot kept = on(from, () -> store.room(code));
    assertSame(kept, on(from, () -> store.room(code)), "unchanged: the owner's kept answer");
    now += 1000;
    post(from, code, "u", 2); // written through the reader loop, handed to the owner
    assertEquals(List.of(1.0, 2.0), roomTimes(on(from, () -> store.room(code))));

    HistorySnapshot history = on(from, () -> store.history(code, "u"));
    assertEquals(List.of(1.0, 2.0), times(history.statuses()));
    assertSame(history, on(from, () -> store.history(code, "u")));
    now += 1000;
    post(owner, code, "u", 3);
    assertEquals(List.of(1.0, 2.0, 3.0), times(on(from, () -> store.history(code, "u")).statuses()));

    now = 1_000_000 + 60_001; // the first status leaves the window: kept answers no longer hold
    assertEquals(List.of(2.0, 3.0), times(on(from, () -> store.history(code, "u")).statuses()));
    assertEquals(List.of(2.0, 3.0), roomTimes(on(from, () -> store.room(code))));
    now += 2_000;
    Context owning = owner;
    Await.until(Duration.ofSeconds(10), "the owner's expiry tick did not drop the room",
        () -> on(owning, () -> store.counts())[0] == 0);
    assertEquals(List.<UserStatuses>of(), on(from, () -> store.room(code)).users(), "gone from the owner: gone for the reader");
    assertEquals(List.of(), on(from, () -> store.history(code, "u")).statuses());
  }
}
