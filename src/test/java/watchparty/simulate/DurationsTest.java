package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEveryUnitAndBareSeconds() {
    assertEquals(500, Durations.parseMillis("500ms"));
    assertEquals(30_000, Durations.parseMillis("30s"));
    assertEquals(1_500, Durations.parseMillis("1.5s"));
    assertEquals(120_000, Durations.parseMillis("2m"));
    assertEquals(3_600_000, Durations.parseMillis("1h"));
    assertEquals(20_000, Durations.parseMillis("20"));
    assertEquals(0, Durations.parseMillis("0s"));
    assertEquals(30_000, Durations.parseMillis(" 30S "));
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("30x"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("-1s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(""));
  }

  @Test
  void formatsTheShortestExactForm() {
    assertEquals("30s", Durations.format(30_000));
    assertEquals("2m", Durations.format(120_000));
    assertEquals("1h", Durations.format(3_600_000));
    assertEquals("1.5s", Durations.format(1_500));
    assertEquals("250ms", Durations.format(250));
    assertEquals("0s", Durations.format(0));
  }
}
