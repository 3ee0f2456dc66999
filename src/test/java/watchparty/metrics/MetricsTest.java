package watchparty.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.live.LiveApi;
import watchparty.support.TestServices;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsTest {
  @Test
  void prometheusShowsRequestsByRouteRefusalsAndWhatIsHeldButNotItself() throws Exception {
    ServiceMetrics metrics = ServiceMetrics.create();
    Vertx vertx = metrics.vertx(new VertxOptions());
    int port = TestServices.freePort();
    Service service = Service.start(vertx, TestServices.config(port), System::currentTimeMillis, metrics)
        .await(10, TimeUnit.SECONDS);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      http.post("/api/player/status").sendJsonObject(new JsonObject().put("userId", "u").put("roomCode", "R")).await();
      http.post("/api/player/status").sendJsonObject(new JsonObject().put("userId", 7).put("roomCode", "R")).await();
      http.get("/api/player/status?roomCode=R").send().await();
      http.get("/api/player/status/?roomCode=R").send().await();
      http.get("/no/such/path/" + System.nanoTime()).send().await();
      http.get("/client/watchparty.js").send().await();
      http.request(io.vertx.core.http.HttpMethod.valueOf("BREW"), "/api/player/status").send().await();
      http.get("/metrics").send().await();
      Thread.sleep(100); // the held counts are published each expiry tick (20 ms here)
      String text = http.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      // the fast path and the router's trailing-slash spelling count under one route
      assertEquals(3.0, sample(text, "vertx_http_server_requests_total\\{code=\"200\",method=\"GET\",route=\"/api/player/status\"\\}") 
          + sample(text, "vertx_http_server_requests_total\\{code=\"200\",method=\"POST\",route=\"/api/player/status\"\\}"), text);
      assertEquals(1.0, sample(text, "vertx_http_server_requests_total\\{code=\"400\",method=\"POST\",route=\"/api/player/status\"\\}"), text);
      // unknown paths and methods share one label value each: a scan cannot grow the scrape
      assertEquals(1.0, sample(text, "vertx_http_server_requests_total\\{code=\"404\",method=\"GET\",route=\"unmatched\"\\}"), text);
      assertEquals(1.0, sample(text, "vertx_http_server_requests_total\\{code=\"405\",method=\"other\",route=\"/api/player/status\"\\}"), text);
      assertEquals(1.0, sample(text, "vertx_http_server_requests_total\\{code=\"200\",method=\"GET\",route=\"/client/\\*\"\\}"), text);
      assertEquals(1.0, sample(text, "vertx_http_server_response_time_seconds_bucket\\{code=\"400\",method=\"POST\",route=\"/api/player/status\",le=\"5.0\"\\}"), text);
      assertEquals(0.0, sample(text, "vertx_http_server_active_requests"), text);
      assertTrue(text.contains("watchparty_requests_refused_total{reason=\"invalid\"} 1.0"), text);
      assertTrue(text.contains("watchparty_users 1.0"), text);
      assertTrue(text.contains("watchparty_live_connections 0.0"), text);
      assertTrue(text.contains("watchparty_live_messages_sent_total"), text);
      assertFalse(text.contains("route=\"/metrics\""), "the scrape itself is not counted");
      assertEquals(200, http.get("/metrics").send().await().statusCode());
    } finally {
      http.close();
      service.stop().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static double sample(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
    assertTrue(m.find(), name + " in " + text);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aStatusReachingTwoListenersIsTimedInTheFanOutHistogram() throws Exception {
    ServiceMetrics metrics = ServiceMetrics.create();
    // two loops, so that the two listeners may sit on different loops than the room's owner
    Vertx vertx = metrics.vertx(new VertxOptions().setEventLoopPoolSize(2));
    int port = TestServices.freePort();
    Service service = Service.start(vertx, TestServices.config(port), System::currentTimeMillis, metrics)
        .await(10, TimeUnit.SECONDS);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    WebSocketClient sockets = vertx.createWebSocketClient();
    try {
      String before = http.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      assertTrue(before.contains("watchparty_live_fanout_seconds_bucket{le=\"1.0E-4\"}"), before);
      double countBefore = sample(before, "watchparty_live_fanout_seconds_count");
      double sumBefore = sample(before, "watchparty_live_fanout_seconds_sum");

      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      for (int i = 0; i < 2; i++) {
        ClientWebSocket socket = sockets.webSocket();
        socket.textMessageHandler(text -> {
          if (text.contains("\"type\":\"status\"")) {
            received.add(text);
          }
        });
        socket.connect(port, "127.0.0.1", LiveApi.WS_PATH + "?roomCode=F&userId=v" + i).await(10, TimeUnit.SECONDS);
      }
      Thread.sleep(200); // both subscriptions answered
      http.post("/api/player/status").sendJsonObject(new JsonObject().put("userId", "host").put("roomCode", "F"))
          .await(10, TimeUnit.SECONDS);
      for (int i = 0; i < 2; i++) {
        assertTrue(received.poll(10, TimeUnit.SECONDS) != null, "both listeners got the status");
      }

      String after = http.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      double count = sample(after, "watchparty_live_fanout_seconds_count") - countBefore;
      double sum = sample(after, "watchparty_live_fanout_seconds_sum") - sumBefore;
      assertTrue(count >= 1, "fan-outs timed: " + count);
      assertTrue(sum > 0 && sum < 1, "seconds: " + sum);
    } finally {
      sockets.close();
      http.close();
      service.stop().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
