package watchparty.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
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
      http.get("/metrics").send().await();
      Thread.sleep(100); // the held counts are published each expiry tick (20 ms here)
      String text = http.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      assertTrue(text.contains("route=\"/api/player/status\""), text);
      assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket"), "latency histograms");
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
}
