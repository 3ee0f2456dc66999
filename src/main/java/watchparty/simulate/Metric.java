package watchparty.simulate;

import java.util.Locale;

/** What the simulator measures, each kept as a histogram of microseconds. */
public enum Metric {
  STATUS("status", true, "POST /api/player/status"),
  ROOM("room", true, "GET /api/player/status?roomCode="),
  ACK("ack", true, "status over the socket, to its ack"),
  PING("ping", true, "clock ping over the socket, to its pong"),
  CONNECT("connect", true, "WebSocket connect and upgrade"),
  DELIVERY("delivery", false, "host's status sent, to a follower's receipt of it"),
  SYNC("sync", false, "|follower position - host position|, sampled each second"),
  LAG("lag", false, "how late the simulator itself ran a scheduled operation");

  private final String key;
  private final boolean operation;
  private final String description;

  Metric(String key, boolean operation, String description) {
    this.key = key;
    this.operation = operation;
    this.description = description;
  }

  /** The name thresholds and the JSON summary use. */
  public String key() {
    return key;
  }

  /** An operation the simulator sends and waits for, as opposed to a derived measure. */
  public boolean isOperation() {
    return operation;
  }

  public String description() {
    return description;
  }

  /** The metric named key, or null. */
  public static Metric byKey(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    return null;
  }
}
