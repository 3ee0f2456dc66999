package watchparty.limit;

import java.util.HashMap;
import watchparty.time.Clock;

/**
 * Request budgets by key (a client address, a user), for one event loop: its buckets are touched
 * only there, without locks. A key whose requests arrive on k of the loops therefore has k
 * budgets (k is at most the number of loops); docs/configuration.md says what that means for
 * clients. A rate of 0 turns it off.
 */
public final class RateLimiter {
  private final Clock clock;
  private final double perSecond;
  private final double burst;
  private final HashMap<String, TokenBucket> buckets = new HashMap<>();

  public RateLimiter(Clock clock, double perSecond, double burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  public double perSecond() {
    return perSecond;
  }

  /** 0 when the key may go on, else the milliseconds to wait. */
  public long take(String key) {
    if (perSecond <= 0) {
      return 0;
    }
    long now = clock.millis();
    return buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now)).take(now);
  }

  /** Forgets the buckets that refilled (called periodically), so idle clients cost nothing. */
  public void forgetIdle() {
    long now = clock.millis();
    buckets.values().removeIf(b -> b.isFull(now));
  }

  public int size() {
    return buckets.size();
  }

  /**
   * The client's address: the peer's, or, when the peer is a trusted proxy, the right-most
   * address in X-Forwarded-For that is not one (a client can prepend anything it likes).
   */
  public static String clientAddress(String peer, String forwardedFor, TrustedProxies trustedProxies) {
    if (forwardedFor == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
