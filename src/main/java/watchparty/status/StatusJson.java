package watchparty.status;

import java.util.List;
import watchparty.json.JsonWriter;

/**
 * The answers of the status API in the seed's exact shapes and key order, written with a
 * {@link JsonWriter}: every constant fragment is pre-encoded, each content object is copied from
 * its cached encoding, and only ids and numbers are formatted per answer.
 */
public final class StatusJson {
  private static final byte[] ACK = JsonWriter.bytes("{\"success\":true,\"timestamp\":");
  private static final byte[] USER_ID = JsonWriter.bytes("{\"userId\":");
  private static final byte[] ROOM_CODE_NEXT = JsonWriter.bytes(",\"roomCode\":");
  private static final byte[] ROOM_CODE_FIRST = JsonWriter.bytes("{\"roomCode\":");
  private static final byte[] STATUSES = JsonWriter.bytes(",\"statuses\":[");
  private static final byte[] USERS = JsonWriter.bytes(",\"users\":{");
  private static final byte[] IS_HOST = JsonWriter.bytes(",\"isHost\":");
  private static final byte[] CONTENT = JsonWriter.bytes(",\"content\":");
  private static final byte[] IS_PLAYING = JsonWriter.bytes(",\"player\":{\"isPlaying\":");
  private static final byte[] IS_PAUSED = JsonWriter.bytes(",\"isPaused\":");
  private static final byte[] IS_LOADING = JsonWriter.bytes(",\"isLoading\":");
  private static final byte[] HAS_PLAYED_ONCE = JsonWriter.bytes(",\"hasPlayedOnce\":");
  private static final byte[] TIME = JsonWriter.bytes(",\"time\":");
  private static final byte[] DURATION = JsonWriter.bytes(",\"duration\":");
  private static final byte[] VOLUME = JsonWriter.bytes(",\"volume\":");
  private static final byte[] PLAYBACK_RATE = JsonWriter.bytes(",\"playbackRate\":");
  private static final byte[] BUFFERED = JsonWriter.bytes(",\"buffered\":");
  private static final byte[] SAMPLED_AT = JsonWriter.bytes(",\"sampledAt\":");
  private static final byte[] TIMESTAMP = JsonWriter.bytes("},\"timestamp\":");

  private StatusJson() {
  }

  /** {"success":true,"timestamp":N}: the answer to an accepted POST. */
  public static JsonWriter ack(JsonWriter w, long timestamp) {
    return w.raw(ACK).number(timestamp).raw('}');
  }

  /** {"userId":..,"roomCode":..,"statuses":[..]}: one user's history. */
  public static JsonWriter history(JsonWriter w, String userId, String roomCode, List<PlayerStatus> statuses) {
    byte[] user = JsonWriter.quoted(userId);
    byte[] room = JsonWriter.quoted(roomCode);
    historyHead(w, user, room);
    statuses(w, user, room, statuses);
    return w.raw(']').raw('}');
  }

  /** {"userId":..,"roomCode":..,"statuses":[ : a history up to its first status (ids quoted). */
  public static JsonWriter historyHead(JsonWriter w, byte[] quotedUser, byte[] quotedRoom) {
    return w.raw(USER_ID).raw(quotedUser).raw(ROOM_CODE_NEXT).raw(quotedRoom).raw(STATUSES);
  }

  /** {"roomCode":..,"users":{ : a room up to its first user (id quoted). */
  public static JsonWriter roomHead(JsonWriter w, byte[] quotedRoom) {
    return w.raw(ROOM_CODE_FIRST).raw(quotedRoom).raw(USERS);
  }

  /** {"roomCode":..,"users":{"id":[..],..}}: a room, users in the order they joined. */
  public static JsonWriter room(JsonWriter w, String roomCode, List<UserStatuses> users) {
    // ids are escaped once an answer, then copied into each status
    byte[] room = JsonWriter.quoted(roomCode);
    roomHead(w, room);
    for (int i = 0; i < users.size(); i++) {
      UserStatuses u = users.get(i);
      if (i > 0) {
        w.raw(',');
      }
      byte[] user = JsonWriter.quoted(u.userId());
      w.raw(user).raw(':').raw('[');
      statuses(w, user, room, u.statuses());
      w.raw(']');
    }
    return w.raw('}').raw('}');
  }

  private static void statuses(JsonWriter w, byte[] userId, byte[] roomCode, List<PlayerStatus> statuses) {
    for (int i = 0; i < statuses.size(); i++) {
      if (i > 0) {
        w.raw(',');
      }
      status(w, userId, roomCode, statuses.get(i));
    }
  }

  /** One status with its sender, as the seed stores and returns it. */
  public static JsonWriter status(JsonWriter w, String userId, String roomCode, PlayerStatus s) {
    return status(w, JsonWriter.quoted(userId), JsonWriter.quoted(roomCode), s);
  }

  /** One status, its sender's ids given as quoted JSON strings. */
  static JsonWriter status(JsonWriter w, byte[] userId, byte[] roomCode, PlayerStatus s) {
    w.raw(USER_ID).raw(userId).raw(ROOM_CODE_NEXT).raw(roomCode)
        .raw(IS_HOST).bool(s.isHost())
        .raw(CONTENT).raw(s.content().json())
        .raw(IS_PLAYING).bool(s.isPlaying())
        .raw(IS_PAUSED).bool(s.isPaused())
        .raw(IS_LOADING).bool(s.isLoading())
        .raw(HAS_PLAYED_ONCE).bool(s.hasPlayedOnce())
        .raw(TIME).number(s.time())
        .raw(DURATION).number(s.duration())
        .raw(VOLUME).number(s.volume())
        .raw(PLAYBACK_RATE).number(s.playbackRate())
        .raw(BUFFERED).number(s.buffered());
    if (s.hasSampledAt()) {
      // written only when given, so that the seed's shape is unchanged for statuses without it
      w.raw(SAMPLED_AT).number(s.sampledAt());
    }
    return w.raw(TIMESTAMP).number(s.timestamp()).raw('}');
  }
}
