package watchparty.simulate;

/**
 * How a simulated follower corrects its player. A live follower applies the service's advice
 * (the {@code sync} message: none, rate or seek); a polling follower, which only reads statuses,
 * seeks when it is more than {@link #POLL_SEEK_THRESHOLD_S} off, as seek-only players do, and
 * takes the host's speed and play state. Both return whether the player changed: a polling
 * player reports its events (the seed's client POSTs at each).
 */
public final class Following {
  /** Seek-only players (CyTube, Live Share) jump past 1-2 s; the lower end. */
  public static final double POLL_SEEK_THRESHOLD_S = 1.0;

  public enum Action {
    NONE, RATE, SEEK
  }

  /** The service's advice to one member, with the host as the service saw it at serverTime (ms). */
  public record Advice(long serverTime, boolean hostPlaying, double hostRate, Action action, double suggestedRate,
      double seekTo) {
  }

  /** The host as a room read showed it: its latest status, sampled at serverMillis (server clock). */
  public record HostView(boolean playing, double time, double rate, double serverMillis) {
    /** Where the host is at serverNow (ms), extrapolated from the status. */
    public double positionAt(double serverNow) {
      return playing ? time + Math.max(0, serverNow - serverMillis) / 1000 * rate : time;
    }
  }

  private Following() {
  }

  /** Applies a sync advice at nowNanos; serverNow is the server's clock then, as the follower estimates it. */
  public static boolean apply(SimulatedPlayer player, Advice advice, long nowNanos, double serverNow) {
    boolean changed = false;
    double rate = advice.action() == Action.RATE ? advice.suggestedRate() : advice.hostRate();
    if (advice.action() == Action.SEEK) {
      // the advice's target is where the host was when it was written; it has moved on since
      double elapsed = Math.max(0, serverNow - advice.serverTime()) / 1000;
      player.seek(nowNanos, advice.seekTo() + (advice.hostPlaying() ? elapsed * advice.hostRate() : 0));
      changed = true;
    }
    if (rate != player.rate()) {
      player.setRate(nowNanos, rate);
      changed = true;
    }
    return player.setPlaying(nowNanos, advice.hostPlaying()) | changed;
  }

  /** Follows the host of a room read at nowNanos; serverNow is the server's clock then. */
  public static boolean follow(SimulatedPlayer player, HostView host, long nowNanos, double serverNow) {
    boolean changed = false;
    if (host.rate() != player.rate()) {
      player.setRate(nowNanos, host.rate());
      changed = true;
    }
    double target = host.positionAt(serverNow);
    if (Math.abs(player.position(nowNanos) - target) > POLL_SEEK_THRESHOLD_S) {
      player.seek(nowNanos, target);
      changed = true;
    }
    return player.setPlaying(nowNanos, host.playing()) | changed;
  }
}
