package watchparty.simulate;

import java.util.SplittableRandom;

/**
 * Reconnect delays as the service's browser client takes them: doubling from 0.5 s to 15 s, half
 * fixed and half random, so viewers cut off together do not return together.
 */
public final class Backoff {
  static final long FIRST_MILLIS = 500;
  static final long MAX_MILLIS = 15_000;

  private Backoff() {
  }

  /** The delay before reconnect attempt number attempt (0 first). */
  public static long delayMillis(int attempt, SplittableRandom random) {
    long ceiling = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempt, 20));
    return ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2));
  }
}
