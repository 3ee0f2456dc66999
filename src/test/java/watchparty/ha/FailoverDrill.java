package watchparty.ha;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import watchparty.Service;
import watchparty.live.LiveApi;
import watchparty.support.Await;
import watchparty.support.TestServices;

/**
 * A Redis master killed under load: two instances of the service share the Redis topology;
 * 200 WebSocket listeners follow ten rooms (twenty each, on both instances); a writer posts a
 * status from a new user every 10 ms, alternating instances; then the master of the first room
 * is killed, and started again (empty: nothing is persisted) once a replica has taken over, as a
 * supervisor restarts a crashed process. Measured from the kill: when Redis names a new master,
 * when writes to the rooms it held are acknowledged again, when every listener has an event
 * posted after that, and which acknowledged statuses are gone.
 */
final class FailoverDrill {
  static final int ROOMS = 10;
  static final int LISTENERS_PER_ROOM = 20;
  private static final long WRITE_EVERY_MS = 10;

  /**
   * @param takeoverMs from the kill to Redis naming another master (as its own nodes or sentinels tell it)
   * @param resumeMs from the kill to the first status acknowledged (posted after the kill) in a room the master held
   * @param listenersBackMs from the kill to every listener having received a status posted after writes resumed
   * @param acknowledged statuses answered 200 during the drill
   * @param lost of those, the ones the room no longer holds afterwards
   * @param refused posts answered 503 (the store unavailable), never hung
   * @param otherFailures posts that failed otherwise: another status, or no answer within 5 s
   * @param socketsClosed listeners whose connection the service closed (it should keep them open)
   */
  record Result(long takeoverMs, long resumeMs, long listenersBackMs, int acknowledged, int lost, int refused, int otherFailures,
      int socketsClosed) {
  }

  /** What the drill kills: chosen once the rooms exist, given their names. */
  interface Victim {
    /** Kills the master holding the first room, returning once it is dead; answers which rooms it held. */
    Set<String> kill(List<String> rooms) throws Exception;

    /** Waits until a replica has taken over, then starts the killed server again, as a supervisor would. */
    void restartAfterTakeover() throws Exception;
  }

  private final Vertx vertx;
  private final Map<String, String> settings;

  /** @param settings the Redis settings of both instances, as environment variables */
  FailoverDrill(Vertx vertx, Map<String, String> settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  Result run(Victim victim) throws Exception {
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS; i++) {
      rooms.add("ha-" + i);
    }
    int[] ports = {TestServices.freePort(), TestServices.freePort()};
    List<Service> services = new ArrayList<>();
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"),
        new PoolOptions().setHttp1MaxSize(64));
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
    long writer = -1;
    try {
      for (int port : ports) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("STORE", "redis");
        env.put("REDIS_TIMEOUT_MS", "1000");
        services.add(TestServices.start(vertx, TestServices.config(port, env), System::currentTimeMillis));
      }
      for (int port : ports) {
        Await.until(Duration.ofSeconds(20), "instance on " + port + " not ready", () -> http.get(port, "127.0.0.1",
            "/health/ready").send().await(5, TimeUnit.SECONDS).statusCode() == 200);
      }

      // the listeners, each keeping every message it received
      List<List<String>> received = new ArrayList<>();
      AtomicInteger closed = new AtomicInteger();
      List<ClientWebSocket> open = new ArrayList<>();
      for (int r = 0; r < ROOMS; r++) {
        for (int l = 0; l < LISTENERS_PER_ROOM; l++) {
          List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
          received.add(messages);
          ClientWebSocket ws = sockets.webSocket();
          ws.textMessageHandler(messages::add);
          ws.closeHandler(v -> closed.incrementAndGet());
          ws.connect(ports[l % 2], "127.0.0.1", LiveApi.WS_PATH + "?roomCode=" + rooms.get(r) + "&userId=viewer-" + r + "-" + l)
              .await(10, TimeUnit.SECONDS);
          open.add(ws);
        }
      }
      Await.until(Duration.ofSeconds(20), "every listener's snapshot",
          () -> received.stream().allMatch(m -> !m.isEmpty()));
      closed.set(0); // from here on, a close is the service's doing

      // the writer: a new user's status every 10 ms, rooms in turn, instances alternating
      Map<Integer, String> acknowledgedRoomOf = new ConcurrentHashMap<>();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger otherFailures = new AtomicInteger();
      AtomicInteger outstanding = new AtomicInteger();
      AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLong resumedAt = new AtomicLong(Long.MAX_VALUE);
      Set<String> held = ConcurrentHashMap.newKeySet();
      AtomicInteger sequence = new AtomicInteger();
      writer = vertx.setPeriodic(WRITE_EVERY_MS, t -> {
        int n = sequence.getAndIncrement();
        String room = rooms.get(n % ROOMS);
        long sentAt = System.nanoTime();
        outstanding.incrementAndGet();
        http.post(ports[n % 2], "127.0.0.1", "/api/player/status").timeout(5000)
            .sendJsonObject(status("w" + n, room, n))
            .onComplete(r -> {
              outstanding.decrementAndGet();
              if (r.succeeded() && r.result().statusCode() == 200) {
                acknowledgedRoomOf.put(n, room);
                if (sentAt > killedAt.get() && held.contains(room)) {
                  resumedAt.accumulateAndGet(System.nanoTime(), Math::min);
                }
              } else if (r.succeeded() && r.result().statusCode() == 503) {
                refused.incrementAndGet();
              } else {
                otherFailures.incrementAndGet();
              }
            });
      });
      Thread.sleep(2000);

      // timed from the moment the master is dead: whatever led up to it (replicas falling behind) is before
      held.addAll(victim.kill(rooms));
      long kill = System.nanoTime();
      killedAt.set(kill);
      victim.restartAfterTakeover();
      long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - kill);
      Await.until(Duration.ofSeconds(30), "writes to the rooms of the killed master resumed",
          () -> resumedAt.get() != Long.MAX_VALUE);
      long resumeMs = TimeUnit.NANOSECONDS.toMillis(resumedAt.get() - kill);

      // a marker per room, posted once writes are back (retried: another shard may still be settling)
      for (String room : rooms) {
        Await.until(Duration.ofSeconds(20), "the marker of " + room + " accepted", () -> {
          var r = http.post(ports[0], "127.0.0.1", "/api/player/status").timeout(5000)
              .sendJsonObject(status("marker-" + room, room, 0)).await(6, TimeUnit.SECONDS);
          return r.statusCode() == 200;
        });
      }
      for (int i = 0; i < received.size(); i++) {
        String marker = "\"marker-" + rooms.get(i / LISTENERS_PER_ROOM) + "\"";
        List<String> messages = received.get(i);
        Await.until(Duration.ofSeconds(20), "listener " + i + " has its room's marker", () -> {
          synchronized (messages) {
            return messages.stream().anyMatch(m -> m.contains(marker));
          }
        });
      }
      long listenersBackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - kill);

      vertx.cancelTimer(writer);
      writer = -1;
      Await.until(Duration.ofSeconds(10), "every post answered", () -> outstanding.get() == 0);

      // every acknowledged status's user must still be in its room
      Map<String, Set<String>> usersByRoom = new HashMap<>();
      for (String room : rooms) {
        JsonObject answer = http.get(ports[1], "127.0.0.1", "/api/player/status?roomCode=" + room).send()
            .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
        usersByRoom.put(room, answer.getJsonObject("users").fieldNames());
      }
      int lost = 0;
      for (Map.Entry<Integer, String> ack : acknowledgedRoomOf.entrySet()) {
        if (!usersByRoom.get(ack.getValue()).contains("w" + ack.getKey())) {
          lost++;
        }
      }
      int socketsClosed = closed.get();
      for (ClientWebSocket ws : open) {
        ws.close();
      }
      return new Result(takeoverMs, resumeMs, listenersBackMs, acknowledgedRoomOf.size(), lost, refused.get(), otherFailures.get(),
          socketsClosed);
    } finally {
      if (writer >= 0) {
        vertx.cancelTimer(writer);
      }
      sockets.close();
      http.close();
      for (Service service : services) {
        service.stop().await(10, TimeUnit.SECONDS);
      }
    }
  }

  private static JsonObject status(String user, String room, double time) {
    return new JsonObject().put("userId", user).put("roomCode", room).put("isHost", false)
        .put("player", new JsonObject().put("isPlaying", true).put("time", time));
  }
}
