package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostScriptTest {
  /** Plays a script for n actions from a fixed start, as a room does, and lists what happened. */
  private static List<HostScript.Action> play(long seed, int room, int n) {
    HostScript script = new HostScript(seed, room, 20_000);
    SimulatedPlayer player = new SimulatedPlayer(7200, script.startPosition(7200), 0);
    player.play(0);
    long now = 0;
    List<HostScript.Action> actions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HostScript.Action a = script.next(player.playing(), player.position(now), player.rate(), player.duration());
      now += a.delayMillis() * 1_000_000;
      switch (a.kind()) {
        case PLAY -> player.play(now);
        case PAUSE -> player.pause(now);
        case SEEK -> player.seek(now, a.value());
        case RATE -> player.setRate(now, a.value());
      }
      actions.add(a);
    }
    return actions;
  }

  @Test
  void theSameSeedRepeatsTheRun() {
    assertEquals(play(42, 3, 200), play(42, 3, 200));
  }

  @Test
  void seedsAndRoomsDiffer() {
    assertNotEquals(play(42, 3, 50), play(43, 3, 50));
    assertNotEquals(play(42, 3, 50), play(42, 4, 50));
  }

  @Test
  void actsAsPeopleDo() {
    HostScript script = new HostScript(7, 0, 20_000);
    Map<HostScript.Kind, Integer> kinds = new EnumMap<>(HostScript.Kind.class);
    long playingGaps = 0;
    long pausedGaps = 0;
    int playingActions = 0;
    for (int i = 0; i < 10_000; i++) {
      boolean playing = i % 2 == 0;
      HostScript.Action a = script.next(playing, 1000, 1, 7200);
      assertTrue(a.delayMillis() >= HostScript.MIN_GAP_MILLIS);
      kinds.merge(a.kind(), 1, Integer::sum);
      if (playing) {
        assertTrue(a.kind() != HostScript.Kind.PLAY, "a playing host does not press play");
        playingGaps += a.delayMillis();
        playingActions++;
      } else {
        assertTrue(a.kind() == HostScript.Kind.PLAY || a.kind() == HostScript.Kind.SEEK, "a paused host resumes");
        pausedGaps += a.delayMillis();
      }
      if (a.kind() == HostScript.Kind.SEEK) {
        assertTrue(a.value() >= 1000 - 60 && a.value() <= 1000 + 120, "seeks stay within a scene or two");
        assertTrue(Math.abs(a.value() - 1000) >= 2, "a seek moves");
      }
      if (a.kind() == HostScript.Kind.RATE) {
        assertTrue(a.value() == 1 || List.of(0.75, 1.25, 1.5, 2.0).contains(a.value()));
        assertNotEquals(1.0, a.value(), "from 1 a rate change goes elsewhere");
      }
    }
    assertEquals(4, kinds.size());
    double meanGap = (double) playingGaps / playingActions;
    assertTrue(meanGap > 18_000 && meanGap < 22_000, "mean gap " + meanGap);
    double meanPause = pausedGaps / 5000.0;
    assertTrue(meanPause > 4_500 && meanPause < 5_500, "mean pause " + meanPause);
  }

  @Test
  void restartsAtTheEndOfTheFilm() {
    HostScript.Action a = new HostScript(1, 0, 20_000).next(true, 7195, 1, 7200);
    assertEquals(HostScript.Kind.SEEK, a.kind());
    assertTrue(a.value() < 3600);
  }
}
