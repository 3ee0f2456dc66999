package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulatedPlayerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void advancesAtItsRateWhilePlayingOnly() {
    SimulatedPlayer p = new SimulatedPlayer(100, 10, 0);
    assertEquals(10, p.position(5 * S));
    p.play(0);
    assertEquals(15, p.position(5 * S), 1e-9);
    p.setRate(5 * S, 2);
    assertEquals(25, p.position(10 * S), 1e-9);
    p.pause(10 * S);
    assertEquals(25, p.position(60 * S), 1e-9);
    assertFalse(p.setPlaying(60 * S, false));
    assertTrue(p.setPlaying(60 * S, true));
    assertEquals(27, p.position(61 * S), 1e-9);
  }

  @Test
  void seeksWithinTheMediaAndStopsAtItsEnd() {
    SimulatedPlayer p = new SimulatedPlayer(100, 0, 0);
    p.seek(0, -5);
    assertEquals(0, p.position(0));
    p.seek(0, 98);
    p.play(0);
    assertEquals(100, p.position(10 * S));
    assertTrue(p.ended(10 * S));
    p.seek(10 * S, 500);
    assertEquals(100, p.position(10 * S));
  }
}
