package watchparty.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The host's statuses in a room read ({@code GET /api/player/status?roomCode=}), all a polling
 * follower needs of it: their times (to tell which it has not seen) and the latest one (to
 * follow). Other users' statuses are skipped unparsed. Mutable and reused: one per event loop.
 */
public final class RoomAnswer {
  private final JsonFactory json;
  private long[] times = new long[8];
  private int count;
  private boolean playing;
  private double time;
  private double rate;
  private double serverMillis;

  public RoomAnswer(JsonFactory json) {
    this.json = json;
  }

  private static final byte[] USERS = JsonBytes.ascii("\"users\":{");

  /**
   * Reads bytes[0, length) for hostId's statuses; false for what is not a room answer. A compact
   * answer (this service's and the seed's) is searched for the host's key and only the host's
   * statuses are parsed: tokenizing every member's statuses to skip them was most of what a
   * polling follower cost. Anything else is parsed whole.
   */
  public boolean read(byte[] bytes, int length, String hostId) throws IOException {
    count = 0;
    int users = JsonBytes.indexOf(bytes, 0, length, USERS);
    if (users < 0) {
      return readWhole(bytes, length, hostId);
    }
    // a key, as "id":[ never occurs inside a string (its quotes would be escaped)
    byte[] hostKey = JsonBytes.ascii("\"" + hostId + "\":[");
    int at = JsonBytes.indexOf(bytes, users + USERS.length, length, hostKey);
    if (at < 0) {
      return true; // the host has no statuses in the window
    }
    int array = at + hostKey.length - 1;
    try (JsonParser p = json.createParser(bytes, array, length - array)) {
      if (p.nextToken() == JsonToken.START_ARRAY) {
        readStatuses(p);
      }
    }
    return true;
  }

  private boolean readWhole(byte[] bytes, int length, String hostId) throws IOException {
    try (JsonParser p = json.createParser(bytes, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean users = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("users") && value == JsonToken.START_OBJECT) {
          users = true;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean host = LiveMessage.textEquals(p, hostId);
            if (p.nextToken() == JsonToken.START_ARRAY && host) {
              readStatuses(p);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      return users;
    }
  }

  private void readStatuses(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.START_OBJECT) {
      boolean isPlaying = false;
      boolean paused = false;
      boolean loading = false;
      double t = 0;
      double r = 1;
      double sampledAt = Double.NaN;
      double timestamp = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("player") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
              case "isPlaying" -> isPlaying = v == JsonToken.VALUE_TRUE;
              case "isPaused" -> paused = v == JsonToken.VALUE_TRUE;
              case "isLoading" -> loading = v == JsonToken.VALUE_TRUE;
              case "time" -> t = v.isNumeric() ? p.getDoubleValue() : 0;
              case "playbackRate" -> r = v.isNumeric() ? p.getDoubleValue() : 1;
              case "sampledAt" -> sampledAt = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
              default -> p.skipChildren();
            }
          }
        } else if (field.equals("timestamp") && value.isNumeric()) {
          timestamp = p.getDoubleValue();
        } else {
          p.skipChildren();
        }
      }
      if (count == times.length) {
        times = java.util.Arrays.copyOf(times, count * 2);
      }
      times[count++] = DeliveryLedger.micros(t);
      // statuses come oldest first: the last one read is the latest
      playing = isPlaying && !paused && !loading;
      time = t;
      rate = r > 0 ? r : 1;
      serverMillis = Double.isNaN(sampledAt) ? timestamp : sampledAt;
    }
  }

  /** The host's statuses in the answer. */
  public int count() {
    return count;
  }

  /** The time (microseconds) of the host's status i, oldest first. */
  public long time(int i) {
    return times[i];
  }

  /** The host's latest status as a position to follow; only when {@link #count()} is not 0. */
  public Following.HostView latest() {
    return new Following.HostView(playing, time, rate, serverMillis);
  }
}
