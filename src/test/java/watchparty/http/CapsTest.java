package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
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

/** Past a cap new rooms, users and sockets get a 503 naming it; what exists keeps working. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CapsTest {
  @Test
  void newRoomsUsersAndSocketsPastACapAreRefusedByName(Vertx vertx) throws Exception {
    int port = TestServices.freePort();
    Service service = TestServices.start(vertx, TestServices.config(port, Map.of("INSTANCES", "1", "MAX_ROOMS", "2",
        "MAX_USERS", "3", "MAX_USERS_PER_ROOM", "2", "MAX_SOCKETS", "1")), System::currentTimeMillis);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    HttpClient raw = vertx.createHttpClient();
    try {
      assertEquals(200, post(http, "u1", "R1").statusCode());
      assertEquals(200, post(http, "u2", "R1").statusCode());
      assertRefused(post(http, "u3", "R1"), "MAX_USERS_PER_ROOM");
      assertEquals(200, post(http, "u3", "R2").statusCode());
      assertRefused(post(http, "u4", "R2"), "MAX_USERS");
      assertRefused(post(http, "u1", "R3"), "MAX_ROOMS");
      assertEquals(200, post(http, "u1", "R1").statusCode(), "an existing user in an existing room keeps working");

      HttpClientResponse first = raw.request(HttpMethod.GET, port, "127.0.0.1", "/api/player/events?roomCode=R1")
          .compose(r -> r.send()).await(10, TimeUnit.SECONDS);
      assertEquals(200, first.statusCode());
      HttpResponse<Buffer> second = http.get("/api/player/events?roomCode=R1").send().await(10, TimeUnit.SECONDS);
      assertRefused(second, "MAX_SOCKETS");
    } finally {
      raw.close();
      http.close();
      service.stop().await(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<Buffer> post(WebClient http, String user, String room) throws Exception {
    return http.post("/api/player/status").sendJsonObject(new JsonObject().put("userId", user).put("roomCode", room))
        .await(10, TimeUnit.SECONDS);
  }

  private static void assertRefused(HttpResponse<Buffer> r, String cap) {
    assertEquals(503, r.statusCode(), r.bodyAsString());
    assertTrue(r.bodyAsJsonObject().getString("message").contains(cap), r.bodyAsString());
  }
}
