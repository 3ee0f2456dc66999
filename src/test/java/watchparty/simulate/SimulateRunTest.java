package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import watchparty.Service;
import watchparty.support.TestServices;

/** Short simulations against the real service: they connect, measure, write their summary and judge thresholds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimulateRunTest {
  private static Vertx vertx;
  private static Service service;
  private static String url;

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    int port = TestServices.freePort();
    // one client address for every simulated viewer: its budget off, as for any load test
    service = TestServices.start(vertx, TestServices.config(port, Map.of("RATE_LIMIT_PER_ADDRESS", "0")),
        System::currentTimeMillis);
    url = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    service.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private int simulate(String... args) {
    return SimulateCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aMixedRunMeasuresEverythingAndFailsTheThresholdItShould() throws Exception {
    Path json = dir.resolve("summary.json");
    int exit = simulate("--url", url, "--mode", "mixed", "--rooms", "3", "--room-size", "4", "--ramp", "1s",
        "--duration", "5s", "--action-interval", "2s", "--progress", "2s", "--json", json.toString(),
        "--threshold", "delivery.p99<0.001ms,errors<5%", "--threshold", "sockets>=6");
    String table = out.toString(StandardCharsets.UTF_8);
    String log = err.toString(StandardCharsets.UTF_8);
    assertEquals(99, exit, table + log);

    assertTrue(log.lines().anyMatch(l -> l.contains("viewers 12/12")), "a progress line:\n" + log);
    assertTrue(table.contains("delivery.p99<0.001ms  BROKEN"), table);
    assertTrue(table.contains("errors<5%  ok"), table);

    JsonNode s = new ObjectMapper().readTree(Files.readString(json));
    JsonNode metrics = s.path("metrics");
    for (String measured : new String[] {"status", "room", "ack", "ping", "connect", "delivery", "sync", "lag"}) {
      assertTrue(metrics.path(measured).path("count").asLong() > 0, measured + " measured:\n" + table);
    }
    assertTrue(metrics.path("delivery").path("percentiles").path("p99").asDouble() > 0);
    // 6 live viewers hold a socket each; 6 polling viewers keep HTTP connections
    assertEquals(6, s.path("sockets").path("webSockets").asInt(), table);
    assertTrue(s.path("sockets").path("httpConnections").asInt() > 0, table);
    assertEquals(12, s.path("sockets").path("viewersStarted").asInt());
    assertEquals(0, s.path("errors").path("total").asLong(), table);
    assertEquals(0, s.path("reconnects").asLong());
    assertEquals("mixed", s.path("options").path("mode").asText());
    assertFalse(s.path("thresholds").get(0).path("passed").asBoolean());
    assertTrue(s.path("thresholds").get(1).path("passed").asBoolean());
    assertTrue(s.path("thresholds").get(2).path("passed").asBoolean());
    assertFalse(s.path("passed").asBoolean());
  }

  @Test
  void aPollingRunThatHoldsItsThresholdsExitsZero() {
    int exit = simulate("--url", url, "--mode", "poll", "--rooms", "1", "--room-size", "3", "--ramp", "0s",
        "--duration", "3s", "--progress", "0", "--threshold", "room.count>=6,status.count>=3,errors<1%,reconnects<=0");
    String table = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, table + err.toString(StandardCharsets.UTF_8));
    assertTrue(table.lines().anyMatch(l -> l.startsWith("room ")), table);
    assertFalse(table.lines().anyMatch(l -> l.startsWith("ack ")), "no sockets in poll mode:\n" + table);
  }

  @Test
  void nothingReachableExitsOne() {
    int exit = simulate("--url", "http://127.0.0.1:" + TestServices.freePort(), "--rooms", "1", "--room-size", "2",
        "--duration", "1s", "--timeout", "2s");
    assertEquals(1, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot run against"), err.toString());
  }
}
