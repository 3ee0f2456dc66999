package watchparty.sync;

/**
 * When to correct a member's drift from the host, and how.
 *
 * @param deadBandMs drift no correction is worth: inside it, do nothing
 * @param seekThresholdMs drift from which a seek beats a speed change
 * @param rateNudge fraction by which to speed up or slow down in between (0.05: 1.05x or 0.95x)
 */
public record SyncPolicy(long deadBandMs, long seekThresholdMs, double rateNudge) {
  public SyncPolicy {
    if (deadBandMs < 0 || seekThresholdMs < deadBandMs || rateNudge <= 0 || rateNudge >= 1) {
      throw new IllegalArgumentException("need 0 <= deadBand <= seekThreshold and 0 < rateNudge < 1");
    }
  }
}
