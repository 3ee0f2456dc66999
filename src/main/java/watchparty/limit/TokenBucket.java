package watchparty.limit;

/**
 * A token bucket: up to {@code burst} requests at once, refilled at {@code perSecond}. Pure and
 * single-threaded; time is passed in, so it is tested without sleeping.
 */
public final class TokenBucket {
  private final double perMs;
  private final double burst;
  private double tokens;
  private long last;

  public TokenBucket(double perSecond, double burst, long now) {
    this.perMs = perSecond / 1000.0;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /** Takes a token: 0 when allowed, else how many milliseconds until one is there. */
  public long take(long now) {
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * perMs);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perMs);
  }

  /** Whether it is full again (so that an idle client's bucket can be forgotten). */
  public boolean isFull(long now) {
    return tokens + Math.max(0, now - last) * perMs >= burst;
  }
}
