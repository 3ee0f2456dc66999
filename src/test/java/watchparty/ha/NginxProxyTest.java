package watchparty.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.live.LiveApi;
import watchparty.metrics.ServiceMetrics;
import watchparty.support.Await;
import watchparty.support.NginxProxy;
import watchparty.support.RedisServer;
import watchparty.support.TestServices;

/**
 * Two instances sharing one Redis behind Debian's nginx running conf/nginx.conf: requests are
 * spread over both, a WebSocket and an SSE stream work through it with events passing at once
 * (not held in nginx's buffers), and X-Forwarded-For is believed from the proxy only. nginx
 * connects to the instances from 127.0.0.2, the one address they trust; clients come from
 * other loopback addresses, each its own client to the per-address limit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NginxProxyTest {
  private static final String PROXY_ADDRESS = "127.0.0.2";
  /** Requests a second per address; bursts of twice that, on each instance. */
  private static final int PER_ADDRESS = 20;

  private static RedisServer redis;
  private static Vertx vertx;
  private static final List<Vertx> instances = new ArrayList<>();
  private static final List<Service> services = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();
  private static NginxProxy nginx;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.startOrSkip();
    vertx = Vertx.vertx();
    for (int i = 0; i < 2; i++) {
      int port = TestServices.freePort();
      ports.add(port);
      // each with its own metrics, which tell which instance answered
      ServiceMetrics metrics = ServiceMetrics.create();
      Vertx instance = metrics.vertx(new VertxOptions());
      instances.add(instance);
      services.add(Service.start(instance, TestServices.config(port, Map.of("STORE", "redis", "REDIS_URL", redis.url(),
          "TRUSTED_PROXIES", PROXY_ADDRESS, "RATE_LIMIT_PER_ADDRESS", Integer.toString(PER_ADDRESS))),
          System::currentTimeMillis, metrics).await(10, TimeUnit.SECONDS));
    }
    nginx = NginxProxy.start(ports, PROXY_ADDRESS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    for (Service service : services) {
      service.stop().await(10, TimeUnit.SECONDS);
    }
    for (Vertx instance : instances) {
      instance.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** A client whose connections come from the given loopback address. */
  private static WebClient clientFrom(String address) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setLocalAddress(address));
  }

  private static JsonObject status(String user, String room) {
    return new JsonObject().put("userId", user).put("roomCode", room).put("isHost", true)
        .put("player", new JsonObject().put("isPlaying", true).put("time", 3.5));
  }

  @Test
  void aStatusPostedThroughTheProxyReachesWebSocketAndSseListenersThroughItAtOnce() throws Exception {
    WebClient http = clientFrom("127.0.0.1");
    WebSocketClient sockets = vertx.createWebSocketClient();
    HttpClient sse = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"));
    try {
      BlockingQueue<String> socketMessages = new LinkedBlockingQueue<>();
      ClientWebSocket ws = sockets.webSocket();
      ws.textMessageHandler(socketMessages::add);
      ws.connect(nginx.port(), "127.0.0.1", LiveApi.WS_PATH + "?roomCode=PROXIED").await(10, TimeUnit.SECONDS);

      StringBuffer stream = new StringBuffer();
      HttpClientResponse events = sse.request(HttpMethod.GET, nginx.port(), "127.0.0.1", LiveApi.EVENTS_PATH + "?roomCode=PROXIED")
          .compose(req -> req.send()).await(10, TimeUnit.SECONDS);
      assertEquals(200, events.statusCode());
      assertTrue(events.getHeader("content-type").startsWith("text/event-stream"), events.getHeader("content-type"));
      events.handler(chunk -> stream.append(chunk.toString()));
      Await.until(Duration.ofSeconds(5), "the SSE snapshot through nginx", () -> stream.indexOf("event: snapshot") >= 0);
      Await.until(Duration.ofSeconds(5), "the WebSocket snapshot through nginx",
          () -> socketMessages.stream().anyMatch(m -> m.contains("\"snapshot\"")));

      long posted = System.nanoTime();
      assertEquals(200, http.post(nginx.port(), "127.0.0.1", "/api/player/status")
          .sendJsonObject(status("proxied-host", "PROXIED")).await(10, TimeUnit.SECONDS).statusCode());
      // a buffering proxy would hold a few hundred bytes of events until its buffer filled or the stream ended
      Await.until(Duration.ofSeconds(2), "the status event on the SSE stream through nginx",
          () -> stream.indexOf("\"proxied-host\"") >= 0 && stream.indexOf("event: status") >= 0);
      Await.until(Duration.ofSeconds(2), "the status event on the WebSocket through nginx",
          () -> socketMessages.stream().anyMatch(m -> m.contains("\"status\"") && m.contains("\"proxied-host\"")));
      assertTrue(System.nanoTime() - posted < TimeUnit.SECONDS.toNanos(2));
      ws.close();
    } finally {
      sse.close();
      sockets.close();
      http.close();
    }
  }

  @Test
  void requestsThroughTheProxyAreSpreadOverBothInstances() throws Exception {
    WebClient http = clientFrom("127.0.0.6");
    try {
      double[] before = {statusReads(ports.get(0)), statusReads(ports.get(1))};
      for (int i = 0; i < 20; i++) {
        assertEquals(200, http.get(nginx.port(), "127.0.0.1", "/api/player/status?roomCode=SPREAD").send()
            .await(10, TimeUnit.SECONDS).statusCode());
      }
      double first = statusReads(ports.get(0)) - before[0];
      double second = statusReads(ports.get(1)) - before[1];
      assertEquals(20, first + second, 0.0);
      assertTrue(first >= 5 && second >= 5, "both instances answer: " + first + " and " + second);
    } finally {
      http.close();
    }
  }

  /** GETs of the status path an instance has answered 200, from its own /metrics. */
  private static double statusReads(int port) throws Exception {
    WebClient direct = clientFrom("127.0.0.1");
    try {
      String text = direct.get(port, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      Matcher m = Pattern.compile("(?m)^vertx_http_server_requests_total\\{code=\"200\",method=\"GET\",route=\"/api/player/status\"\\} (\\S+)$")
          .matcher(text);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } finally {
      direct.close();
    }
  }

  @Test
  void forwardedForIsBelievedFromTheProxyOnly() throws Exception {
    // through nginx, a client that names other addresses is still itself: its budget runs out
    WebClient spoofer = clientFrom("127.0.0.3");
    WebClient neighbour = clientFrom("127.0.0.4");
    WebClient direct = clientFrom("127.0.0.5");
    try {
      assertTrue(limitedWithin(spoofer, nginx.port()), "a client behind nginx is limited by its own address, "
          + "whatever X-Forwarded-For it sends");
      assertEquals(200, neighbour.get(nginx.port(), "127.0.0.1", "/api/player/status?roomCode=XFF").send()
          .await(10, TimeUnit.SECONDS).statusCode(), "another client behind nginx has its own budget");
      // straight to an instance, X-Forwarded-For from an untrusted peer is ignored
      assertTrue(limitedWithin(direct, ports.get(0)), "a client straight to an instance is limited by its own address");
    } finally {
      spoofer.close();
      neighbour.close();
      direct.close();
    }
  }

  /** Whether requests naming a new X-Forwarded-For each time meet a 429 within five bursts' worth. */
  private static boolean limitedWithin(WebClient client, int port) throws Exception {
    for (int i = 0; i < PER_ADDRESS * 2 * 2 * 5; i++) {
      int status = client.get(port, "127.0.0.1", "/api/player/status?roomCode=XFF")
          .putHeader("X-Forwarded-For", "10.1." + (i / 250) + "." + (i % 250 + 1)).send()
          .await(10, TimeUnit.SECONDS).statusCode();
      if (status == 429) {
        return true;
      }
      assertEquals(200, status);
    }
    return false;
  }
}
