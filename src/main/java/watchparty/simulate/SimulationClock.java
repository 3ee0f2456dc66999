package watchparty.simulate;

/**
 * The simulator's one clock: monotonic nanoseconds for every interval, mapped onto wall-clock
 * milliseconds once, at the start, for what goes on the wire (ping times, sampledAt). Host and
 * followers read the same clock, so a delivery is measured without any clock offset.
 */
public record SimulationClock(long originNanos, long originWallMillis) {
  public static SimulationClock now() {
    return new SimulationClock(System.nanoTime(), System.currentTimeMillis());
  }

  /** Wall-clock milliseconds, fractional, at nanos. */
  public double wallMillis(long nanos) {
    return originWallMillis + (nanos - originNanos) / 1e6;
  }

  /** The monotonic instant of wall-clock millis. */
  public long nanos(double wallMillis) {
    return originNanos + Math.round((wallMillis - originWallMillis) * 1e6);
  }
}
