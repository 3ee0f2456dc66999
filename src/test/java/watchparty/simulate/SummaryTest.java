package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private final Summary summary = SummaryFixtures.typical();
  private final SimulationOptions options = new SimulationOptions("http://127.0.0.1:8080", Plan.Mode.MIXED, 1, 20,
      20, 1000, 10_000, 42, null, Threshold.parseAll("delivery.p99<25ms,errors<1%"), 5000, 1,
      List.of(50.0, 99.0, 99.9), 20_000, 10_000);

  private List<Threshold.Result> results() {
    return options.thresholds().stream().map(t -> t.check(summary)).toList();
  }

  @Test
  void derivesRatesPercentilesAndErrorRates() {
    assertEquals(100, summary.count(Metric.DELIVERY));
    assertEquals(100, summary.rate(Metric.ACK), 1e-9);
    assertEquals(50, summary.percentileMs(Metric.DELIVERY, 50).getAsDouble(), 0.05);
    assertEquals(99, summary.percentileMs(Metric.DELIVERY, 99).getAsDouble(), 0.1);
    assertEquals(1, summary.minMs(Metric.DELIVERY).getAsDouble(), 0.01);
    assertTrue(summary.percentileMs(Metric.SYNC, 50).isEmpty());
    assertEquals(1200, summary.operations());
    assertEquals(4, summary.errors());
    assertEquals(4.0 / 1204, summary.errorRate(), 1e-12);
    assertEquals(List.of("close 1008 (slow consumer: outgoing queue full)", "http 503"),
        List.copyOf(summary.errorsByKind().keySet()), "most frequent first");
  }

  @Test
  void theTableShowsEveryMeasuredRowTheErrorsSocketsAndVerdicts() {
    String table = Tables.summary(options, summary, results());
    assertTrue(table.contains("mixed, 1 room of 20 (20 viewers), ramp 1s, duration 10s, seed 42, 1 loop"), table);
    assertTrue(table.contains("coordinated omission"), table);
    assertTrue(table.contains("p50") && table.contains("p99.9") && table.contains("max"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("delivery") && l.contains(" 100 ")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("ack") && l.contains(" 1000 ")), table);
    assertFalse(table.lines().anyMatch(l -> l.startsWith("sync")), "no samples, no row:\n" + table);
    assertTrue(table.contains("errors      4 (0.332 % of operations): close 1008 (slow consumer: outgoing queue full)"
        + " x3, http 503 x1"), table);
    assertTrue(table.contains("sockets     20 open at the end: 18 WebSocket (18 live viewers), 2 HTTP;"
        + " 20 of 20 viewers started"), table);
    assertFalse(table.contains("note"), "no lag, no note:\n" + table);
    assertTrue(table.contains("reconnects  3"), table);
    assertTrue(table.contains("live feed   5000 messages received (2.50 MB, 500/s), 1200 sent"), table);
    assertTrue(table.contains("delivery.p99<25ms  BROKEN"), table);
    assertTrue(table.contains("errors<1%  ok (0.332 %)"), table);
  }

  @Test
  void aLateSimulatorIsPointedOut() {
    Summary late = new Summary(SummaryFixtures.histograms(Metric.LAG, new double[] {1, 2, 300}), Map.of(), Map.of(),
        10, new Summary.Sockets(0, 0, 0, 0, 0), 0, Summary.Traffic.NONE);
    String table = Tables.summary(options, late, List.of());
    assertTrue(table.contains("note        the simulator ran its operations late (lag p99 300 ms)"), table);
  }

  @Test
  void theJsonHasTheSameFiguresAndTheOptions() throws Exception {
    ObjectNode json = SummaryJson.of(options, summary, results());
    JsonNode parsed = new ObjectMapper().readTree(SummaryJson.write(json));
    assertEquals("mixed", parsed.path("options").path("mode").asText());
    assertEquals(42, parsed.path("options").path("seed").asLong());
    assertEquals("delivery.p99<25ms", parsed.path("options").path("thresholds").get(0).asText());
    JsonNode delivery = parsed.path("metrics").path("delivery");
    assertEquals(100, delivery.path("count").asLong());
    assertEquals(99, delivery.path("percentiles").path("p99").asDouble(), 0.1);
    assertTrue(delivery.path("percentiles").has("p99.9"));
    assertFalse(delivery.has("errors"), "a measure has no errors of its own");
    assertEquals(1, parsed.path("metrics").path("status").path("errors").asLong());
    assertTrue(parsed.path("metrics").path("sync").path("percentiles").path("p50").isNull());
    assertEquals(4, parsed.path("errors").path("total").asLong());
    assertEquals(3, parsed.path("errors").path("byKind").path("close 1008 (slow consumer: outgoing queue full)")
        .asLong());
    assertEquals(18, parsed.path("sockets").path("webSockets").asInt());
    assertEquals(3, parsed.path("reconnects").asLong());
    assertEquals(2_500_000, parsed.path("liveFeed").path("bytesReceived").asLong());
    assertFalse(parsed.path("thresholds").get(0).path("passed").asBoolean());
    assertEquals("ms", parsed.path("thresholds").get(0).path("unit").asText());
    assertTrue(parsed.path("thresholds").get(1).path("passed").asBoolean());
    assertFalse(parsed.path("passed").asBoolean());
  }

  @Test
  void theProgressLineShowsTheIntervalsRatesAndTails() {
    Map<Metric, Histogram> interval = SummaryFixtures.histograms(Metric.ACK, new double[] {1, 2, 3, 4, 40},
        Metric.DELIVERY, SummaryFixtures.oneToHundred(), Metric.SYNC, SummaryFixtures.oneToHundred());
    String line = Tables.progress(15, 5, interval, 900, 1000, 899, 60_000, 2, 1);
    assertEquals("    15s  viewers 900/1000  sockets 899  feed 12000 msg/s  ack 1/s p99 40.0ms  delivery p99 99.0ms"
        + "  sync p95 95.0ms  errors 2  reconnects 1", line);
  }

  @Test
  void figuresKeepThreeSignificantDigits() {
    assertEquals("0.412", Tables.number(0.41234));
    assertEquals("4.21", Tables.number(4.2149));
    assertEquals("42.1", Tables.number(42.14));
    assertEquals("1235", Tables.number(1234.6));
    assertEquals("12", Tables.number(12));
  }
}
