package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FollowingTest {
  private static final long S = 1_000_000_000L;

  private static Following.Advice advice(Following.Action action, double rate, double seekTo) {
    // written at server time 10 000 ms, the host playing at 1x
    return new Following.Advice(10_000, true, 1, action, rate, seekTo);
  }

  @Test
  void aSeekLandsWhereTheHostIsNowNotWhereItWas() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 0, 0);
    // the advice arrives 40 ms after it was written
    assertTrue(Following.apply(p, advice(Following.Action.SEEK, 1, 100), 0, 10_040));
    assertEquals(100.04, p.position(0), 1e-9);
    assertTrue(p.playing());
    assertEquals(1, p.rate());
  }

  @Test
  void aSeekToAPausedHostIsNotExtrapolated() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 50, 0);
    p.play(0);
    assertTrue(Following.apply(p, new Following.Advice(10_000, false, 1, Following.Action.SEEK, 1, 100), 0, 10_500));
    assertEquals(100, p.position(5 * S), 1e-9);
    assertFalse(p.playing());
  }

  @Test
  void aRateAdviceChangesSpeedUntilANoneSetsTheHostsBack() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 100, 0);
    p.play(0);
    assertTrue(Following.apply(p, advice(Following.Action.RATE, 1.05, 0), 0, 10_000));
    assertEquals(1.05, p.rate());
    assertFalse(Following.apply(p, advice(Following.Action.RATE, 1.05, 0), S, 11_000), "the same advice again");
    assertTrue(Following.apply(p, advice(Following.Action.NONE, 0, 0), 2 * S, 12_000));
    assertEquals(1, p.rate());
    assertEquals(102.1, p.position(2 * S), 1e-9);
  }

  @Test
  void noneStillFollowsPlayAndPause() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 100, 0);
    assertTrue(Following.apply(p, advice(Following.Action.NONE, 0, 0), 0, 10_000));
    assertTrue(p.playing());
    assertFalse(Following.apply(p, advice(Following.Action.NONE, 0, 0), S, 11_000));
  }

  @Test
  void aPollingFollowerSeeksOnlyPastASecond() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 100, 0);
    p.play(0);
    // the host reported 100.5 s at server time 9 800 ms; it is 10 000 now: the host is at 100.7
    Following.HostView host = new Following.HostView(true, 100.5, 1, 9_800);
    assertEquals(100.7, host.positionAt(10_000), 1e-9);
    assertFalse(Following.follow(p, host, 0, 10_000), "0.7 s off: left alone");
    Following.HostView ahead = new Following.HostView(true, 110, 1, 9_800);
    assertTrue(Following.follow(p, ahead, 0, 10_000));
    assertEquals(110.2, p.position(0), 1e-9);
  }

  @Test
  void aPollingFollowerTakesTheHostsSpeedAndPause() {
    SimulatedPlayer p = new SimulatedPlayer(7200, 100, 0);
    p.play(0);
    assertTrue(Following.follow(p, new Following.HostView(false, 100, 1.5, 10_000), 0, 10_000));
    assertFalse(p.playing());
    assertEquals(1.5, p.rate());
  }
}
