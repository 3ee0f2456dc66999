package watchparty.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.support.TestServices;

/** WebSocket resume (lastEventId) and statuses with a sample instant, against the deployed service. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketTest {
  private Service service;
  private WebClient http;
  private WebSocketClient sockets;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    port = TestServices.freePort();
    // the too-old test posts many statuses from one client: budgets off
    service = TestServices.start(vertx, TestServices.config(port, Map.of("RATE_LIMIT_PER_USER", "0",
        "RATE_LIMIT_PER_ADDRESS", "0")), System::currentTimeMillis);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    sockets = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    sockets.close();
    http.close();
    service.stop().await(10, TimeUnit.SECONDS);
  }

  /** A connected client and every JSON message it received, sync views included, in order. */
  private static final class Feed {
    final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    WebSocket ws;

    JsonObject next() throws InterruptedException {
      JsonObject m = messages.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "no message within 10 s");
      return m;
    }

    JsonObject next(String type) throws InterruptedException {
      JsonObject m = next();
      assertEquals(type, m.getString("type"), m.encode());
      return m;
    }

    /** The next message that is not a sync view. */
    JsonObject nextEvent() throws InterruptedException {
      while (true) {
        JsonObject m = next();
        if (!"sync".equals(m.getString("type"))) {
          return m;
        }
      }
    }

    JsonObject nextEvent(String type) throws InterruptedException {
      JsonObject m = nextEvent();
      assertEquals(type, m.getString("type"), m.encode());
      return m;
    }
  }

  private Feed ws(String query) throws Exception {
    Feed feed = new Feed();
    // the handler is given before connecting: the client installs it before it lets the first frame through
    ClientWebSocket socket = sockets.webSocket();
    socket.textMessageHandler(text -> feed.messages.add(new JsonObject(text)));
    feed.ws = socket.connect(port, "127.0.0.1", LiveApi.WS_PATH + "?" + query).await(10, TimeUnit.SECONDS);
    return feed;
  }

  private void post(String user, String room, double time) throws Exception {
    JsonObject status = new JsonObject().put("userId", user).put("roomCode", room)
        .put("player", new JsonObject().put("isPlaying", true).put("time", time));
    assertEquals(200, http.post("/api/player/status").sendJsonObject(status).await(10, TimeUnit.SECONDS).statusCode());
  }

  private static double timeOf(JsonObject statusEvent) {
    return statusEvent.getJsonObject("status").getJsonObject("player").getDouble("time");
  }

  @Test
  void aSocketReconnectingWithTheIdOfAnEventItSawGetsTheEventsItMissedThenASync() throws Exception {
    post("a", "W1", 1);
    Feed first = ws("roomCode=W1");
    first.next("snapshot");
    first.next("sync");
    post("a", "W1", 2);
    JsonObject seen = first.next("status");
    first.ws.close().await(10, TimeUnit.SECONDS);

    post("b", "W1", 3);
    post("a", "W1", 4);
    Feed resumed = ws("roomCode=W1&lastEventId=" + seen.getLong("id"));
    JsonObject missed = resumed.next("status");
    assertEquals(3.0, timeOf(missed), "the missed events, not a snapshot");
    assertTrue(missed.getLong("id") > seen.getLong("id"));
    assertEquals(4.0, timeOf(resumed.next("status")));
    JsonObject sync = resumed.next("sync");
    assertEquals(2, sync.getJsonArray("members").size(), "then the room's view as it is now");

    post("b", "W1", 5);
    assertEquals(5.0, timeOf(resumed.next("status")), "then every new event");
  }

  @Test
  void aSocketResumingFromTheLatestEventGetsOnlyASync() throws Exception {
    Feed first = ws("roomCode=W2");
    first.next("snapshot");
    post("a", "W2", 1);
    JsonObject last = first.nextEvent("status");
    Feed resumed = ws("roomCode=W2&lastEventId=" + last.getLong("id"));
    resumed.next("sync");
    post("a", "W2", 2);
    assertEquals(2.0, timeOf(resumed.nextEvent()));
  }

  @Test
  void anUnknownOrUnreadableLastEventIdStartsAfreshWithASnapshot() throws Exception {
    post("a", "W3", 1);
    Feed first = ws("roomCode=W3");
    first.next("snapshot");
    post("a", "W3", 2);
    long seen = first.nextEvent("status").getLong("id");
    first.ws.close().await(10, TimeUnit.SECONDS);

    for (String id : new String[] {Long.toString(seen + 1000), "-1", "abc", ""}) {
      Feed f = ws("roomCode=W3&lastEventId=" + id);
      JsonObject snapshot = f.next("snapshot");
      assertEquals(2.0, snapshot.getJsonObject("users").getJsonArray("a").getJsonObject(1).getJsonObject("player")
          .getDouble("time"), id);
      f.next("sync");
      f.ws.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anIdOlderThanTheEventsTheRoomRemembersGetsASnapshot() throws Exception {
    Feed first = ws("roomCode=W4");
    first.next("snapshot");
    post("u0", "W4", 0);
    long seen = first.nextEvent("status").getLong("id");
    first.ws.close().await(10, TimeUnit.SECONDS);
    // more events than a room keeps for reconnects (64), spread over users so no history trims them all
    for (int i = 1; i <= 70; i++) {
      post("u" + (i % 10), "W4", i);
    }
    Feed resumed = ws("roomCode=W4&lastEventId=" + seen);
    JsonObject snapshot = resumed.next("snapshot");
    assertEquals(10, snapshot.getJsonObject("users").size());
  }

  @Test
  void aSocketStatusMayCarryItsSampleInstantAndAFarOneIsRefused() throws Exception {
    Feed feed = ws("roomCode=W5&userId=host");
    feed.next("snapshot");
    double sampledAt = System.currentTimeMillis() - 1500.5;
    feed.ws.writeTextMessage(new JsonObject().put("type", "status").put("isHost", true)
        .put("player", new JsonObject().put("isPlaying", true).put("time", 10).put("sampledAt", sampledAt)).encode());
    JsonObject echoed = feed.nextEvent();
    if (!echoed.getString("type").equals("status")) { // the ack and the event may come in either order
      echoed = feed.nextEvent();
    }
    assertEquals("status", echoed.getString("type"), echoed.encode());
    assertEquals(sampledAt, echoed.getJsonObject("status").getJsonObject("player").getDouble("sampledAt"));

    feed.ws.writeTextMessage(new JsonObject().put("type", "status")
        .put("player", new JsonObject().put("sampledAt", System.currentTimeMillis() - 120_000)).encode());
    JsonObject error;
    do {
      error = feed.nextEvent();
    } while (!error.getString("type").equals("error"));
    assertEquals("player.sampledAt must be within 60 s of the server's clock (x-server-time)", error.getString("message"));
    assertEquals(sampledAt, http.get("/api/player/status?roomCode=W5&userId=host").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonArray("statuses").getJsonObject(0).getJsonObject("player").getDouble("sampledAt"),
        "the refused status was not stored");
  }

  @Test
  void aSocketsStatusIsRefusedInTheWordsOfAPostOfTheSameStatus() throws Exception {
    Feed feed = ws("roomCode=W6&userId=eve");
    feed.next("snapshot");
    for (String fields : List.of("\"player\":{\"time\":\"x\"}", "\"isHost\":\"yes\"", "\"player\":{\"time\":1e999}",
        "\"extra\":{\"a\":{\"b\":1}}", "\"content\":{\"tmdbId\":[1]}", "\"player\":{\"sampledAt\":1}",
        "\"player\":{\"playbackRate\":-1}", "\"player\":{\"time\":\"x\"},\"player\":{\"time\":1}")) {
      String body = "{\"userId\":\"eve\",\"roomCode\":\"W6\"," + fields + "}";
      HttpResponse<Buffer> posted = http.post("/api/player/status").sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
      assertEquals(400, posted.statusCode(), body);
      feed.ws.writeTextMessage("{\"type\":\"status\",\"userId\":\"eve\"," + fields + "}");
      assertEquals(posted.bodyAsJsonObject().getString("message"), feed.nextEvent("error").getString("message"), fields);
    }
  }
}
