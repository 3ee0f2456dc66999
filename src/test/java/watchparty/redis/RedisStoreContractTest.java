package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import watchparty.store.StatusStore;
import watchparty.store.StatusStoreContract;
import watchparty.support.RedisServer;
import watchparty.time.Clock;

/** The store contract against the shared store, on a real redis-server emptied before each test. */
class RedisStoreContractTest extends StatusStoreContract {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.startOrSkip();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  private Response command(Request request) throws Exception {
    Redis client = Redis.createClient(vertx(), redis.url());
    try {
      return client.send(request).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  @Override
  protected StatusStore newStore(Vertx vertx, Clock clock, Caps caps) throws Exception {
    Redis client = Redis.createClient(vertx, redis.url());
    try {
      client.send(Request.cmd(Command.FLUSHALL)).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
    return new RedisStore(vertx, RedisTopology.standalone(redis.url(), 8), LOOPS, clock, TTL_MS, HISTORY,
        2_000, caps.usersPerRoom());
  }

  @Override
  protected boolean keepsEvents() {
    return false; // documented: a resuming listener starts from a fresh snapshot
  }

  @Override
  protected boolean enforcesStoreWideCaps() {
    return false;
  }

  /** No member, record or host is left in the room's hash, and Redis expires the key by itself. */
  @Override
  protected void assertReleased(String roomCode) throws Exception {
    byte[] key = RoomKeys.of(roomCode).key();
    Response hash = command(Request.cmd(Command.HGETALL).arg(key));
    assertTrue(hash.get("i") == null || hash.get("i").toString().isEmpty(), "index: " + hash.get("i"));
    assertNull(hash.get("h"), "host");
    for (String field : hash.getKeys()) {
      assertTrue(!field.startsWith("u:") && !field.startsWith("p:"), "left in the room: " + field);
    }
    long ttl = command(Request.cmd(Command.PTTL).arg(key)).toLong();
    assertTrue(ttl > 0, "the room's key expires by itself: PTTL " + ttl);
  }
}
