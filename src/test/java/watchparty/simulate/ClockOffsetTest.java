package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockOffsetTest {
  @Test
  void theFastestOfTheLastSamplesWins() {
    ClockOffset c = new ClockOffset();
    assertFalse(c.known());
    assertEquals(0, c.offset());
    // the server is 100 ms ahead; a 2 ms round trip, evenly split
    c.pong(1000, 1101, 1101, 1002);
    assertEquals(100, c.offset(), 1e-9);
    // a queued sample: 40 ms out, 2 ms back, which skews it by 19 ms
    c.pong(2000, 2140, 2140, 2042);
    assertEquals(100, c.offset(), 1e-9);
    assertTrue(c.known());
  }

  @Test
  void oldSamplesAgeOut() {
    ClockOffset c = new ClockOffset();
    c.pong(0, 101, 101, 2);
    for (int i = 1; i <= ClockOffset.SAMPLES; i++) {
      double t0 = i * 1000;
      c.pong(t0, t0 + 55, t0 + 55, t0 + 10); // 45 ms ahead, a 10 ms round trip
    }
    assertEquals(50, c.offset(), 1e-9);
  }

  @Test
  void anHttpAnswerIsASampleToo() {
    ClockOffset c = new ClockOffset();
    c.answer(1000, 1500, 1010);
    assertEquals(495, c.offset(), 1e-9);
  }
}
