package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {
  @Test
  void tagsEachStatusInTheMicrosecondsOfItsTime() {
    DeliveryLedger ledger = new DeliveryLedger();
    long first = ledger.record(12.5, 1000);
    long second = ledger.record(12.5, 2000); // a paused host: the same position twice
    assertEquals(12_500_001, first);
    assertEquals(12_500_002, second);
    assertEquals(1, ledger.sequenceOf(first));
    assertEquals(2, ledger.sequenceOf(second));
    assertEquals(1000, ledger.sentNanos(1));
    assertEquals(2000, ledger.sentNanos(2));
    assertEquals(0, ledger.sequenceOf(99_000_000));
  }

  @Test
  void keepsTheLastStatusesOnly() {
    DeliveryLedger ledger = new DeliveryLedger();
    long oldest = ledger.record(1, 1);
    for (int i = 0; i < DeliveryLedger.SIZE; i++) {
      ledger.record(100 + i, 10 + i);
    }
    assertEquals(0, ledger.sequenceOf(oldest));
    long last = ledger.record(500, 7);
    assertEquals(DeliveryLedger.SIZE + 2, ledger.sequenceOf(last));
  }

  @Test
  void theTaggedTimeSurvivesAServersRoundTrip() throws Exception {
    DeliveryLedger ledger = new DeliveryLedger();
    for (int i = 0; i < 5000; i++) {
      ledger.record(i * 1.337, i);
    }
    long time = ledger.record(4321.0987, 1);
    String body = StatusBody.write(false, "u", "r", true, StatusBody.content(1), true, true, time, 7200, 1.25,
        Double.NaN);
    JsonNode echoed = new ObjectMapper().readTree(body).path("player").path("time");
    assertEquals("4321.099001", DeliveryLedger.seconds(time));
    assertEquals(time, DeliveryLedger.micros(echoed.doubleValue()));
  }
}
