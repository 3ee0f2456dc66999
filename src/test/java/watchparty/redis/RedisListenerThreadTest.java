package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.store.RoomListener;
import watchparty.store.StoreUnavailableException;
import watchparty.support.Await;
import watchparty.support.RedisServer;

/**
 * The Redis store across serving loops: each loop goes on from its start on its own thread; a
 * live listener is called on the loop it subscribed from (the store's contract), also when the
 * instance's pub/sub hub runs on another loop; and the hub lives until the store is closed, not
 * until the loops stop.
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
    store = new RedisStore(vertx, RedisTopology.standalone(redis.url(), 8), 2,
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

  /** Two serving loops as the service deploys them: contexts, threads, and where each went on after its start. */
  private final Context[] loops = new Context[2];
  private final Thread[] threads = new Thread[2];
  private final Thread[] wentOnFrom = new Thread[2];

  /** Deploys the two loops, each taking its part of the store; returns the deployment's id. */
  private String deployTwoLoops() throws Exception {
    AtomicInteger next = new AtomicInteger();
    String id = vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        int index = next.getAndIncrement();
        loops[index] = context;
        threads[index] = Thread.currentThread();
        return store.startOn(context).onSuccess(v -> wentOnFrom[index] = Thread.currentThread());
      }
    }, new DeploymentOptions().setInstances(2)).await(10, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(10), "the store did not reach Redis", store::isReady);
    return id;
  }

  /** Subscribes a socket of user u1 on the given loop (again until the hub's pub/sub connection is up). */
  private Thread follow(int loop, String room) throws Exception {
    AtomicReference<Thread> startedOn = new AtomicReference<>();
    Await.until(Duration.ofSeconds(10), "could not follow " + room, () -> {
      CompletableFuture<Thread> started = new CompletableFuture<>();
      RoomListener listener = new RoomListener() {
        @Override
        public void onStart(RoomSnapshot snapshot, List<RoomEvent> missed) {
          started.complete(Thread.currentThread());
        }

        @Override
        public void onEvent(RoomEvent event, RoomSnapshot snapshot) {
        }
      };
      loops[loop].runOnContext(v -> store.subscribe(room, "u1", -1, listener)
          .onFailure(started::completeExceptionally));
      try {
        startedOn.set(started.get(10, TimeUnit.SECONDS));
        return true;
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof StoreUnavailableException, "subscribing failed: " + e.getCause());
        return false;
      }
    });
    return startedOn.get();
  }

  @Test
  void aListenerOnTheSecondLoopStartsOnThatLoop() throws Exception {
    // the first loop also runs the pub/sub hub
    deployTwoLoops();
    assertNotNull(threads[0]);
    assertNotEquals(threads[0], threads[1], "the two contexts share a thread");
    // what a loop does after its start (its server's listen) binds to the thread it runs on
    assertEquals(threads[0], wentOnFrom[0], "the first loop's start went on on another thread");
    assertEquals(threads[1], wentOnFrom[1], "the second loop's start went on on another thread");
    assertEquals(threads[1], follow(1, "THREADS"), "onStart ran on another loop");
  }

  @Test
  void theHubsSubscriberLivesUntilTheStoreClosesNotUntilTheLoopsStop() throws Exception {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger log = Logger.getLogger("watchparty");
    log.addHandler(capture);
    try {
      String deployment = deployTwoLoops();
      follow(1, "STOPPING"); // the subscriber connection is up and subscribed
      // the service's stop: its verticles first (their sockets close), then the store
      vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
      store.close().await(10, TimeUnit.SECONDS);
      store = null;
      assertEquals(List.of(), logged.stream().map(LogRecord::getMessage)
          .filter(m -> m.contains("connection lost")).toList(), "a stop is not a lost connection");
    } finally {
      log.removeHandler(capture);
    }
  }
}
