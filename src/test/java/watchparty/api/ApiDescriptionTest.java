package watchparty.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.api.RawHttp.Answer;
import watchparty.api.RawHttp.Request;
import watchparty.config.ServiceConfig;
import watchparty.metrics.ServiceMetrics;
import watchparty.support.TestServices;
import watchparty.time.Clock;

/**
 * The API descriptions against the running service: openapi.json and asyncapi.json are valid
 * documents, and every real answer (each route, each documented status, provoked) and every live
 * message type (made to occur on a WebSocket and an SSE stream) matches them. What was checked is
 * recorded; once every test has run, whatever the documents describe that no real answer or
 * message showed is a failure, so the descriptions cannot outgrow what is tested.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiDescriptionTest {
  private static final String STATUS = "/api/player/status";
  private static final String SYNC = "/api/player/sync";
  private static final String EVENTS = "/api/player/events";
  private static final String WS = "/api/player/ws";
  private static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  /** A request head over MAX_HEADER_BYTES (8 KiB). */
  private static final String PADDING = "a".repeat(9000);

  private static ApiDocuments docs;
  private static final AtomicInteger testsRun = new AtomicInteger();

  @BeforeAll
  static void load() {
    docs = new ApiDocuments();
  }

  /** Once the whole class has run: everything described was seen in a real answer or message. */
  @AfterAll
  static void everythingDescribedWasChecked() {
    long tests = java.util.Arrays.stream(ApiDescriptionTest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class)).count();
    if (testsRun.get() < tests) {
      return; // a partial run (one method, or a failure) says nothing about coverage
    }
    Set<String> missing = new TreeSet<>(docs.documented());
    missing.removeAll(docs.checked());
    assertTrue(missing.isEmpty(), "described but never checked against a real answer or message:\n  "
        + String.join("\n  ", missing));
  }

  // ---- the service ---------------------------------------------------------------------

  /**
   * The service's clock: real time plus an offset the test may move (expiry), and one injected
   * fault, thrown by the next reading that the status store takes while armed: a failure the
   * service does not know, which it must answer 500.
   */
  private static final class TestClock implements Clock {
    final AtomicLong offset = new AtomicLong();
    final AtomicBoolean armed = new AtomicBoolean();

    @Override
    public long millis() {
      if (armed.get() && StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getClassName().startsWith("watchparty.store.")))
          && armed.compareAndSet(true, false)) {
        throw new IllegalStateException("a fault injected by the test");
      }
      return System.currentTimeMillis() + offset.get();
    }
  }

  private static final class Running implements AutoCloseable {
    final Vertx vertx;
    final Service service;
    final int port;
    final TestClock clock;
    private Future<Void> stopped;

    Running(Vertx vertx, Service service, int port, TestClock clock) {
      this.vertx = vertx;
      this.service = service;
      this.port = port;
      this.clock = clock;
    }

    Future<Void> stop() {
      if (stopped == null) {
        stopped = service.stop();
      }
      return stopped;
    }

    @Override
    public void close() throws Exception {
      try {
        stop().await(15, TimeUnit.SECONDS);
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }

    Answer send(Request request) throws IOException {
      return RawHttp.exchange(port, request);
    }
  }

  private static Running start(Map<String, String> settings, boolean withMetrics) throws Exception {
    ServiceMetrics metrics = withMetrics ? ServiceMetrics.create() : ServiceMetrics.NONE;
    Vertx vertx = metrics.vertx(new VertxOptions());
    int port = TestServices.freePort();
    ServiceConfig config = TestServices.config(port, settings);
    TestClock clock = new TestClock();
    Service service = Service.start(vertx, config, clock, metrics).await(10, TimeUnit.SECONDS);
    return new Running(vertx, service, port, clock);
  }

  /** A concrete target for a described path. */
  private static String target(String template) {
    return template.replace("{file}", "watchparty.js");
  }

  /** Every (path, method) the description has whose responses include the status. */
  private static List<String[]> operationsAnswering(String status) {
    List<String[]> ops = new ArrayList<>();
    docs.openApi.path("paths").fields().forEachRemaining(path -> {
      for (String method : ApiDocuments.METHODS) {
        if (path.getValue().path(method).path("responses").has(status)) {
          ops.add(new String[] {path.getKey(), method.toUpperCase(Locale.ROOT)});
        }
      }
    });
    return ops;
  }

  private static Answer check(Running s, String method, String template, Request request) throws IOException {
    Answer answer = s.send(request);
    docs.checkAnswer(method, template, answer);
    return answer;
  }

  private static Answer check(Running s, String method, String template, String target) throws IOException {
    return check(s, method, template, Request.of(method, target));
  }

  private static Answer expect(int status, Answer answer) {
    assertEquals(status, answer.status(), answer::toString);
    return answer;
  }

  private static JsonNode json(String text) {
    try {
      return docs.json.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static ObjectNode report(String user, String room, boolean host, double time, Double sampledAt) {
    ObjectNode r = docs.json.createObjectNode().put("userId", user).put("roomCode", room).put("isHost", host);
    r.putObject("content").put("title", "Big Buck Bunny").put("type", "movie").put("tmdbId", 10378).putNull("seasonId");
    ObjectNode player = r.putObject("player").put("isPlaying", true).put("isPaused", false).put("isLoading", false)
        .put("hasPlayedOnce", true).put("time", time).put("duration", 596.5).put("volume", 0.8).put("playbackRate", 1)
        .put("buffered", 42.5);
    if (sampledAt != null) {
      player.put("sampledAt", sampledAt);
    }
    return r;
  }

  /** POSTs a report the request schema accepts, and checks the answer. */
  private static Answer post(Running s, JsonNode report) throws IOException {
    assertTrue(docs.requestMatches("POST", STATUS, report), () -> "the request schema refuses " + report);
    return expect(200, check(s, "POST", STATUS, Request.of("POST", STATUS).header("Content-Type", "application/json")
        .body(report.toString())));
  }

  // ---- the documents --------------------------------------------------------------------

  @Test
  void theDocumentsAreValidOpenApi31AndAsyncApi30AndStrict() {
    List<String> problems = docs.structuralProblems();
    assertTrue(problems.isEmpty(), "problems in the API descriptions:\n  " + String.join("\n  ", problems));
    // the check itself catches a broken document
    ObjectNode broken = docs.openApi.deepCopy();
    ((ObjectNode) broken.get("info")).remove("title");
    assertFalse(docs.errors(ApiDocuments.OAS_31_SCHEMA, "", broken).isEmpty(), "an info without a title is refused");
    ObjectNode brokenAsync = docs.asyncApi.deepCopy();
    ((ObjectNode) brokenAsync.at("/operations/receivePing")).put("action", "listen");
    assertFalse(docs.errors(ApiDocuments.ASYNCAPI_300_SCHEMA, "", brokenAsync).isEmpty(), "an unknown action is refused");
    testsRun.incrementAndGet();
  }

  // ---- HTTP: every route, every status -----------------------------------------------------

  @Test
  void everyRouteAnswersAsDescribed() throws Exception {
    // metrics on; expiry ticks rare, so that the injected fault reaches a request's store call
    try (Running s = start(Map.of("EXPIRY_INTERVAL_MS", "3600000", "SHUTDOWN_TIMEOUT_MS", "10000"), true)) {
      long now = System.currentTimeMillis();
      // statuses: 200, the request schema agreeing with the service on what it takes
      post(s, report("alice", "ROOM42", true, 12.5, now - 40.5));
      post(s, json("{\"userId\":\"carol\",\"roomCode\":\"ROOM42\"}"));
      post(s, json("{\"userId\":\"dan\",\"roomCode\":\"ROOM42\",\"isHost\":null,\"content\":null,\"player\":{\"time\":null,"
          + "\"playbackRate\":0},\"extra\":{\"a\":1},\"list\":[1,\"x\"]}"));
      badReports(s);
      // 413: the declared length is refused before a byte is read
      Answer tooLarge = expect(413, check(s, "POST", STATUS, new Request("POST", STATUS,
          new java.util.LinkedHashMap<>(Map.of("Content-Type", "application/json", "Content-Length", "70000")),
          ("{\"pad\":\"" + "x".repeat(69_990) + "\"}").getBytes(StandardCharsets.UTF_8))));
      assertTrue(json(tooLarge.text()).path("message").asText().contains("65536"), tooLarge::toString);

      // reads: the room, the user, the bad queries
      expect(200, check(s, "GET", STATUS, STATUS + "?roomCode=ROOM42"));
      Answer user = expect(200, check(s, "GET", STATUS, STATUS + "?roomCode=ROOM42&userId=alice"));
      nestedStatusIsStrict(json(user.text()).path("statuses").get(0));
      expect(200, check(s, "GET", STATUS, STATUS + "?roomCode=EMPTY&userId=nobody"));
      for (String query : List.of("", "?userId=alice", "?roomCode=", "?roomCode=%ZZ", "?roomCode=a&roomCode=b",
          "?roomCode=R&userId=%C3%28", "?roomCode=" + "r".repeat(129), "?roomCode=%01")) {
        expect(400, check(s, "GET", STATUS, STATUS + query));
      }

      // the sync view, with every kind of advice: none, rate, seek
      post(s, report("host", "SYNC1", true, 100, null));
      post(s, report("near", "SYNC1", false, 100.1, null));
      post(s, report("behind", "SYNC1", false, 99, null));
      post(s, report("lost", "SYNC1", false, 50, null));
      JsonNode view = json(expect(200, check(s, "GET", SYNC, SYNC + "?roomCode=SYNC1")).text());
      Set<String> actions = new TreeSet<>();
      view.path("members").forEach(m -> actions.add(m.path("action").asText()));
      assertEquals(Set.of("none", "rate", "seek"), actions, view::toString);
      expect(200, check(s, "GET", SYNC, SYNC + "?roomCode=EMPTY"));
      expect(400, check(s, "GET", SYNC, SYNC));
      expect(400, check(s, "GET", SYNC, SYNC + "?roomCode=%"));

      // the live entry points' refusals (their 200 and 101 are in the live test and below)
      expect(400, check(s, "GET", EVENTS, EVENTS));
      expect(400, check(s, "GET", EVENTS, EVENTS + "?roomCode=%01"));
      expect(426, check(s, "GET", WS, WS + "?roomCode=ROOM42"));
      expect(400, check(s, "GET", WS, WS));
      expect(400, check(s, "GET", WS, Request.of("GET", WS + "?roomCode=ROOM42").header("Upgrade", "websocket")
          .header("Connection", "Upgrade")));
      expect(101, check(s, "GET", WS, handshake(WS + "?roomCode=ROOM42&userId=zed")));
      // an unsupported version is the WebSocket layer's 426, described in words only
      Answer version = s.send(handshake(WS + "?roomCode=ROOM42").header("Sec-WebSocket-Version", "99"));
      assertEquals(426, version.status(), version::toString);
      assertEquals("13", version.header("sec-websocket-version"));
      assertEquals(0, version.body().length);

      // operations
      expect(200, check(s, "GET", "/health/live", "/health/live"));
      expect(200, check(s, "GET", "/health/ready", "/health/ready"));
      expect(200, check(s, "GET", "/metrics", "/metrics"));

      // the watch page and the client's files
      Answer page = expect(200, check(s, "GET", "/", "/"));
      String modified = page.header("last-modified");
      expect(304, check(s, "GET", "/", Request.of("GET", "/").header("If-Modified-Since", modified)));
      expect(200, check(s, "HEAD", "/", "/"));
      expect(304, check(s, "HEAD", "/", Request.of("HEAD", "/").header("If-Modified-Since", modified)));
      for (String file : List.of("watchparty.js", "watchparty.d.ts", "test-pattern.webm")) {
        String path = "/client/" + file;
        Answer whole = expect(200, check(s, "GET", "/client/{file}", path));
        Answer part = expect(206, check(s, "GET", "/client/{file}", Request.of("GET", path).header("Range", "bytes=0-9")));
        assertEquals(10, part.body().length);
        assertEquals(new String(whole.body(), 0, 10, StandardCharsets.ISO_8859_1), new String(part.body(), StandardCharsets.ISO_8859_1));
        expect(200, check(s, "HEAD", "/client/{file}", Request.of("HEAD", path)));
      }
      String js = "/client/watchparty.js";
      String jsModified = s.send(Request.of("GET", js)).header("last-modified");
      expect(304, check(s, "GET", "/client/{file}", Request.of("GET", js).header("If-Modified-Since", jsModified)));
      expect(304, check(s, "HEAD", "/client/{file}", Request.of("HEAD", js).header("If-Modified-Since", jsModified)));
      expect(400, check(s, "GET", "/client/{file}", "/client/%"));
      expect(404, check(s, "GET", "/client/{file}", "/client/nope.js"));
      expect(404, check(s, "HEAD", "/client/{file}", "/client/nope.js"));
      Request beyond = Request.of("GET", "/client/test-pattern.webm").header("Range", "bytes=99999999-");
      expect(416, check(s, "GET", "/client/{file}", beyond));
      expect(416, check(s, "HEAD", "/client/{file}", Request.of("HEAD", "/client/test-pattern.webm")
          .header("Range", "bytes=99999999-")));
      // any other path is the same 404, though no path of the description can show it but /client/
      Answer unknown = s.send(Request.of("GET", "/api/player/nope"));
      assertEquals(404, unknown.status());
      docs.assertValid(ApiDocuments.OPENAPI, "/components/responses/NotFound/content/application~1json/schema",
          json(unknown.text()), "GET /api/player/nope");

      // preflights, other methods, heads over the limit: for every operation that describes them
      for (String[] op : operationsAnswering("204")) {
        expect(204, check(s, op[1], op[0], Request.of(op[1], target(op[0])).header("Origin", "https://watch.example")
            .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type,authorization")));
      }
      for (String[] op : operationsAnswering("405")) {
        expect(405, check(s, op[1], op[0], Request.of(op[1], target(op[0])).body("{}")));
      }
      for (String[] op : operationsAnswering("431")) {
        expect(431, check(s, op[1], op[0], Request.of(op[1], target(op[0])).header("X-Padding", PADDING)));
      }

      // 500: a fault of the service's own, injected into the store's next clock reading
      for (String[] op : operationsAnswering("500")) {
        s.clock.armed.set(true);
        Request request = op[1].equals("POST")
            ? Request.of("POST", op[0]).body(report("faulty", "ROOM42", false, 1, null).toString())
            : Request.of(op[1], op[0] + "?roomCode=ROOM42");
        Answer fault = expect(500, check(s, op[1], op[0], request));
        assertFalse(s.clock.armed.get(), "the fault was taken by this request");
        assertEquals("The server could not answer this request", json(fault.text()).path("message").asText());
      }

      whileStoppingEveryRouteAnswers503(s);
    }
    testsRun.incrementAndGet();
  }

  /** Bad reports are 400 naming the problem; the request schema refuses them too where JSON Schema can tell. */
  private static void badReports(Running s) throws IOException {
    long now = System.currentTimeMillis();
    record Bad(String body, String message, Boolean schemaRefuses) {
    }
    List<Bad> cases = List.of(
        new Bad("", "Missing required fields: userId, roomCode", null),
        new Bad("{bad", "Invalid JSON body", null),
        new Bad("[1]", "The body must be a JSON object", true),
        new Bad("null", "Missing required fields", true),
        new Bad("{\"userId\":\"u\"}", "Missing required fields", true),
        new Bad("{\"userId\":\"\",\"roomCode\":\"R\"}", "Missing required fields", true),
        new Bad("{\"userId\":7,\"roomCode\":\"R\"}", "userId must be a string", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"isHost\":\"true\"}", "isHost must be a boolean", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"content\":{\"title\":5}}", "content.title must be a string", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"content\":{\"seasonNumber\":\"1\"}}", "content.seasonNumber", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"content\":[]}", "content must be an object", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"time\":\"soon\"}}", "player.time must be a number", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"time\":-3}}", "player.time", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"volume\":-1}}", "player.volume", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"playbackRate\":-1}}", "player.playbackRate", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"isPlaying\":1}}", "player.isPlaying", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"sampledAt\":\"now\"}}", "player.sampledAt must be a number", true),
        new Bad("{\"userId\":\"" + "x".repeat(129) + "\",\"roomCode\":\"R\"}", "userId must be 1 to 128", true),
        new Bad("{\"userId\":\"u\\u0001\",\"roomCode\":\"R\"}", "control characters", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"extra\":{\"a\":[1]}}", "nests deeper", true),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"extra\":{}}}", "nests deeper", true),
        // what JSON Schema cannot tell: the sample's distance from the server's clock, infinity
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"sampledAt\":" + (now + 120_000) + "}}", "within 60 s", false),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\",\"player\":{\"time\":1e999}}", "finite", null),
        new Bad("{\"userId\":\"u\",\"roomCode\":\"R\"} {}", "Invalid JSON body", null));
    for (Bad bad : cases) {
      Answer answer = expect(400, check(s, "POST", STATUS, Request.of("POST", STATUS)
          .header("Content-Type", "application/json").body(bad.body())));
      assertTrue(json(answer.text()).path("message").asText().contains(bad.message()), () -> bad.body() + " -> " + answer);
      if (bad.schemaRefuses() != null) {
        assertEquals(bad.schemaRefuses(), !docs.requestMatches("POST", STATUS, json(bad.body())),
            () -> "the request schema " + (bad.schemaRefuses() ? "accepts " : "refuses ") + bad.body());
      }
    }
  }

  /** The shared PlayerStatus is strict below its top level too. */
  private static void nestedStatusIsStrict(JsonNode status) {
    String pointer = "/components/schemas/PlayerStatus";
    docs.assertValid(ApiDocuments.OPENAPI, pointer, status, "a stored status");
    assertTrue(status.path("player").has("sampledAt"), "the status was sent with sampledAt: " + status);
    List<java.util.function.Consumer<ObjectNode>> breakages = List.of(
        st -> ((ObjectNode) st.get("player")).put("time", -1),
        st -> ((ObjectNode) st.get("player")).put("playbackRate", 0),
        st -> ((ObjectNode) st.get("player")).put("extra", 1),
        st -> ((ObjectNode) st.get("player")).remove("buffered"),
        st -> ((ObjectNode) st.get("player")).put("sampledAt", "now"),
        st -> ((ObjectNode) st.get("content")).remove("title"),
        st -> ((ObjectNode) st.get("content")).put("seasonNumber", "1"),
        st -> ((ObjectNode) st.get("content")).put("extra", 1),
        st -> st.put("userId", ""),
        st -> st.put("roomCode", "r".repeat(129)),
        st -> st.put("timestamp", 1.5));
    for (int i = 0; i < breakages.size(); i++) {
      ObjectNode broken = status.deepCopy();
      breakages.get(i).accept(broken);
      docs.assertInvalid(ApiDocuments.OPENAPI, pointer, broken, "a status broken by change " + i);
    }
    ObjectNode without = status.deepCopy();
    ((ObjectNode) without.get("player")).remove("sampledAt");
    docs.assertValid(ApiDocuments.OPENAPI, pointer, without, "a status without sampledAt");
  }

  private static Request handshake(String target) {
    return Request.of("GET", target).header("Upgrade", "websocket").header("Connection", "Upgrade")
        .header("Sec-WebSocket-Key", WS_KEY).header("Sec-WebSocket-Version", "13");
  }

  /**
   * While the service stops, a request in flight holds the port open and every new request but
   * the health checks and the live feeds is refused with 503; readiness turns 503.
   */
  private static void whileStoppingEveryRouteAnswers503(Running s) throws Exception {
    try (Socket inFlight = new Socket("127.0.0.1", s.port)) {
      OutputStream out = inFlight.getOutputStream();
      out.write(("POST " + STATUS + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"userId\"")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      Future<Void> stopped = s.stop();
      Thread.sleep(100);
      int refused = 0;
      for (String[] op : operationsAnswering("503")) {
        String path = op[0];
        if (path.equals(EVENTS) || path.equals(WS)) {
          continue; // live feeds are not refused while stopping, only past MAX_SOCKETS (capsAre503)
        }
        Request request = op[1].equals("POST")
            ? Request.of("POST", path).body(report("late", "ROOM42", false, 1, null).toString())
            : Request.of(op[1], target(path) + (path.startsWith("/api/") ? "?roomCode=ROOM42" : ""));
        expect(503, check(s, op[1], path, request));
        refused++;
      }
      assertTrue(refused > 10, "every route but the live ones is refused: " + refused);
      expect(200, check(s, "GET", "/health/live", "/health/live"));
      inFlight.close();
      stopped.await(15, TimeUnit.SECONDS);
    }
  }

  // ---- budgets and caps ---------------------------------------------------------------------

  @Test
  void spentBudgetsAre429WithRetryAfter() throws Exception {
    // small budgets, one event loop (budgets are kept per loop); the loopback is a trusted proxy,
    // so that each check can come from its own client address
    try (Running s = start(Map.of("INSTANCES", "1", "RATE_LIMIT_PER_ADDRESS", "3", "RATE_LIMIT_PER_USER", "2",
        "TRUSTED_PROXIES", "127.0.0.1"), false)) {
      int client = 1;
      for (String[] op : operationsAnswering("429")) {
        String address = "192.0.2." + client++; // a documentation address, only ever a header
        Answer answer = null;
        for (int i = 0; i < 20 && (answer == null || answer.status() != 429); i++) {
          Request request = op[1].equals("POST")
              ? Request.of("POST", op[0]).body(report("u" + i, "R", false, 1, null).toString())
              : Request.of(op[1], target(op[0])); // refused cheaply (no roomCode), until the budget refuses
          answer = s.send(request.header("X-Forwarded-For", address));
        }
        docs.checkAnswer(op[1], op[0], expect(429, answer));
        assertTrue(json(answer.text()).path("message").asText().contains("this client address"), answer::toString);
      }
      // the user's budget, over HTTP: each report from another address, all from one user
      Answer answer = null;
      for (int i = 0; i < 20 && (answer == null || answer.status() != 429); i++) {
        answer = s.send(Request.of("POST", STATUS).header("X-Forwarded-For", "198.51.100." + i)
            .body(report("busy", "R", false, i, null).toString()));
      }
      docs.checkAnswer("POST", STATUS, expect(429, answer));
      assertTrue(json(answer.text()).path("message").asText().contains("this user"), answer::toString);
      // and over a socket: the same budget, told as an error message
      try (LiveSocket socket = new LiveSocket(s, "roomCode=R&userId=busy")) {
        socket.next("snapshot");
        JsonNode error = null;
        for (int i = 0; i < 20 && error == null; i++) {
          socket.send(docs.json.createObjectNode().put("type", "status"), true);
          JsonNode m = socket.next(n -> n.path("type").asText().matches("ack|error"));
          error = m.path("type").asText().equals("error") ? m : null;
        }
        assertNotNull(error, "the user's budget is spent");
        assertTrue(error.path("message").asText().contains("this user"), error::toString);
      }
      // without metrics the scrape path is unknown
      expect(404, check(s, "GET", "/metrics", "/metrics"));
    }
    testsRun.incrementAndGet();
  }

  @Test
  void capsAre503NamingTheCap() throws Exception {
    try (Running s = start(Map.of("INSTANCES", "1", "MAX_ROOMS", "1", "MAX_SOCKETS", "1"), false)) {
      post(s, report("u1", "R1", false, 1, null));
      Answer room = expect(503, check(s, "POST", STATUS, Request.of("POST", STATUS).body(report("u1", "R2", false, 1, null).toString())));
      assertTrue(json(room.text()).path("message").asText().contains("MAX_ROOMS"), room::toString);
      try (RawHttp.EventStream first = new RawHttp.EventStream(s.port, Request.of("GET", EVENTS + "?roomCode=R1"))) {
        assertEquals(200, first.head.status());
        first.nextFrame(); // the stream is open and counted
        for (Request request : List.of(Request.of("GET", EVENTS + "?roomCode=R1"), handshake(WS + "?roomCode=R1"))) {
          String path = request.target().substring(0, request.target().indexOf('?'));
          Answer refused = expect(503, check(s, "GET", path, request));
          assertTrue(json(refused.text()).path("message").asText().contains("MAX_SOCKETS"), refused::toString);
        }
      }
    }
    testsRun.incrementAndGet();
  }

  @Test
  void theServiceServesThisDescription() throws Exception {
    try (Running s = start(Map.of(), false)) {
      Answer answer = s.send(Request.of("GET", "/openapi.json"));
      assertNotEquals(404, answer.status(), "GET /openapi.json is not served");
      docs.checkAnswer("GET", "/openapi.json", expect(200, answer));
      assertEquals(docs.openApi, json(answer.text()), "the served document is this one");
    }
    testsRun.incrementAndGet();
  }

  // ---- the live feed ---------------------------------------------------------------------

  /** A WebSocket whose every message from the service is checked against asyncapi.json as it is taken. */
  private static final class LiveSocket implements AutoCloseable {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final WebSocketClient client;
    final ClientWebSocket ws;

    LiveSocket(Running s, String query) throws Exception {
      client = s.vertx.createWebSocketClient();
      ws = client.webSocket();
      // the handler is given before connecting, so that no frame is missed
      ws.textMessageHandler(texts::add);
      ws.connect(s.port, "127.0.0.1", WS + "?" + query).await(10, TimeUnit.SECONDS);
    }

    JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (true) {
        String text = texts.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        assertNotNull(text, () -> "no wanted message within 10 s" + (ws.isClosed() ? "; closed " + ws.closeStatusCode() : ""));
        JsonNode m = json(text);
        docs.checkServerMessage("webSocket", m);
        if (wanted.test(m)) {
          return m;
        }
      }
    }

    JsonNode next(String type) throws InterruptedException {
      return next(m -> m.path("type").asText().equals(type));
    }

    /** Sends a message, checked first against the client messages: one matches it, or (invalid) none. */
    void send(JsonNode message, boolean valid) {
      docs.checkClientMessage("webSocket", message, valid);
      ws.writeTextMessage(message.toString());
    }

    /** Checks what is left, then closes. */
    @Override
    public void close() throws Exception {
      for (String text; (text = texts.poll()) != null;) {
        docs.checkServerMessage("webSocket", json(text));
      }
      if (!ws.isClosed()) {
        ws.close().await(10, TimeUnit.SECONDS);
      }
      client.close();
    }
  }

  /** The next SSE event the predicate wants, every frame before it checked (comments and the retry line aside). */
  private static JsonNode nextEvent(RawHttp.EventStream sse, Predicate<JsonNode> wanted) throws IOException {
    while (true) {
      String frame = sse.nextFrame();
      Map<String, String> fields = new HashMap<>();
      for (String line : frame.split("\n")) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          fields.put(line.substring(0, colon), line.substring(colon + 2));
        }
      }
      if (!fields.containsKey("data")) {
        continue; // "retry: 2000" or ": heartbeat"
      }
      JsonNode data = json(fields.get("data"));
      ApiDocuments.Message m = docs.checkServerMessage("eventStream", data);
      assertEquals(m.name(), fields.get("event"), frame);
      // room events carry their id, so that a reconnecting EventSource resumes; sync views do not
      assertEquals(data.has("id") ? data.get("id").asText() : null, fields.get("id"), frame);
      if (wanted.test(data)) {
        return data;
      }
    }
  }

  private static Predicate<JsonNode> type(String type) {
    return m -> m.path("type").asText().equals(type);
  }

  @Test
  void everyLiveMessageMatchesTheAsyncApiDocument() throws Exception {
    // a heartbeat beyond the test, as the clock is moved forward a minute
    try (Running s = start(Map.of("HEARTBEAT_INTERVAL_MS", "50000"), false)) {
      String room = "LIVE";
      post(s, report("h", room, false, 10, (double) System.currentTimeMillis()));
      try (RawHttp.EventStream sse = new RawHttp.EventStream(s.port, Request.of("GET", EVENTS + "?roomCode=" + room));
          LiveSocket listener = new LiveSocket(s, "roomCode=" + room)) {
        assertEquals(200, sse.head.status(), sse.head::toString);
        nextEvent(sse, type("sync"));
        listener.next("sync");

        // a member joins by socket and takes the lead
        LiveSocket w = new LiveSocket(s, "roomCode=" + room + "&userId=w");
        w.next("snapshot");
        ObjectNode lead = docs.json.createObjectNode().put("type", "status").put("isHost", true);
        lead.putObject("player").put("isPlaying", true).put("time", 11).put("sampledAt", System.currentTimeMillis() - 20.5);
        w.send(lead, true);
        w.next("ack");
        JsonNode status = listener.next("status");
        statusMessageIsStrict(status);
        assertEquals("w", listener.next("host").path("userId").asText());
        nextEvent(sse, type("host"));

        // another over HTTP
        post(s, report("g", room, false, 10.5, null));
        listener.next(m -> m.path("type").asText().equals("status") && m.path("status").path("userId").asText().equals("g"));

        // clock sync, and every kind of refused message
        w.send(docs.json.createObjectNode().put("type", "ping").put("t0", 123456.5), true);
        JsonNode pong = w.next("pong");
        assertEquals(123456.5, pong.path("t0").asDouble());
        for (String bad : List.of("{\"type\":\"status\",\"player\":{\"time\":\"soon\"}}", "{\"type\":\"dance\"}",
            "{\"type\":\"ping\"}", "[1]")) {
          w.send(json(bad), false);
          assertFalse(w.next("error").path("message").asText().isEmpty());
        }
        // what no schema can refuse: another room than the socket's, and text that is not JSON
        for (String bad : List.of("{\"type\":\"status\",\"roomCode\":\"elsewhere\"}", "{not json")) {
          w.ws.writeTextMessage(bad);
          assertFalse(w.next("error").path("message").asText().isEmpty());
        }

        // the leader's socket closes: it leaves, and the member present longest leads
        w.close();
        JsonNode closed = listener.next("leave");
        assertEquals("closed", closed.path("reason").asText());
        assertEquals("h", listener.next("host").path("userId").asText());
        nextEvent(sse, m -> m.path("type").asText().equals("leave") && m.path("reason").asText().equals("closed"));

        // a minute later the others' statuses expire: they leave, and the room has no host
        s.clock.offset.addAndGet(60_001);
        listener.next(m -> m.path("type").asText().equals("leave") && m.path("reason").asText().equals("expired"));
        listener.next(m -> m.path("type").asText().equals("host") && m.path("userId").isNull());
        nextEvent(sse, m -> m.path("type").asText().equals("host") && m.path("userId").isNull());
        nextEvent(sse, type("sync"));

        // the stream as a whole is what openapi.json says of it
        docs.checkAnswer("GET", EVENTS, new Answer(sse.head.status(), sse.head.reason(), sse.head.headers(),
            sse.seen.toString().getBytes(StandardCharsets.UTF_8)));

        // a listener that resumes gets the events it missed, not a snapshot
        try (LiveSocket resumed = new LiveSocket(s, "roomCode=" + room + "&lastEventId=" + status.path("id").asText())) {
          JsonNode first = resumed.next(m -> true);
          assertNotEquals("snapshot", first.path("type").asText(), first::toString);
          resumed.next("sync");
        }
      }
    }
    testsRun.incrementAndGet();
  }

  /** The status event, and the PlayerStatus inside it, refuse what the service never sends. */
  private static void statusMessageIsStrict(JsonNode message) {
    String pointer = docs.match("webSocket", true, message).payloadPointer();
    for (String field : List.of("time", "playbackRate")) {
      ObjectNode broken = message.deepCopy();
      ((ObjectNode) broken.at("/status/player")).put(field, -1);
      docs.assertInvalid(ApiDocuments.ASYNCAPI, pointer, broken, "a status event with player." + field + " -1");
    }
    ObjectNode extra = message.deepCopy();
    ((ObjectNode) extra.at("/status/content")).put("extra", true);
    docs.assertInvalid(ApiDocuments.ASYNCAPI, pointer, extra, "a status event with an unknown content field");
    ObjectNode noPlayer = message.deepCopy();
    ((ObjectNode) noPlayer.get("status")).remove("player");
    docs.assertInvalid(ApiDocuments.ASYNCAPI, pointer, noPlayer, "a status event without player");
    for (Iterator<String> it = message.path("status").fieldNames(); it.hasNext();) {
      String field = it.next();
      ObjectNode missing = message.deepCopy();
      ((ObjectNode) missing.get("status")).remove(field);
      docs.assertInvalid(ApiDocuments.ASYNCAPI, pointer, missing, "a status event whose status lacks " + field);
    }
  }
}
