package watchparty.bench;

import java.nio.charset.StandardCharsets;

/** The status the load generator posts (../shared/bench/statuses.lua), as bytes. */
final class Samples {
  private Samples() {
  }

  static byte[] status(int user, int rooms, double time) {
    return ("{\"userId\":\"u" + user + "\",\"roomCode\":\"" + room(user, rooms) + "\",\"isHost\":" + (user < rooms)
        + ",\"content\":{\"title\":\"Big Buck Bunny\",\"type\":\"movie\",\"tmdbId\":10378},"
        + "\"player\":{\"isPlaying\":true,\"isPaused\":false,\"isLoading\":false,\"hasPlayedOnce\":true,\"time\":"
        + time + ",\"duration\":596.5,\"volume\":0.8,\"playbackRate\":1,\"buffered\":42.5}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String room(int user, int rooms) {
    return String.format("R%06d", user % rooms);
  }
}
