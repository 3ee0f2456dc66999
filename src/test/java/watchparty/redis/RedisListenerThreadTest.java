package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.store.RoomListener;
import watchparty.store.StoreUnavailableException;
import watchparty.support.RedisServer;

/**
 * Each serving loop goes on from its start on its own thread, and a live listener is called on
 * the loop it subscribed from (the store's contract), also when the instance's pub/sub hub runs
 * on another loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisListenerThreadTest {
  private RedisServer redis;
  private Vertx vertx;
  private RedisStore store;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    vertx = Vertx.vertx();
    store = new RedisStore(vertx, new RedisOptions().setConnectionString(redis.url()), 2,
        System::currentTimeMillis, 60_000, 5, 2_000, 1_000);
  }

  @AfterEach
  void stop() throws Exception {
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aListenerOnTheSecondLoopStartsOnThatLoop() throws Exception {
    // two serving loops, as the service deploys them: the first also runs the pub/sub hub
    Context[] loops = new Context[2];
    Thread[] threads = new Thread[2];
    Thread[] wentOnFrom = new Thread[2];
    AtomicInteger next = new AtomicInteger();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        int index = next.getAndIncrement();
        loops[index] = context;
        threads[index] = Thread.currentThread();
        return store.startOn(context).onSuccess(v -> wentOnFrom[index] = Thread.currentThread());
      }
    }, new DeploymentOptions().setInstances(2)).await(10, TimeUnit.SECONDS);
    assertNotEquals(threads[0], threads[1]);
    // what a loop does after its start (its server's listen) binds to the thread it runs on
    assertEquals(threads[0], wentOnFrom[0], "the first loop's start went on on another thread");
    assertEquals(threads[1], wentOnFrom[1], "the second loop's start went on on another thread");

    long deadline = System.currentTimeMillis() + 10_000;
    while (!store.isReady()) {
      assertTrue(System.currentTimeMillis() < deadline, "the store did not reach Redis");
      Thread.sleep(20);
    }

    // a socket of user u1 on the second loop subscribes (again until the hub's pub/sub connection is up)
    Thread calledOn = null;
    while (calledOn == null) {
      CompletableFuture<Thread> started = new CompletableFuture<>();
      RoomListener listener = new RoomListener() {
        @Override
        public void onStart(RoomSnapshot room, List<RoomEvent> missed) {
          started.complete(Thread.currentThread());
        }

        @Override
        public void onEvent(RoomEvent event, RoomSnapshot room) {
        }
      };
      loops[1].runOnContext(v -> store.subscribe("THREADS", "u1", -1, listener)
          .onFailure(started::completeExceptionally));
      try {
        calledOn = started.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof StoreUnavailableException && System.currentTimeMillis() < deadline,
            "subscribing failed: " + e.getCause());
        Thread.sleep(50);
      }
    }
    assertEquals(threads[1], calledOn, "onStart ran on another loop");
  }

  private static void assertNotEquals(Thread a, Thread b) {
    assertNotNull(a);
    org.junit.jupiter.api.Assertions.assertNotEquals(a, b, "the two contexts share a thread");
  }
}
