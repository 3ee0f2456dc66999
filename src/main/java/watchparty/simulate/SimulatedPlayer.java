package watchparty.simulate;

/**
 * A video player reduced to what sync needs: a position that advances at a rate while playing,
 * and stops at the end of the media. Times are the simulator's monotonic nanoseconds.
 */
public final class SimulatedPlayer {
  private final double duration;
  private double anchorPosition;
  private long anchorNanos;
  private double rate = 1;
  private boolean playing;

  public SimulatedPlayer(double durationSeconds, double position, long nowNanos) {
    this.duration = durationSeconds;
    this.anchorPosition = clamp(position);
    this.anchorNanos = nowNanos;
  }

  /** Seconds into the media at nowNanos. */
  public double position(long nowNanos) {
    if (!playing) {
      return anchorPosition;
    }
    return clamp(anchorPosition + (nowNanos - anchorNanos) / 1e9 * rate);
  }

  public boolean playing() {
    return playing;
  }

  public double rate() {
    return rate;
  }

  public double duration() {
    return duration;
  }

  public void play(long nowNanos) {
    reanchor(nowNanos);
    playing = true;
  }

  public void pause(long nowNanos) {
    reanchor(nowNanos);
    playing = false;
  }

  public void seek(long nowNanos, double position) {
    anchorNanos = nowNanos;
    anchorPosition = clamp(position);
  }

  public void setRate(long nowNanos, double newRate) {
    reanchor(nowNanos);
    rate = newRate;
  }

  /** Playing or paused as told; false when it already was. */
  public boolean setPlaying(long nowNanos, boolean play) {
    if (play == playing) {
      return false;
    }
    if (play) {
      play(nowNanos);
    } else {
      pause(nowNanos);
    }
    return true;
  }

  /** At the end of the media, as a player stops there. */
  public boolean ended(long nowNanos) {
    return position(nowNanos) >= duration;
  }

  private void reanchor(long nowNanos) {
    anchorPosition = position(nowNanos);
    anchorNanos = nowNanos;
  }

  private double clamp(double p) {
    return Math.max(0, Math.min(duration, p));
  }
}
