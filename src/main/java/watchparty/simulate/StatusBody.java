package watchparty.simulate;

/** The JSON of a status report, as the clients write it: POSTed, or sent over the socket with a type. */
public final class StatusBody {
  /** Seconds of media a player keeps ahead of its position. */
  static final long BUFFER_AHEAD_MICROS = 30_000_000;

  private StatusBody() {
  }

  /**
   * One report. contentJson is the room's content object; timeMicros the position to report
   * (from {@link DeliveryLedger} for a host); sampledAt the server-clock instant of the position
   * in ms, or NaN for a client that does not send it (the seed's).
   */
  public static String write(boolean overSocket, String userId, String roomCode, boolean isHost, String contentJson,
      boolean playing, boolean hasPlayedOnce, long timeMicros, double durationSeconds, double rate, double sampledAt) {
    StringBuilder b = new StringBuilder(400);
    b.append('{');
    if (overSocket) {
      b.append("\"type\":\"status\",");
    }
    // ids are the simulator's own, plain ASCII with nothing to escape
    b.append("\"userId\":\"").append(userId).append("\",\"roomCode\":\"").append(roomCode)
        .append("\",\"isHost\":").append(isHost)
        .append(",\"content\":").append(contentJson)
        .append(",\"player\":{\"isPlaying\":").append(playing)
        .append(",\"isPaused\":").append(!playing)
        .append(",\"isLoading\":false,\"hasPlayedOnce\":").append(hasPlayedOnce)
        .append(",\"time\":").append(DeliveryLedger.seconds(timeMicros))
        .append(",\"duration\":").append(number(durationSeconds))
        .append(",\"volume\":0.8,\"playbackRate\":").append(number(rate))
        .append(",\"buffered\":").append(DeliveryLedger.seconds(
            Math.min(timeMicros + BUFFER_AHEAD_MICROS, Math.round(durationSeconds * 1e6))));
    if (!Double.isNaN(sampledAt)) {
      // a tenth of a millisecond, as the browser client sends it: finer than any clock sync
      b.append(",\"sampledAt\":").append(decimal(Math.round(sampledAt * 10), 1));
    }
    return b.append("}}").toString();
  }

  /** The room's content: one film per room, the same object in every report. */
  public static String content(int room) {
    return "{\"title\":\"Simulated film " + room + "\",\"type\":\"movie\",\"tmdbId\":" + (100_000 + room) + "}";
  }

  /** units / 10^scale as a plain decimal, never an exponent: decimal(12500007, 6) is 12.500007. */
  public static String decimal(long units, int scale) {
    long unit = 1;
    for (int i = 0; i < scale; i++) {
      unit *= 10;
    }
    String sign = units < 0 ? "-" : "";
    long abs = Math.abs(units);
    String fraction = Long.toString(abs % unit);
    return sign + abs / unit + "." + "0".repeat(scale - fraction.length()) + fraction;
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
