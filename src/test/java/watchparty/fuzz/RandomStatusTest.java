package watchparty.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.status.InvalidStatusException;
import watchparty.status.StatusParser;
import watchparty.support.StatusMutations;
import watchparty.support.TestServices;

/**
 * Every mutation of a valid status is either accepted or refused with a 4xx naming the problem:
 * never a 5xx, never an exception of another kind, and a refused one is never stored.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RandomStatusTest {
  @Test
  void theParserAcceptsOrRefusesEveryMutationAndNothingElse() {
    for (long seed = 0; seed < 5_000; seed++) {
      StatusMutations gen = new StatusMutations(new SplittableRandom(seed));
      byte[] body = gen.mutate(gen.valid("u", "R"));
      try {
        new StatusParser().parse(body, 1L);
      } catch (InvalidStatusException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "seed " + seed);
      } catch (RuntimeException e) {
        fail("seed " + seed + ": " + e + " for " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void theApiAnswersEveryMutationWithA200OrA4xxAndStoresOnlyWhatIt200s(Vertx vertx) throws Exception {
    int port = TestServices.freePort();
    Service service = TestServices.start(vertx, TestServices.config(port), System::currentTimeMillis);
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      for (long seed = 0; seed < 400; seed++) {
        StatusMutations gen = new StatusMutations(new SplittableRandom(seed));
        String user = "fuzz" + seed;
        ObjectNode valid = gen.valid(user, "FUZZ");
        HttpResponse<Buffer> r = http.post("/api/player/status").putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer(gen.mutate(valid))).await(10, TimeUnit.SECONDS);
        int code = r.statusCode();
        assertTrue(code == 200 || (code >= 400 && code < 500), "seed " + seed + ": " + code + " " + r.bodyAsString());
        if (code != 200) {
          JsonObject error = r.bodyAsJsonObject();
          assertEquals(code, error.getInteger("statusCode"), "seed " + seed);
          int stored = http.get("/api/player/status?roomCode=FUZZ&userId=" + user).send().await(10, TimeUnit.SECONDS)
              .bodyAsJsonObject().getJsonArray("statuses").size();
          assertEquals(0, stored, "seed " + seed + ": a refused status was stored");
        }
      }
      assertEquals(200, http.get("/health/live").send().await().statusCode(), "still serving");
    } finally {
      http.close();
      service.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
