package watchparty.simulate;

/**
 * The server's clock as a client estimates it, NTP-style: of the last few samples, the one with
 * the least round trip wins, since queueing only ever lengthens a trip and skews its sample.
 */
public final class ClockOffset {
  static final int SAMPLES = 8;
  private final double[] offsets = new double[SAMPLES];
  private final double[] roundTrips = new double[SAMPLES];
  private int count;
  private int next;
  private double best;

  /** A ping: t0 sent (client), t1 received and t2 answered (server), t3 answer received (client); ms. */
  public void pong(double t0, double t1, double t2, double t3) {
    add(((t1 - t0) + (t2 - t3)) / 2, (t3 - t0) - (t2 - t1));
  }

  /** An HTTP answer's server time, the request sent at t0 and answered at t3 (client ms). */
  public void answer(double t0, double serverTime, double t3) {
    add(serverTime - (t0 + t3) / 2, t3 - t0);
  }

  private void add(double offset, double roundTrip) {
    offsets[next] = offset;
    roundTrips[next] = Math.max(0, roundTrip);
    next = (next + 1) % SAMPLES;
    count = Math.min(SAMPLES, count + 1);
    int fastest = 0;
    for (int i = 1; i < count; i++) {
      if (roundTrips[i] < roundTrips[fastest]) {
        fastest = i;
      }
    }
    best = offsets[fastest];
  }

  /** Server clock minus client clock, ms; 0 before any sample (one machine, one clock). */
  public double offset() {
    return best;
  }

  public boolean known() {
    return count > 0;
  }
}
