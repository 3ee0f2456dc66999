package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.support.TestServices;

/** Budgets per client address and per user: 429 with Retry-After past them, X-Forwarded-For from trusted proxies only. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateLimitTest {
  @Test
  void aClientOverItsBudgetGets429WithRetryAfterAndOthersDoNot(Vertx vertx) throws Exception {
    int port = TestServices.freePort();
    Service service = TestServices.start(vertx, TestServices.config(port, Map.of("INSTANCES", "1",
        "RATE_LIMIT_PER_ADDRESS", "5", "RATE_LIMIT_PER_USER", "2", "TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.0/8,::1/128")), System::currentTimeMillis);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      // a burst of twice the rate passes, then the client waits
      HttpResponse<Buffer> limited = null;
      for (int i = 0; i < 20 && limited == null; i++) {
        HttpResponse<Buffer> r = get(http, "198.51.100.1");
        if (r.statusCode() == 429) {
          limited = r;
        }
      }
      assertNotNull(limited, "the 11th request in a burst should be refused");
      assertTrue(Integer.parseInt(limited.getHeader("retry-after")) >= 1);
      assertTrue(limited.bodyAsJsonObject().getString("message").contains("client address"));
      assertEquals(200, get(http, "198.51.100.2").statusCode(), "another client behind the trusted proxy has its own budget");
      assertEquals(200, http.get("/health/ready").send().await().statusCode(), "probes are never limited");

      int refusedForUser = 0;
      for (int i = 0; i < 6; i++) {
        HttpResponse<Buffer> r = http.post("/api/player/status").putHeader("x-forwarded-for", "198.51.100." + (10 + i))
            .sendJsonObject(new JsonObject().put("userId", "chatty").put("roomCode", "R")).await(10, TimeUnit.SECONDS);
        if (r.statusCode() == 429) {
          refusedForUser++;
          assertTrue(r.bodyAsJsonObject().getString("message").contains("this user"));
        }
      }
      assertTrue(refusedForUser >= 1, "a user posting in a burst from many addresses is limited too");
    } finally {
      http.close();
      service.stop().await(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<Buffer> get(WebClient http, String client) throws Exception {
    return http.get("/api/player/status?roomCode=R").putHeader("x-forwarded-for", client).send().await(10, TimeUnit.SECONDS);
  }
}
