package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.store.MemoryStore;
import watchparty.support.TestServices;

/** The HTTP API end to end, over real sockets, against the service as it is deployed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StatusApiTest {
  private static final String PATH = "/api/player/status";
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private Service service;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    port = TestServices.freePort();
    service = TestServices.start(vertx, TestServices.config(port), now::get);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(16));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    service.stop().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(Object body) throws Exception {
    Buffer raw = body instanceof Buffer b ? b : Buffer.buffer(body.toString());
    return client.post(PATH).putHeader("content-type", "application/json").sendBuffer(raw).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String query) throws Exception {
    return client.get(PATH + query).send().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject status(String user, String room, double time) {
    return new JsonObject().put("userId", user).put("roomCode", room).put("isHost", false)
        .put("content", new JsonObject().put("title", "Film").put("type", "movie").put("tmdbId", "tt42"))
        .put("player", new JsonObject().put("isPlaying", true).put("time", time).put("playbackRate", 1.5));
  }

  private static void assertError(HttpResponse<Buffer> r, int code, String messagePart) {
    assertEquals(code, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("content-type").startsWith("application/json"));
    JsonObject e = r.bodyAsJsonObject();
    assertEquals(true, e.getBoolean("error"));
    assertEquals(code, e.getInteger("statusCode"));
    assertTrue(e.getString("url").startsWith("http://"), e.encode());
    assertTrue(e.getString("message").contains(messagePart), e.encode());
    assertEquals("*", r.getHeader("access-control-allow-origin"));
  }

  @Test
  void storesAndReturnsAStatusStampedWithServerTime() throws Exception {
    HttpResponse<Buffer> ack = post(status("dave", "R1", 12.5));
    assertEquals(200, ack.statusCode());
    assertEquals(new JsonObject().put("success", true).put("timestamp", now.get()), ack.bodyAsJsonObject());

    JsonObject body = get("?userId=dave&roomCode=R1").bodyAsJsonObject();
    JsonObject s = body.getJsonArray("statuses").getJsonObject(0);
    assertEquals("dave", s.getString("userId"));
    assertEquals("tt42", s.getJsonObject("content").getString("tmdbId"));
    assertFalse(s.getJsonObject("content").containsKey("seasonId"), "absent ids stay absent");
    assertEquals(12.5, s.getJsonObject("player").getDouble("time"));
    assertEquals(now.get(), s.getLong("timestamp"));
    assertEquals("nosniff", ack.getHeader("x-content-type-options"));
    assertEquals("DENY", ack.getHeader("x-frame-options"));
    assertEquals("no-referrer", ack.getHeader("referrer-policy"));
    assertEquals("script-src 'none'; frame-ancestors 'none';", ack.getHeader("content-security-policy"));
  }

  @Test
  void aStatusWithSampledAtIsAnsweredWithItAndOneWithoutExactlyAsBefore() throws Exception {
    String player = "\"player\":{\"isPlaying\":true,\"isPaused\":false,\"isLoading\":false,\"hasPlayedOnce\":false,"
        + "\"time\":12.5,\"duration\":0,\"volume\":0,\"playbackRate\":1.5,\"buffered\":0";
    String head = "{\"userId\":\"plain\",\"roomCode\":\"RS\",\"isHost\":false,"
        + "\"content\":{\"title\":\"Film\",\"type\":\"movie\",\"tmdbId\":\"tt42\"},";
    assertEquals(200, post(status("plain", "RS", 12.5)).statusCode());
    assertEquals("{\"userId\":\"plain\",\"roomCode\":\"RS\",\"statuses\":[" + head + player
        + "},\"timestamp\":1800000000000}]}", get("?roomCode=RS&userId=plain").bodyAsString(), "the seed's bytes");

    JsonObject sampled = status("sampled", "RS", 12.5);
    sampled.getJsonObject("player").put("sampledAt", now.get() - 250.5);
    assertEquals(200, post(sampled).statusCode());
    assertEquals("{\"userId\":\"sampled\",\"roomCode\":\"RS\",\"statuses\":[" + head.replace("plain", "sampled")
        + player + ",\"sampledAt\":1799999999749.5},\"timestamp\":1800000000000}]}",
        get("?roomCode=RS&userId=sampled").bodyAsString());
    JsonObject users = get("?roomCode=RS").bodyAsJsonObject().getJsonObject("users");
    assertFalse(users.getJsonArray("plain").getJsonObject(0).getJsonObject("player").containsKey("sampledAt"));
    assertEquals(1799999999749.5, users.getJsonArray("sampled").getJsonObject(0).getJsonObject("player")
        .getDouble("sampledAt"));
  }

  @Test
  void aSampledAtThatIsNotANumberNearTheServersClockIsRefusedAndNothingIsStored() throws Exception {
    JsonObject text = status("bad", "RT", 1);
    text.getJsonObject("player").put("sampledAt", "now");
    assertError(post(text), 400, "player.sampledAt must be a number");
    assertError(post("{\"userId\":\"bad\",\"roomCode\":\"RT\",\"player\":{\"sampledAt\":1e999}}"), 400,
        "player.sampledAt must be a finite number");
    JsonObject late = status("bad", "RT", 1);
    late.getJsonObject("player").put("sampledAt", now.get() + 60_001);
    HttpResponse<Buffer> refused = post(late);
    assertError(refused, 400, "player.sampledAt must be within 60 s of the server's clock (x-server-time)");
    assertEquals("Bad Request", refused.bodyAsJsonObject().getString("statusMessage"));
    JsonObject early = status("bad", "RT", 1);
    early.getJsonObject("player").put("sampledAt", now.get() - 60_001);
    assertError(post(early), 400, "player.sampledAt must be within 60 s");
    assertEquals(0, get("?roomCode=RT&userId=bad").bodyAsJsonObject().getJsonArray("statuses").size());
  }

  @Test
  void theSyncViewExtrapolatesTheHostFromItsSampleInstant() throws Exception {
    // the host sampled 100 two seconds before its report arrived: now it is at 102, where the member is
    JsonObject host = status("host", "RU", 100).put("isHost", true);
    host.getJsonObject("player").put("playbackRate", 1).put("sampledAt", now.get() - 2000);
    assertEquals(200, post(host).statusCode());
    JsonObject member = status("member", "RU", 102);
    member.getJsonObject("player").put("playbackRate", 1);
    assertEquals(200, post(member).statusCode());
    JsonObject sync = client.get("/api/player/sync?roomCode=RU").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals(102.0, sync.getJsonObject("host").getDouble("position"));
    assertEquals(0.0, sync.getJsonArray("members").getJsonObject(0).getDouble("drift"));
    assertEquals("none", sync.getJsonArray("members").getJsonObject(0).getString("action"));
  }

  @Test
  void roomQueryGroupsByUserAndMatchesTheCodeExactly() throws Exception {
    post(status("host", "12", 1));
    post(status("guest", "12", 2));
    post(status("guest", "12", 3));
    post(status("other", "1234", 4));
    JsonObject room = get("?roomCode=12").bodyAsJsonObject();
    assertEquals("12", room.getString("roomCode"));
    assertEquals(Set.of("host", "guest"), room.getJsonObject("users").fieldNames());
    assertEquals(2, room.getJsonObject("users").getJsonArray("guest").size());
  }

  @Test
  void everyKindOfBadInputIsAJsonErrorAndNothingIsStored() throws Exception {
    assertError(post("{bad"), 400, "Invalid JSON body");
    assertError(post(""), 400, "Missing required fields: userId, roomCode");
    assertError(post(new JsonObject().put("userId", "carol")), 400, "Missing required fields");
    assertError(post(status("carol", "R2", 1).put("isHost", "true")), 400, "isHost");
    assertError(post(status("carol", "R2", -3)), 400, "player.time");
    assertError(post(status("carol", "R2", 1).put("userId", "x".repeat(129))), 400, "userId");
    assertError(post(status("carol", "R2", 1).put("extra", new JsonObject().put("a", new JsonArray().add(1)))), 400,
        "nests deeper");
    assertError(post(Buffer.buffer("{\"userId\":\"carol\",\"roomCode\":\"R2\",\"pad\":\"" + "x".repeat(70_000) + "\"}")),
        413, "larger than 65536 bytes");
    assertError(get(""), 400, "Missing required query parameters: roomCode and/or userId");
    assertError(get("?userId=carol"), 400, "Missing required query parameters");
    assertError(get("?roomCode=%ZZ"), 400, "percent-escape");
    assertError(get("?roomCode=" + "r".repeat(129)), 400, "roomCode");

    assertEquals(new JsonObject().put("roomCode", "R2").put("users", new JsonObject()), get("?roomCode=R2").bodyAsJsonObject());
    assertEquals(200, post(status("carol", "R2", 1)).statusCode(), "the service keeps serving");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWithoutBeingHeldWhole(Vertx vertx) throws Exception {
    // no Content-Length: the body streams in chunks and is refused as it passes the limit
    HttpClient raw = vertx.createHttpClient();
    int code = raw.request(HttpMethod.POST, port, "127.0.0.1", PATH).compose(req -> {
      req.setChunked(true);
      for (int i = 0; i < 20; i++) {
        req.write(Buffer.buffer("x".repeat(8192)));
      }
      return req.end().compose(v -> req.response()).map(r -> r.statusCode());
    }).await(10, TimeUnit.SECONDS);
    assertEquals(413, code);
    raw.close();
    assertEquals(200, post(status("after", "R3", 1)).statusCode());
  }

  @Test
  void unknownPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
    assertError(client.get("/api/player/nope").send().await(), 404, "/api/player/nope");
    HttpResponse<Buffer> put = client.put(PATH).sendBuffer(Buffer.buffer("{}")).await();
    assertError(put, 405, "PUT");
    assertEquals("GET, POST, OPTIONS", put.getHeader("allow"));
  }

  @Test
  void answersCorsPreflightsForAnyPath() throws Exception {
    for (String path : List.of(PATH, "/anything")) {
      HttpResponse<Buffer> r = client.request(HttpMethod.OPTIONS, path)
          .putHeader("Origin", "https://watch.example")
          .putHeader("Access-Control-Request-Method", "POST")
          .putHeader("Access-Control-Request-Headers", "content-type,authorization").send().await();
      assertEquals(204, r.statusCode());
      assertEquals("*", r.getHeader("access-control-allow-origin"));
      assertTrue(r.getHeader("access-control-allow-headers").contains("Authorization"));
      assertTrue(r.getHeader("access-control-allow-methods").contains("POST"));
    }
  }

  @Test
  void expiredStatusesLeaveAnswersAndMemory(Vertx vertx) throws Exception {
    post(status("old", "R4", 1));
    now.addAndGet(60_001);
    post(status("new", "R4", 2));
    assertEquals(Set.of("new"), get("?roomCode=R4").bodyAsJsonObject().getJsonObject("users").fieldNames());
    assertEquals(0, get("?userId=old&roomCode=R4").bodyAsJsonObject().getJsonArray("statuses").size());
    // the periodic cleanup (every 20 ms here) drops the expired user from memory: asked until it has
    MemoryStore store = (MemoryStore) service.store();
    Promise<int[]> oneUserHeld = Promise.promise();
    long asking = vertx.setPeriodic(20, id -> store.counts().onSuccess(counts -> {
      if (counts[1] == 1) {
        oneUserHeld.tryComplete(counts);
      }
    }));
    int[] counts;
    try {
      counts = oneUserHeld.future().await(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the expired user is still held after 5 s");
    } finally {
      vertx.cancelTimer(asking);
    }
    assertEquals(1, counts[1], "users held");
    assertEquals(1, counts[2], "statuses held");
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    assertEquals(200, client.get("/health/live").send().await().statusCode());
    assertEquals(200, client.get("/health/ready").send().await().statusCode());
  }

  /**
   * Many connections land on both event loops; each room lives on one shard, so every user's
   * history must still hold its last five statuses in order and every room all of its users.
   */
  @Test
  void aRoomStaysConsistentAcrossConnectionsAndEventLoops() throws Exception {
    int rooms = 8;
    int usersPerRoom = 6;
    int posts = 10;
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int round = 0; round < posts; round++) {
      List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
      for (int r = 0; r < rooms; r++) {
        for (int u = 0; u < usersPerRoom; u++) {
          wave.add(client.post(PATH).sendJsonObject(status("u" + u, "room-" + r, round)));
        }
      }
      Future.all(wave).await(10, TimeUnit.SECONDS); // a user's posts are ordered, rooms interleave
      sent.addAll(wave);
    }
    assertTrue(sent.stream().allMatch(f -> f.result().statusCode() == 200));
    for (int r = 0; r < rooms; r++) {
      JsonObject users = get("?roomCode=room-" + r).bodyAsJsonObject().getJsonObject("users");
      assertEquals(usersPerRoom, users.size());
      for (int u = 0; u < usersPerRoom; u++) {
        JsonArray history = users.getJsonArray("u" + u);
        List<Double> times = new ArrayList<>();
        history.forEach(s -> times.add(((JsonObject) s).getJsonObject("player").getDouble("time")));
        assertEquals(List.of(5.0, 6.0, 7.0, 8.0, 9.0), times);
      }
    }
    assertNull(get("?roomCode=room-" + rooms).bodyAsJsonObject().getJsonObject("users").fieldNames().stream().findAny().orElse(null));
  }
}
