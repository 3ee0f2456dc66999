package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.support.Await;
import watchparty.support.RedisServer;
import watchparty.support.TestServices;

/**
 * player.sampledAt through Redis: stored as the status's answer JSON by one instance, answered
 * and parsed again (for the sync view) by another.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisSampledAtTest {
  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  private RedisServer redis;
  private Service a;
  private Service b;
  private int portA;
  private int portB;
  private WebClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    redis = RedisServer.startOrSkip();
    portA = TestServices.freePort();
    portB = TestServices.freePort();
    a = TestServices.start(vertx, TestServices.redis(portA, redis.url()), now::get);
    b = TestServices.start(vertx, TestServices.redis(portB, redis.url()), now::get);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    waitReady(portA);
    waitReady(portB);
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      http.close();
      a.stop().await(10, TimeUnit.SECONDS);
      b.stop().await(10, TimeUnit.SECONDS);
    }
    if (redis != null) {
      redis.close();
    }
  }

  private void waitReady(int port) throws Exception {
    Await.until(Duration.ofSeconds(15), "not ready",
        () -> http.get(port, "127.0.0.1", "/health/ready").send().await(5, TimeUnit.SECONDS).statusCode() == 200);
  }

  private void post(int port, JsonObject status) throws Exception {
    assertEquals(200, http.post(port, "127.0.0.1", "/api/player/status").sendJsonObject(status)
        .await(10, TimeUnit.SECONDS).statusCode());
  }

  private static JsonObject status(String user, double time, boolean host) {
    return new JsonObject().put("userId", user).put("roomCode", "RS").put("isHost", host)
        .put("player", new JsonObject().put("isPlaying", true).put("time", time));
  }

  @Test
  void sampledAtRoundTripsThroughTheStoredJsonAndDrivesTheSyncView() throws Exception {
    // the host sampled 100 three seconds before its report arrived; the member reported 103 on arrival
    JsonObject host = status("host", 100, true);
    host.getJsonObject("player").put("sampledAt", now.get() - 3000.25);
    post(portA, host);
    post(portA, status("member", 103, false));

    JsonObject users = http.get(portB, "127.0.0.1", "/api/player/status?roomCode=RS").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("users");
    JsonObject hostPlayer = users.getJsonArray("host").getJsonObject(0).getJsonObject("player");
    assertEquals(now.get() - 3000.25, hostPlayer.getDouble("sampledAt"));
    assertFalse(users.getJsonArray("member").getJsonObject(0).getJsonObject("player").containsKey("sampledAt"),
        "a status without it is answered without it");

    // the sync view parses the stored statuses again: the host is extrapolated from its sample
    JsonObject sync = http.get(portB, "127.0.0.1", "/api/player/sync?roomCode=RS").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals(103.0, sync.getJsonObject("host").getDouble("position"), 1e-9);
    assertEquals("none", sync.getJsonArray("members").getJsonObject(0).getString("action"));

    now.addAndGet(30_000); // parsed again well after receipt: the window is checked against the receipt time
    JsonObject later = http.get(portA, "127.0.0.1", "/api/player/sync?roomCode=RS").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals(133.0, later.getJsonObject("host").getDouble("position"), 1e-9);
  }
}
