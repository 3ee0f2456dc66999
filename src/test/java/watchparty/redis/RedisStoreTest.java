package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.live.LiveApi;
import watchparty.support.Await;
import watchparty.support.RedisServer;
import watchparty.support.TestServices;

/**
 * Two instances sharing one real redis-server: the same rooms, live events across, what the room
 * script leaves in Redis, outages survived. The room rules themselves are in
 * {@link watchparty.store.StatusStoreContract}, run against this store by RedisStoreContractTest.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisStoreTest {
  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  private RedisServer redis;
  private Service a;
  private Service b;
  private int portA;
  private int portB;
  private WebClient http;
  private WebSocketClient sockets;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    redis = RedisServer.startOrSkip();
    portA = TestServices.freePort();
    portB = TestServices.freePort();
    a = TestServices.start(vertx, TestServices.redis(portA, redis.url()), now::get);
    b = TestServices.start(vertx, TestServices.redis(portB, redis.url()), now::get);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    sockets = vertx.createWebSocketClient();
    waitReady(portA);
    waitReady(portB);
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      sockets.close();
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

  /** One command on a client of its own, as an operator's redis-cli would send it. */
  private Response command(Vertx vertx, Request request) throws Exception {
    Redis client = Redis.createClient(vertx, redis.url());
    try {
      return client.send(request).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  private HttpResponse<Buffer> post(int port, String user, String room, double time, boolean host) throws Exception {
    JsonObject status = new JsonObject().put("userId", user).put("roomCode", room).put("isHost", host)
        .put("content", new JsonObject().put("title", "Film").put("tmdbId", 42))
        .put("player", new JsonObject().put("isPlaying", true).put("time", time));
    return http.post(port, "127.0.0.1", "/api/player/status").sendJsonObject(status).await(10, TimeUnit.SECONDS);
  }

  private JsonObject get(int port, String query) throws Exception {
    return http.get(port, "127.0.0.1", "/api/player/status?" + query).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
  }

  @Test
  void aWriteOnOneInstanceIsReadOnTheOther() throws Exception {
    assertEquals(200, post(portA, "host", "R1", 1, true).statusCode());
    for (int t = 2; t <= 8; t++) {
      assertEquals(200, post(t % 2 == 0 ? portB : portA, "guest", "R1", t, false).statusCode());
    }
    JsonObject room = get(portB, "roomCode=R1");
    assertEquals(Set.of("host", "guest"), room.getJsonObject("users").fieldNames());
    assertEquals(5, room.getJsonObject("users").getJsonArray("guest").size(), "the last five, trimmed atomically");
    assertEquals(42, room.getJsonObject("users").getJsonArray("host").getJsonObject(0).getJsonObject("content")
        .getInteger("tmdbId"));
    assertEquals(4.0, get(portA, "roomCode=R1&userId=guest").getJsonArray("statuses").getJsonObject(0)
        .getJsonObject("player").getDouble("time"));
    assertEquals(0, get(portA, "roomCode=R1X").getJsonObject("users").size(), "exact room match");
  }

  @Test
  void statusesOlderThanTheWindowAreGoneFromEveryAnswerAndFromRedis(Vertx vertx) throws Exception {
    post(portA, "old", "R2", 1, true);
    now.addAndGet(30_000);
    post(portB, "mid", "R2", 2, false);
    now.addAndGet(10_000);
    post(portA, "mid", "R2", 2.5, false); // a write that changes only its own index line
    now.addAndGet(20_001);
    post(portB, "new", "R2", 3, false);
    assertEquals(Set.of("mid", "new"), get(portA, "roomCode=R2").getJsonObject("users").fieldNames());
    assertEquals(0, get(portB, "roomCode=R2&userId=old").getJsonArray("statuses").size());
    // the write that found "old" past the window removed it from the room, and the host passed on
    Response room = roomHash(vertx, "R2");
    assertTrue(room.get("i").toString().startsWith("mid\t"), room.get("i").toString());
    assertFalse(room.get("i").toString().contains("old"), room.get("i").toString());
    assertEquals(null, room.get("u:old"));
    assertEquals("mid", room.get("h").toString(), "the member present longest leads");
  }

  @Test
  void anIndexLineWithoutItsRecordCountIsCountedOnceAndTrimmed(Vertx vertx) throws Exception {
    // an index line without its count column: six records held, counted once by the next write
    long t = now.get();
    StringBuilder records = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      String json = "{\"userId\":\"old\",\"roomCode\":\"R9\",\"isHost\":false,\"content\":"
          + "{\"title\":\"Unknown\",\"type\":\"Unknown\"},\"player\":{\"isPlaying\":false,\"isPaused\":false,"
          + "\"isLoading\":false,\"hasPlayedOnce\":false,\"time\":" + i + ",\"duration\":0,\"volume\":0,"
          + "\"playbackRate\":1,\"buffered\":0},\"timestamp\":" + t + "}";
      records.append(t).append("\t0\t").append(json.length()).append('\t').append(json).append('\n');
    }
    command(vertx, Request.cmd(Command.HSET).arg(RoomKeys.of("R9").key())
        .arg("i").arg("old\t" + t + "\t" + t + "\t0\n").arg("u:old").arg(records.toString()));
    assertEquals(200, post(portA, "old", "R9", 7, false).statusCode());
    assertEquals(200, post(portB, "old", "R9", 8, false).statusCode());
    var statuses = get(portB, "roomCode=R9&userId=old").getJsonArray("statuses");
    assertEquals(5, statuses.size());
    assertEquals(4.0, statuses.getJsonObject(0).getJsonObject("player").getDouble("time"));
    assertEquals(8.0, statuses.getJsonObject(4).getJsonObject("player").getDouble("time"));
  }

  private Response roomHash(Vertx vertx, String room) throws Exception {
    return command(vertx, Request.cmd(Command.HGETALL).arg(RoomKeys.of(room).key()));
  }

  private static String hostOf(Response hash) {
    return hash.get("h") == null ? null : hash.get("h").toString();
  }

  @Test
  void theHostRoleAndTheIndexFollowEveryWriteWhetherTheRoleChangesOrNot(Vertx vertx) throws Exception {
    // repeated writes that keep a user's role edit only its index line; a change of role settles the host
    post(portA, "a", "R6", 1, false);
    now.addAndGet(10);
    post(portB, "a", "R6", 2, false);
    assertEquals(null, hostOf(roomHash(vertx, "R6")), "nobody claimed the role");
    post(portA, "b", "R6", 3, true);
    assertEquals("b", hostOf(roomHash(vertx, "R6")));
    now.addAndGet(10);
    post(portB, "b", "R6", 4, true);
    post(portA, "a", "R6", 5, false);
    assertEquals("b", hostOf(roomHash(vertx, "R6")));
    post(portA, "b", "R6", 6, false);
    assertEquals("b", hostOf(roomHash(vertx, "R6")), "a host who stops claiming leads while nobody else claims");
    post(portB, "a", "R6", 7, true);
    assertEquals("a", hostOf(roomHash(vertx, "R6")), "a claim takes the role");
    for (int t = 8; t <= 14; t++) {
      now.addAndGet(10);
      post(t % 2 == 0 ? portA : portB, "a", "R6", t, true);
    }
    String index = roomHash(vertx, "R6").get("i").toString();
    long joined = Long.parseLong(index.split("\n")[0].split("\t")[1]);
    assertEquals("a\t" + joined + "\t" + now.get() + "\t1\t5\nb\t" + index.split("\n")[1].split("\t")[1] + "\t"
        + index.split("\n")[1].split("\t")[2] + "\t0\t3\n", index, "join order kept, latest time, role and count");
    var statuses = get(portB, "roomCode=R6&userId=a").getJsonArray("statuses");
    assertEquals(5, statuses.size());
    assertEquals(10.0, statuses.getJsonObject(0).getJsonObject("player").getDouble("time"));
    assertEquals(14.0, statuses.getJsonObject(4).getJsonObject("player").getDouble("time"));
    assertEquals(List.of("a", "b"), List.copyOf(get(portA, "roomCode=R6").getJsonObject("users")
        .fieldNames()), "users in join order");
    long ttl = command(vertx, Request.cmd(Command.PTTL).arg(RoomKeys.of("R6").key())).toLong();
    assertTrue(ttl > 59_000, "the room lasts at least one window past its last write: PTTL " + ttl);
  }

  /** A socket on one instance and the messages it received. */
  private BlockingQueue<JsonObject> listen(int port, String query) throws Exception {
    BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    open(port, query, messages);
    return messages;
  }

  /**
   * A socket on one instance whose messages go to the queue. The handler is given before
   * connecting, so the client installs it before it lets the first frame through.
   */
  private WebSocket open(int port, String query, BlockingQueue<JsonObject> messages) throws Exception {
    ClientWebSocket socket = sockets.webSocket();
    socket.textMessageHandler(t -> messages.add(new JsonObject(t)));
    return socket.connect(port, "127.0.0.1", LiveApi.WS_PATH + "?" + query).await(10, TimeUnit.SECONDS);
  }

  private static JsonObject next(BlockingQueue<JsonObject> messages, String type) throws Exception {
    while (true) {
      JsonObject m = messages.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "no " + type + " within 10 s");
      if (m.getString("type").equals(type)) {
        return m;
      }
    }
  }

  @Test
  void liveEventsCrossInstances() throws Exception {
    BlockingQueue<JsonObject> onB = listen(portB, "roomCode=R3");
    next(onB, "snapshot");
    WebSocket host = sockets.connect(portA, "127.0.0.1", LiveApi.WS_PATH + "?roomCode=R3&userId=h")
        .await(10, TimeUnit.SECONDS);
    host.writeTextMessage("{\"type\":\"status\",\"isHost\":true,\"player\":{\"time\":7}}");
    JsonObject status = next(onB, "status");
    assertEquals("h", status.getJsonObject("status").getString("userId"));
    assertEquals("h", next(onB, "host").getString("userId"));
    post(portA, "g", "R3", 1, false);
    assertEquals("g", next(onB, "status").getJsonObject("status").getString("userId"));
    JsonObject sync = next(onB, "sync");
    assertEquals("h", sync.getJsonObject("host").getString("userId"));

    host.close().await(10, TimeUnit.SECONDS);
    JsonObject leave = next(onB, "leave");
    assertEquals("h", leave.getString("userId"));
    assertEquals("closed", leave.getString("reason"));
    assertEquals("g", next(onB, "host").getString("userId"));
  }

  @Test
  void eventsArePublishedWhileAnInstanceFollowsTheRoomAndTheRoomOutlivesItsLease(Vertx vertx) throws Exception {
    Redis raw = Redis.createClient(vertx, redis.url());
    RedisConnection spy = raw.connect().await(10, TimeUnit.SECONDS);
    BlockingQueue<JsonObject> published = new LinkedBlockingQueue<>();
    spy.handler(m -> {
      if (m.size() >= 3 && "message".equals(m.get(0).toString())) {
        published.add(new JsonObject(m.get(2).toString()));
      }
    });
    spy.send(Request.cmd(Command.SUBSCRIBE).arg(RoomKeys.of("R7").channel())).await(10, TimeUnit.SECONDS);
    try {
      post(portA, "a", "R7", 1, false); // nobody follows R7 live: no event is sent
      BlockingQueue<JsonObject> onB = listen(portB, "roomCode=R7");
      next(onB, "snapshot");
      post(portA, "a", "R7", 2, false);
      JsonObject event = published.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "a followed room's writes are published");
      // a channel's messages come in the order they were published: the first would have come first
      assertEquals(2.0, event.getJsonObject("status").getJsonObject("player").getDouble("time"),
          "the first event published is the write made while the room was followed");
      assertEquals(2.0, next(onB, "status").getJsonObject("status").getJsonObject("player").getDouble("time"));
    } finally {
      spy.close();
      raw.close();
    }
  }

  @Test
  void aFollowedRoomOutlivesItsWindowWhileTheLeaseOnItsEventsHolds(Vertx vertx) throws Exception {
    // with a two-second window the room's key would expire four seconds after its last write; while an
    // instance follows it, it lasts as long as that instance's lease, so the lease is never lost with it
    int port = TestServices.freePort();
    Service shortWindow = TestServices.start(vertx, TestServices.config(port, Map.of("STORE", "redis",
        "REDIS_URL", redis.url(), "STATUS_TTL_MS", "2000")), now::get);
    try {
      waitReady(port);
      BlockingQueue<JsonObject> listener = listen(port, "roomCode=R8");
      next(listener, "snapshot");
      post(port, "a", "R8", 1, false);
      next(listener, "status");
      long ttl = command(vertx, Request.cmd(Command.PTTL).arg(RoomKeys.of("R8").key())).toLong();
      assertTrue(ttl > 20_000, "PTTL " + ttl);
    } finally {
      shortWindow.stop().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachEventCrossingInstancesComesWithTheRoomAsItStoodAfterIt() throws Exception {
    // a paused host reports rising positions one after another on A; on B, the sync view sent with
    // each status event must already hold that status (a room read before the event would lag)
    BlockingQueue<JsonObject> onB = listen(portB, "roomCode=R10");
    next(onB, "snapshot");
    for (int t = 1; t <= 30; t++) {
      JsonObject status = new JsonObject().put("userId", "h").put("roomCode", "R10").put("isHost", true)
          .put("player", new JsonObject().put("isPlaying", false).put("isPaused", true).put("time", t));
      assertEquals(200, http.post(portA, "127.0.0.1", "/api/player/status").sendJsonObject(status)
          .await(10, TimeUnit.SECONDS).statusCode());
    }
    for (int t = 1; t <= 30; t++) {
      JsonObject status = next(onB, "status");
      double time = status.getJsonObject("status").getJsonObject("player").getDouble("time");
      JsonObject sync = next(onB, "sync");
      while (sync.getJsonObject("host") == null) {
        sync = next(onB, "sync");
      }
      double hostAt = sync.getJsonObject("host").getDouble("position");
      assertTrue(hostAt >= time, "the view after the status at " + time + " has the host at " + hostAt);
    }
  }

  @Test
  void anOutageIsA503WithinTheTimeoutAndServiceResumesWithoutARestart() throws Exception {
    post(portA, "u", "R4", 1, false);
    BlockingQueue<JsonObject> listener = listen(portA, "roomCode=R4");
    next(listener, "snapshot");
    redis.stop();

    long started = System.currentTimeMillis();
    HttpResponse<Buffer> refused = post(portA, "u", "R4", 2, false);
    assertEquals(503, refused.statusCode());
    assertEquals(503, refused.bodyAsJsonObject().getInteger("statusCode"));
    assertTrue(System.currentTimeMillis() - started < 3000, "answered within the timeout, not hung");
    Await.until(Duration.ofSeconds(5), "readiness should turn off",
        () -> http.get(portA, "127.0.0.1", "/health/ready").send().await().statusCode() == 503);
    assertEquals(200, http.get(portA, "127.0.0.1", "/health/live").send().await().statusCode(), "the process stays up");

    redis.start();
    waitReady(portA);
    // the live socket stayed open: once its instance follows the room again it gets the room afresh
    // (statuses written before that are in it, not replayed as events), then every new status
    next(listener, "snapshot");
    assertEquals(200, post(portB, "u", "R4", 3, false).statusCode());
    JsonObject status = next(listener, "status");
    assertEquals(3.0, status.getJsonObject("status").getJsonObject("player").getDouble("time"));
  }

  @Test
  void sampledAtRoundTripsThroughTheStoredJsonAndDrivesTheSyncView() throws Exception {
    // the host sampled 100 three seconds before its report arrived; the member reported 103 on arrival
    JsonObject host = new JsonObject().put("userId", "host").put("roomCode", "RS").put("isHost", true)
        .put("player", new JsonObject().put("isPlaying", true).put("time", 100).put("sampledAt", now.get() - 3000.25));
    assertEquals(200, http.post(portA, "127.0.0.1", "/api/player/status").sendJsonObject(host)
        .await(10, TimeUnit.SECONDS).statusCode());
    assertEquals(200, post(portA, "member", "RS", 103, false).statusCode());

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
