package watchparty.simulate;

import java.util.SplittableRandom;

/**
 * What a room's host does, drawn from a generator seeded by the run's seed and the room, so a
 * run can be repeated: while playing it pauses, seeks or changes speed now and then; a pause is
 * short and ends in play. The choices depend only on the host's own state, never on the network.
 */
public final class HostScript {
  /** The shortest gap between two actions: people double-click, but not faster than this. */
  static final long MIN_GAP_MILLIS = 300;
  /** A pause lasts this long on average, at most: people come back from the kitchen. */
  static final long MEAN_PAUSE_MILLIS = 5000;
  static final double[] RATES = {0.75, 1.25, 1.5, 2};

  public enum Kind {
    PLAY, PAUSE, SEEK, RATE
  }

  /** delayMillis after the previous action; value is the seek target (s) or the new rate. */
  public record Action(long delayMillis, Kind kind, double value) {
  }

  private final SplittableRandom random;
  private final long meanGapMillis;

  public HostScript(long seed, int room, long meanGapMillis) {
    this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (room + 1L)));
    this.meanGapMillis = Math.max(MIN_GAP_MILLIS, meanGapMillis);
  }

  /** Where the room's film starts: somewhere in its first half. */
  public double startPosition(double duration) {
    return Math.floor(random.nextDouble() * duration / 2);
  }

  /** The host's next action, given its state now (after the previous action). */
  public Action next(boolean playing, double position, double rate, double duration) {
    long mean = playing ? meanGapMillis : Math.min(MEAN_PAUSE_MILLIS, meanGapMillis);
    long delay = Math.max(MIN_GAP_MILLIS, Math.round(-mean * Math.log(1 - random.nextDouble())));
    double roll = random.nextDouble();
    if (position >= duration - 10) {
      return new Action(delay, Kind.SEEK, startPosition(duration)); // the end: start again
    }
    if (!playing) {
      return roll < 0.8 ? new Action(delay, Kind.PLAY, 0) : new Action(delay, Kind.SEEK, seekTarget(position, duration));
    }
    if (roll < 0.4) {
      return new Action(delay, Kind.PAUSE, 0);
    }
    if (roll < 0.8) {
      return new Action(delay, Kind.SEEK, seekTarget(position, duration));
    }
    return new Action(delay, Kind.RATE, nextRate(rate));
  }

  private double seekTarget(double position, double duration) {
    // back a minute at most (a missed line), forward two (a skipped scene), never a no-op
    double delta = -60 + random.nextDouble() * 180;
    if (Math.abs(delta) < 2) {
      delta = delta < 0 ? -2 : 2;
    }
    double target = Math.max(0, Math.min(duration - 10, position + delta));
    return Math.round(target * 1000) / 1000.0;
  }

  private double nextRate(double current) {
    if (current != 1 && random.nextDouble() < 0.7) {
      return 1;
    }
    double next = RATES[random.nextInt(RATES.length)];
    return next == current ? 1 : next;
  }
}
