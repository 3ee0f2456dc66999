package watchparty.status;

/**
 * One player report as stored: the player's state and what is on screen, stamped with the
 * server's receipt time, and optionally with the instant (server clock) the player's time was
 * sampled. Who sent it (user and room) is known from where it is kept, so it is
 * not repeated in every stored status. Immutable, so it may be read from any event loop.
 * Five booleans share one byte: this object is most of the heap the service holds.
 */
public final class PlayerStatus {
  public static final int HOST = 1;
  static final int PLAYING = 2;
  static final int PAUSED = 4;
  static final int LOADING = 8;
  static final int PLAYED_ONCE = 16;

  private final long timestamp;
  private final double time;
  private final double duration;
  private final double volume;
  private final double playbackRate;
  private final double buffered;
  /** When the host sampled {@code time}, epoch ms in the server's clock; NaN when not given. */
  private final double sampledAt;
  private final Content content;
  private final byte flags;

  PlayerStatus(long timestamp, int flags, Content content, double time, double duration, double volume,
      double playbackRate, double buffered, double sampledAt) {
    this.timestamp = timestamp;
    this.flags = (byte) flags;
    this.content = content;
    this.time = time;
    this.duration = duration;
    this.volume = volume;
    this.playbackRate = playbackRate;
    this.buffered = buffered;
    this.sampledAt = sampledAt;
  }

  /** A stored status rebuilt from its parts (the store keeps them in flat arrays). */
  public static PlayerStatus of(long timestamp, int flags, Content content, double time, double duration,
      double volume, double playbackRate, double buffered, double sampledAt) {
    return new PlayerStatus(timestamp, flags, content, time, duration, volume, playbackRate, buffered, sampledAt);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same status showing an equal content object, so that equal contents are stored once. */
  public PlayerStatus withContent(Content shared) {
    return shared == content ? this
        : new PlayerStatus(timestamp, flags, shared, time, duration, volume, playbackRate, buffered, sampledAt);
  }

  public long timestamp() {
    return timestamp;
  }

  /** The five booleans as bits, for storing a status in flat arrays. */
  public int flags() {
    return flags;
  }

  public boolean isHost() {
    return (flags & HOST) != 0;
  }

  public boolean isPlaying() {
    return (flags & PLAYING) != 0;
  }

  public boolean isPaused() {
    return (flags & PAUSED) != 0;
  }

  public boolean isLoading() {
    return (flags & LOADING) != 0;
  }

  public boolean hasPlayedOnce() {
    return (flags & PLAYED_ONCE) != 0;
  }

  public Content content() {
    return content;
  }

  public double time() {
    return time;
  }

  public double duration() {
    return duration;
  }

  public double volume() {
    return volume;
  }

  public double playbackRate() {
    return playbackRate;
  }

  public double buffered() {
    return buffered;
  }

  /** When {@link #time()} was sampled, epoch ms in the server's clock; NaN when not given. */
  public double sampledAt() {
    return sampledAt;
  }

  public boolean hasSampledAt() {
    return !Double.isNaN(sampledAt);
  }

  @Override
  public String toString() {
    return "PlayerStatus{timestamp=" + timestamp + ", flags=" + flags + ", time=" + time + ", content=" + content + "}";
  }

  /** Builds a status with the seed's defaults for whatever is not set. */
  public static final class Builder {
    private long timestamp;
    private int flags;
    private Content content = Content.DEFAULT;
    private double time;
    private double duration;
    private double volume;
    private double playbackRate = 1;
    private double buffered;
    private double sampledAt = Double.NaN;

    public Builder timestamp(long v) {
      timestamp = v;
      return this;
    }

    public Builder host(boolean v) {
      return flag(HOST, v);
    }

    public Builder playing(boolean v) {
      return flag(PLAYING, v);
    }

    public Builder paused(boolean v) {
      return flag(PAUSED, v);
    }

    public Builder loading(boolean v) {
      return flag(LOADING, v);
    }

    public Builder playedOnce(boolean v) {
      return flag(PLAYED_ONCE, v);
    }

    private Builder flag(int bit, boolean on) {
      flags = on ? flags | bit : flags & ~bit;
      return this;
    }

    public Builder content(Content v) {
      content = v;
      return this;
    }

    public Builder time(double v) {
      time = v;
      return this;
    }

    public Builder duration(double v) {
      duration = v;
      return this;
    }

    public Builder volume(double v) {
      volume = v;
      return this;
    }

    public Builder playbackRate(double v) {
      playbackRate = v;
      return this;
    }

    public Builder buffered(double v) {
      buffered = v;
      return this;
    }

    /** NaN: not given. */
    public Builder sampledAt(double v) {
      sampledAt = v;
      return this;
    }

    public PlayerStatus build() {
      return new PlayerStatus(timestamp, flags, content, time, duration, volume, playbackRate, buffered, sampledAt);
    }
  }
}
