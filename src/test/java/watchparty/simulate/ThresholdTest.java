package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTest {
  private final Summary summary = SummaryFixtures.typical();

  @Test
  void readsTheFormsOperatorsWrite() {
    Threshold t = Threshold.parse("delivery.p99<25ms");
    assertEquals("delivery", t.subject());
    assertEquals("p99", t.stat());
    assertEquals(Threshold.Comparison.LT, t.comparison());
    assertEquals(25, t.limit());
    assertEquals(Threshold.Kind.LATENCY, t.kind());
    assertEquals(1500, Threshold.parse("ack.p99.9 <= 1.5s").limit());
    assertEquals(0.5, Threshold.parse("ping.max<500us").limit());
    assertEquals(Threshold.Kind.PERCENT, Threshold.parse("errors<0.1%").kind());
    assertEquals(Threshold.Kind.NUMBER, Threshold.parse("errors<10").kind());
    assertEquals(Threshold.Kind.NUMBER, Threshold.parse("status.rate>=100").kind());
    assertEquals(Threshold.Comparison.GE, Threshold.parse("sockets>=10000").comparison());
    assertEquals(2, Threshold.parseAll("delivery.p99<25ms, errors<0.1%").size());
    assertEquals(1, Threshold.parseAll("reconnects<=0,").size());
  }

  @Test
  void refusesWhatItCannotCheck() {
    for (String bad : List.of("latency.p99<5ms", "delivery<25ms", "delivery.p99<25%", "errors.p99<1",
        "delivery.p0<1ms", "delivery.p101<1ms", "sync.errors<1", "status.count<5ms", "delivery.p99=25ms",
        "reconnects.max<1", "delivery.p99 < fast")) {
      assertThrows(IllegalArgumentException.class, () -> Threshold.parse(bad), bad);
    }
  }

  @Test
  void checksLatenciesInMilliseconds() {
    assertTrue(Threshold.parse("delivery.p99<100ms").check(summary).passed());
    assertFalse(Threshold.parse("delivery.p99<25ms").check(summary).passed());
    Threshold.Result r = Threshold.parse("delivery.p50<=0.06s").check(summary);
    assertEquals(50, r.actual().getAsDouble(), 0.1);
    assertTrue(r.passed());
    assertEquals(100, Threshold.parse("delivery.max<1s").actual(summary).getAsDouble(), 0.1);
    assertEquals(2, Threshold.parse("ack.mean<1s").actual(summary).getAsDouble(), 0.01);
  }

  @Test
  void checksErrorsAsARateWithPercentAndAsACountWithout() {
    // 4 errors against 1200 answered operations (1000 acks, 200 statuses: deliveries are no operation)
    double rate = 4.0 / (1200 + 4) * 100;
    assertEquals(rate, Threshold.parse("errors<1%").actual(summary).getAsDouble(), 1e-9);
    assertTrue(Threshold.parse("errors<1%").check(summary).passed());
    assertFalse(Threshold.parse("errors<0.1%").check(summary).passed());
    assertFalse(Threshold.parse("errors<4").check(summary).passed());
    assertTrue(Threshold.parse("errors<=4").check(summary).passed());
    assertEquals(1.0 / 201 * 100, Threshold.parse("status.errors<1%").actual(summary).getAsDouble(), 1e-9);
  }

  @Test
  void checksCountsRatesSocketsAndReconnects() {
    assertTrue(Threshold.parse("ack.count>=1000").check(summary).passed());
    assertEquals(100, Threshold.parse("ack.rate>50").actual(summary).getAsDouble(), 1e-9);
    assertTrue(Threshold.parse("sockets>=20").check(summary).passed());
    assertFalse(Threshold.parse("reconnects<3").check(summary).passed());
  }

  @Test
  void aMetricWithoutSamplesBreaksItsThreshold() {
    Threshold.Result r = Threshold.parse("sync.p95<500ms").check(summary);
    assertTrue(r.actual().isEmpty());
    assertFalse(r.passed());
    assertTrue(r.describe().contains("no data"), r.describe());
  }

  @Test
  void describesItsVerdict() {
    assertEquals("delivery.p99<25ms  BROKEN (99.0 ms)", Threshold.parse("delivery.p99<25ms").check(summary).describe());
    Summary clean = new Summary(Map.of(), Map.of(), Map.of(), 1, new Summary.Sockets(0, 0, 0, 0, 0), 0,
        Summary.Traffic.NONE);
    assertEquals("errors<0.1%  ok (0 %)", Threshold.parse("errors<0.1%").check(clean).describe());
  }
}
