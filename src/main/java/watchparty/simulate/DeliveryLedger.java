package watchparty.simulate;

/**
 * A room's last host statuses and when each was sent, so that a follower receiving one knows
 * how long it took. A status is recognised by its {@code player.time}, which every server echoes
 * (the seed drops unknown fields): the position in whole milliseconds plus a per-room sequence in
 * the microseconds (position 12.5 s, sequence 7: 12.500007), a change no player can see.
 */
public final class DeliveryLedger {
  static final int SIZE = 64;
  private final long[] times = new long[SIZE];
  private final long[] sequences = new long[SIZE];
  private final long[] sentNanos = new long[SIZE];
  private long lastSequence;

  /**
   * Records a host status sent at sentNanos with the player at positionSeconds; returns the time
   * to report, in microseconds.
   */
  public long record(double positionSeconds, long sentAt) {
    long sequence = ++lastSequence;
    long time = Math.round(positionSeconds * 1000) * 1000 + sequence % 1000;
    int slot = (int) (sequence % SIZE);
    times[slot] = time;
    sequences[slot] = sequence;
    sentNanos[slot] = sentAt;
    return time;
  }

  /** The sequence of the status reported with this time (microseconds), or 0 if it is not among the last. */
  public long sequenceOf(long timeMicros) {
    for (long s = lastSequence; s > 0 && s > lastSequence - SIZE; s--) {
      int slot = (int) (s % SIZE);
      if (times[slot] == timeMicros) {
        return s;
      }
    }
    return 0;
  }

  /** When the status of this sequence (from {@link #sequenceOf}) was sent. */
  public long sentNanos(long sequence) {
    return sentNanos[(int) (sequence % SIZE)];
  }

  /** A time in microseconds as a JSON number of seconds: 12500007 is 12.500007. */
  public static String seconds(long micros) {
    return StatusBody.decimal(micros, 6);
  }

  /** Seconds as read back from JSON, to microseconds. */
  public static long micros(double seconds) {
    return Math.round(seconds * 1e6);
  }
}
