package watchparty.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.live.LiveApi;
import watchparty.support.Await;
import watchparty.support.RedisCluster;
import watchparty.support.RedisNode;
import watchparty.support.TestServices;

/**
 * Two instances on a real Cluster of three masters and three replicas: rooms on every shard are
 * written on one instance and read and followed on the other, each room's data and events stay
 * on its own shard (sharded pub/sub: no plain channel anywhere), and the room script reaches
 * every master although it was loaded on none in particular.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisClusterTest {
  private static RedisCluster cluster;
  private static Vertx vertx;
  private static Service a;
  private static Service b;
  private static int portA;
  private static int portB;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    cluster = RedisCluster.start(3);
    vertx = Vertx.vertx();
    portA = TestServices.freePort();
    portB = TestServices.freePort();
    Map<String, String> env = Map.of("STORE", "redis", "REDIS_MODE", "cluster", "REDIS_URL", String.join(",", cluster.urls()));
    a = TestServices.start(vertx, TestServices.config(portA, env), System::currentTimeMillis);
    b = TestServices.start(vertx, TestServices.config(portB, env), System::currentTimeMillis);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    for (int port : new int[] {portA, portB}) {
      Await.until(Duration.ofSeconds(20), "ready", () -> http.get(port, "127.0.0.1", "/health/ready").send()
          .await(5, TimeUnit.SECONDS).statusCode() == 200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (a != null) {
      a.stop().await(10, TimeUnit.SECONDS);
      b.stop().await(10, TimeUnit.SECONDS);
      http.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One room per master: the first room names whose key hashes to each of them. */
  private static Map<Integer, String> roomPerMaster() throws Exception {
    Map<Integer, String> rooms = new LinkedHashMap<>();
    for (int i = 0; rooms.size() < 3 && i < 1000; i++) {
      String room = "shard-" + i;
      rooms.putIfAbsent(cluster.masterOf(key(room)).port(), room);
    }
    assertEquals(3, rooms.size(), "rooms on all three masters");
    return rooms;
  }

  @Test
  void roomsOnEveryShardAreSharedAndFollowedAcrossInstancesOnTheirOwnShardOnly() throws Exception {
    WebSocketClient sockets = vertx.createWebSocketClient();
    try {
      Map<Integer, String> rooms = roomPerMaster();
      List<BlockingQueue<String>> heard = new ArrayList<>();
      for (String room : rooms.values()) {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        ClientWebSocket ws = sockets.webSocket();
        ws.textMessageHandler(messages::add);
        ws.connect(portB, "127.0.0.1", LiveApi.WS_PATH + "?roomCode=" + room).await(10, TimeUnit.SECONDS);
        assertTrue(messages.poll(10, TimeUnit.SECONDS).contains("\"snapshot\""));
        heard.add(messages);
      }
      int i = 0;
      for (Map.Entry<Integer, String> entry : rooms.entrySet()) {
        String room = entry.getValue();
        JsonObject status = new JsonObject().put("userId", "host-" + room).put("roomCode", room).put("isHost", true)
            .put("player", new JsonObject().put("isPlaying", true).put("time", 12.5));
        assertEquals(200, http.post(portA, "127.0.0.1", "/api/player/status").sendJsonObject(status)
            .await(10, TimeUnit.SECONDS).statusCode());
        String event = awaitMessage(heard.get(i++), "\"type\":\"status\"");
        assertTrue(event.contains("\"host-" + room + "\""), event);
        JsonObject read = http.get(portB, "127.0.0.1", "/api/player/status?roomCode=" + room).send()
            .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
        assertEquals(List.of("host-" + room), List.copyOf(read.getJsonObject("users").fieldNames()));

        String channel = key(room) + ":events";
        for (int master : rooms.keySet()) {
          boolean owner = master == entry.getKey();
          String exists = RedisNode.cli(master, "EXISTS", key(room));
          assertTrue(owner ? exists.equals("1") : exists.startsWith("MOVED"), room + "'s hash on its own master only: " + exists);
          // SHARDCHANNELS lists the node's own sharded channels: the room's on its owner only
          assertEquals(owner, RedisNode.cli(master, "PUBSUB", "SHARDCHANNELS").contains(channel),
              room + "'s sharded subscription on its own master only");
          // NUMSUB answers "channel\ncount" for plain subscriptions: none
          assertEquals("0", RedisNode.cli(master, "PUBSUB", "NUMSUB", channel).split("\n")[1], "no plain channel");
        }
      }
      // the room script was loaded on one node, and is now on every master (run by its source where missing)
      String sha = RedisNode.cli(rooms.keySet().iterator().next(), "SCRIPT", "LOAD",
          new String(RedisClusterTest.class.getResourceAsStream("/redis/rooms.lua").readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8));
      for (int master : rooms.keySet()) {
        assertEquals("1", RedisNode.cli(master, "SCRIPT", "EXISTS", sha), "the room script on master " + master);
      }
    } finally {
      sockets.close();
    }
  }

  private static String awaitMessage(BlockingQueue<String> messages, String containing) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String m = messages.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && m.contains(containing)) {
        return m;
      }
    }
    throw new AssertionError("no message with " + containing + " within 10 s");
  }

  private static String key(String room) {
    return "ps2:{" + room + "}";
  }
}
