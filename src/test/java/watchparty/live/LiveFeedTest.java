package watchparty.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.config.ServiceConfig;
import watchparty.support.TestServices;

/** Live rooms end to end: real WebSocket and SSE clients against the deployed service. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveFeedTest {
  private Vertx vertx;
  private Service service;
  private WebClient http;
  private WebSocketClient sockets;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    start(vertx, 262_144);
  }

  private void start(Vertx vertx, int liveQueueBytes) throws Exception {
    start(vertx, liveQueueBytes, 15_000);
  }

  private void start(Vertx vertx, int liveQueueBytes, long heartbeatMs) throws Exception {
    this.vertx = vertx;
    port = TestServices.freePort();
    // the slow-consumer test floods one room from one user: budgets off
    ServiceConfig config = TestServices.config(port, Map.of("LIVE_QUEUE_BYTES", Integer.toString(liveQueueBytes),
        "HEARTBEAT_INTERVAL_MS", Long.toString(heartbeatMs), "RATE_LIMIT_PER_USER", "0"));
    service = TestServices.start(vertx, config, System::currentTimeMillis);
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    sockets = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    sockets.close();
    http.close();
    service.stop().await(10, TimeUnit.SECONDS);
  }

  /** A connected client and the JSON messages it received, in order. */
  private static final class Feed {
    final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    WebSocket ws;

    /** The next message that is not a sync view. */
    JsonObject next() throws InterruptedException {
      while (true) {
        JsonObject m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, () -> "no message within 10 s; " + state());
        if (!"sync".equals(m.getString("type"))) {
          return m;
        }
      }
    }

    /** What the socket says of itself, for a failure's message: a silent socket may have been closed. */
    String state() {
      return ws.isClosed() ? "the socket was closed: " + ws.closeStatusCode() + " " + ws.closeReason() : "the socket is open";
    }

    JsonObject next(String type) throws InterruptedException {
      JsonObject m = next();
      assertEquals(type, m.getString("type"), m.encode());
      return m;
    }

    JsonObject nextSync() throws InterruptedException {
      while (true) {
        JsonObject m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, () -> "no sync within 10 s; " + state());
        if ("sync".equals(m.getString("type"))) {
          return m;
        }
      }
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

  private static JsonObject status(String user, String room, double time, boolean host) {
    return new JsonObject().put("userId", user).put("roomCode", room).put("isHost", host)
        .put("player", new JsonObject().put("isPlaying", true).put("time", time));
  }

  private void post(JsonObject status) throws Exception {
    assertEquals(200, http.post("/api/player/status").sendJsonObject(status).await(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void aListenerGetsTheRoomThenEveryStatusPostedOverHttp() throws Exception {
    post(status("host", "L1", 10, true));
    Feed feed = ws("roomCode=L1");
    JsonObject snapshot = feed.next("snapshot");
    assertEquals("L1", snapshot.getString("roomCode"));
    assertEquals("host", snapshot.getString("host"));
    assertEquals(Set.of("host"), snapshot.getJsonObject("users").fieldNames());
    assertTrue(Math.abs(snapshot.getLong("serverTime") - System.currentTimeMillis()) < 5000);

    post(status("guest", "L1", 11, false));
    JsonObject event = feed.next("status");
    assertEquals("guest", event.getJsonObject("status").getString("userId"));
    assertEquals(11.0, event.getJsonObject("status").getJsonObject("player").getDouble("time"));
    assertTrue(event.getLong("id") > snapshot.getLong("id"));
    JsonObject sync = feed.nextSync();
    assertEquals("host", sync.getJsonObject("host").getString("userId"));
    assertEquals("guest", sync.getJsonArray("members").getJsonObject(0).getString("userId"));
  }

  @Test
  void aSocketReportsStatusesValidatedAsPostIs() throws Exception {
    Feed feed = ws("roomCode=L2&userId=ann");
    feed.next("snapshot");
    feed.ws.writeTextMessage(new JsonObject().put("type", "status").put("player", new JsonObject().put("time", 5)).encode());
    JsonObject echoed = feed.next();
    JsonObject ack = feed.next();
    if (echoed.getString("type").equals("ack")) { // the two may come in either order
      JsonObject t = echoed;
      echoed = ack;
      ack = t;
    }
    assertEquals("status", echoed.getString("type"));
    assertEquals("ann", echoed.getJsonObject("status").getString("userId"));
    assertEquals("ack", ack.getString("type"));
    assertEquals(ack.getLong("timestamp"), echoed.getJsonObject("status").getLong("timestamp"));

    feed.ws.writeTextMessage("{\"type\":\"status\",\"player\":{\"time\":\"soon\"}}");
    JsonObject error = feed.next("error");
    assertTrue(error.getString("message").contains("player.time"), error.encode());
    feed.ws.writeTextMessage("{\"type\":\"status\",\"roomCode\":\"elsewhere\"}");
    assertTrue(feed.next("error").getString("message").contains("roomCode"));
    feed.ws.writeTextMessage("{not json");
    feed.next("error");
    assertEquals(1, http.get("/api/player/status?roomCode=L2&userId=ann").send().await().bodyAsJsonObject()
        .getJsonArray("statuses").size(), "nothing of the rejected messages was stored");
  }

  @Test
  void pingIsAnsweredWithTheServersReceiveAndSendTimes() throws Exception {
    Feed feed = ws("roomCode=L3");
    feed.next("snapshot");
    long before = System.currentTimeMillis();
    feed.ws.writeTextMessage("{\"type\":\"ping\",\"t0\":123456}");
    JsonObject pong = feed.next("pong");
    assertEquals(123456L, pong.getLong("t0"));
    long t1 = pong.getLong("t1");
    long t2 = pong.getLong("t2");
    assertTrue(t1 >= before - 5 && t2 >= t1 && t2 <= System.currentTimeMillis() + 5, pong.encode());
    assertNotNull(http.get("/api/player/status?roomCode=L3").send().await().getHeader("x-server-time"));
  }

  @Test
  void whenTheHostsSocketClosesItLeavesAndTheLongestPresentMemberLeads() throws Exception {
    Feed listener = ws("roomCode=L4");
    listener.next("snapshot");
    Feed host = ws("roomCode=L4&userId=h");
    host.ws.writeTextMessage(new JsonObject().put("type", "status").put("isHost", true).encode());
    assertEquals("h", listener.next("status").getJsonObject("status").getString("userId"));
    assertEquals("h", listener.next("host").getString("userId"));
    post(status("g1", "L4", 1, false));
    post(status("g2", "L4", 1, false));
    listener.next("status");
    listener.next("status");

    host.ws.close().await(10, TimeUnit.SECONDS);
    JsonObject leave = listener.next("leave");
    assertEquals("h", leave.getString("userId"));
    assertEquals("closed", leave.getString("reason"));
    assertEquals("g1", listener.next("host").getString("userId"));
    assertEquals(Set.of("g1", "g2"), http.get("/api/player/status?roomCode=L4").send().await().bodyAsJsonObject()
        .getJsonObject("users").fieldNames());
  }

  @Test
  void twoRoomsOnDifferentShardsWithTheSameEventIdsGetTheirOwnSyncViews() throws Exception {
    // rooms on two shards, whose event ids are numbered alike
    String a = "SA";
    String b = null;
    for (int i = 0; b == null; i++) {
      if (Math.floorMod(("SB" + i).hashCode(), 2) != Math.floorMod(a.hashCode(), 2)) {
        b = "SB" + i;
      }
    }
    List<Feed> roomA = new ArrayList<>();
    List<Feed> roomB = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // connections alternate between the two loops: A B B A ... puts both rooms on both
      if (i % 2 == 0) {
        roomA.add(ws("roomCode=" + a));
        roomB.add(ws("roomCode=" + b));
      } else {
        roomB.add(ws("roomCode=" + b));
        roomA.add(ws("roomCode=" + a));
      }
    }
    for (Feed f : roomA) {
      f.next("snapshot");
    }
    for (Feed f : roomB) {
      f.next("snapshot");
    }
    post(status("hostA", a, 1, true));
    for (Feed f : roomA) {
      assertEquals("hostA", hostOfNextLedSync(f));
    }
    post(status("hostB", b, 1, true));
    for (Feed f : roomB) {
      assertEquals("hostB", hostOfNextLedSync(f), "the view of this room, not of the other one");
    }
  }

  /** The host named by the next sync view that has one (the view after a status precedes the host event's). */
  private static String hostOfNextLedSync(Feed f) throws InterruptedException {
    while (true) {
      JsonObject host = f.nextSync().getJsonObject("host");
      if (host != null) {
        return host.getString("userId");
      }
    }
  }

  @Test
  void listenersOnEveryEventLoopReceiveEveryStatusInOrder() throws Exception {
    List<Feed> feeds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Feed f = ws("roomCode=L5");
      f.next("snapshot");
      feeds.add(f);
    }
    for (int t = 0; t < 20; t++) {
      post(status("u" + (t % 3), "L5", t, t == 0));
    }
    for (Feed f : feeds) {
      List<Double> times = new ArrayList<>();
      while (times.size() < 20) {
        JsonObject m = f.next();
        if (m.getString("type").equals("status")) {
          times.add(m.getJsonObject("status").getJsonObject("player").getDouble("time"));
        }
      }
      for (int t = 0; t < 20; t++) {
        assertEquals(t, times.get(t));
      }
    }
  }

  @Test
  void serverSentEventsCarryIdsAndResumeFromLastEventId() throws Exception {
    post(status("a", "L6", 1, true));
    StreamEvent first;
    StreamEvent second;
    try (EventStream events = new EventStream("roomCode=L6", null)) {
      assertEquals("text/event-stream; charset=utf-8", events.headers.get("content-type"));
      StreamEvent snapshot = events.next("snapshot");
      assertEquals("a", new JsonObject(snapshot.data()).getString("host"));
      post(status("a", "L6", 2, true));
      post(status("b", "L6", 3, false));
      first = events.next("status");
      second = events.next("status");
      assertEquals("b", new JsonObject(second.data()).getJsonObject("status").getString("userId"));
    }

    // back with the id of the first status: the second is replayed, not a snapshot
    try (EventStream resumed = new EventStream("roomCode=L6", first.id())) {
      StreamEvent replayed = resumed.next(null);
      assertEquals("status", replayed.event());
      assertEquals(second.id(), replayed.id());
    }
  }

  /** One Server-Sent Event as received: its id (null when it has none), its name and its data. */
  private record StreamEvent(String id, String event, String data) {
  }

  /**
   * An SSE stream read from a plain socket. What the server sends waits in the socket until
   * read, so nothing can be missed (Vert.x's client drops the chunks that arrive before a
   * handler is set on the response).
   */
  private final class EventStream implements AutoCloseable {
    final Map<String, String> headers = new HashMap<>();
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final StringBuilder pending = new StringBuilder();

    EventStream(String query, String lastEventId) throws Exception {
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.getOutputStream().write(("GET " + LiveApi.EVENTS_PATH + "?" + query + " HTTP/1.1\r\nHost: x\r\n"
          + (lastEventId != null ? "Last-Event-ID: " + lastEventId + "\r\n" : "") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      String status = readLine(in);
      assertTrue(status.startsWith("HTTP/1.1 200"), status);
      String line;
      while (!(line = readLine(in)).isEmpty()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
      assertEquals("chunked", headers.get("transfer-encoding"));
    }

    /** The next event that is not a sync view (of the given type, when one is given). */
    StreamEvent next(String type) throws Exception {
      while (true) {
        StreamEvent e = nextEvent();
        if (!e.event().equals("sync")) {
          if (type != null) {
            assertEquals(type, e.event());
          }
          return e;
        }
      }
    }

    private StreamEvent nextEvent() throws Exception {
      while (true) {
        int end;
        while ((end = pending.indexOf("\n\n")) < 0) {
          // one chunk of the chunked body: its size in hex, the bytes, a line end
          int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
          byte[] chunk = new byte[size];
          in.readFully(chunk);
          readLine(in);
          pending.append(new String(chunk, StandardCharsets.UTF_8));
        }
        String frame = pending.substring(0, end);
        pending.delete(0, end + 2);
        String id = null;
        String event = null;
        String data = null;
        for (String line : frame.split("\n")) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data = line.substring(6);
          }
        }
        if (event != null) {
          return new StreamEvent(id, event, data);
        }
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  @Test
  void aConsumerThatCannotKeepUpIsClosedAndTheOthersAreNot(Vertx vertx) throws Exception {
    stop();
    start(vertx, 65_536); // a reader that keeps up never has 64 KiB waiting; one that stops soon does
    // a raw socket with a tiny receive buffer that stops reading after the handshake
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      DataInputStream in = rawWebSocket(slow, "roomCode=L7");
      Feed healthy = ws("roomCode=L7");
      healthy.next("snapshot");
      String padding = "x".repeat(4000);
      for (int batch = 0; batch < 30; batch++) { // 12 MB of statuses: more than the socket buffers hold
        List<Future<?>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          posts.add(http.post("/api/player/status").sendJsonObject(status("w", "L7", i, false)
              .put("content", new JsonObject().put("title", padding + i))));
        }
        Future.all(posts).await(10, TimeUnit.SECONDS);
        healthy.messages.clear();
      }
      // now read: what was queued, then the close frame with its code
      assertEquals(1008, closeCode(in));
      assertFalse(healthy.ws.isClosed(), "a reader that keeps up stays connected");
    }
  }

  @Test
  void aPeerThatStopsAnsweringPingsIsClosed(Vertx vertx) throws Exception {
    stop();
    start(vertx, 262_144, 100);
    try (Socket silent = new Socket()) {
      silent.setSoTimeout(10_000);
      DataInputStream in = rawWebSocket(silent, "roomCode=L9");
      long opened = System.currentTimeMillis();
      assertEquals(1001, closeCode(in), "it never answers the server's pings");
      assertTrue(System.currentTimeMillis() - opened < 5000);
    }
  }

  /** Opens a WebSocket by hand, so the test controls every byte the client sends (none after this). */
  private DataInputStream rawWebSocket(Socket socket, String query) throws Exception {
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.getOutputStream().write(("GET " + LiveApi.WS_PATH + "?" + query + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      assertFalse(line.startsWith("HTTP/1.1 4"), line);
    }
    return in;
  }

  /** Reads server frames until the close frame; returns its status code. */
  private static int closeCode(DataInputStream in) throws Exception {
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0F;
      long length = in.readUnsignedByte() & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if (opcode == 0x8) {
        return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
      }
    }
  }

  private static String readLine(DataInputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Test
  void syncAnswersOverHttpToo() throws Exception {
    post(status("h", "L8", 100, true));
    post(status("m", "L8", 90, false));
    JsonObject sync = http.get(LiveApi.SYNC_PATH + "?roomCode=L8").send().await().bodyAsJsonObject();
    assertEquals("h", sync.getJsonObject("host").getString("userId"));
    JsonObject member = sync.getJsonArray("members").getJsonObject(0);
    assertEquals("seek", member.getString("action"));
    assertTrue(member.getDouble("drift") < -9);
    assertNull(http.get(LiveApi.SYNC_PATH + "?roomCode=EMPTY").send().await().bodyAsJsonObject().getValue("host"));
    assertEquals(400, http.get(LiveApi.SYNC_PATH).send().await().statusCode());
    assertEquals(426, http.get(LiveApi.WS_PATH + "?roomCode=L8").send().await().statusCode());
  }
}
