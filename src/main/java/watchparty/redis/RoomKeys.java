package watchparty.redis;

import java.nio.charset.StandardCharsets;
import watchparty.json.JsonWriter;

/**
 * The Redis names of one room, as the bytes sent: its hash, ps2:{roomCode}, its event channel, and
 * the room code as a JSON string for the events the script writes. The hash tag {roomCode} keeps
 * a room on one Redis Cluster shard. The prefix names the layout of the room's hash (2: records
 * with their lengths, events published under a listeners' lease), so that instances of releases
 * with different layouts, as during a rolling upgrade, keep apart instead of misreading each other.
 */
record RoomKeys(byte[] key, byte[] channel, byte[] roomJson) {
  private static final String PREFIX = "ps2:{";
  private static final String CHANNEL_SUFFIX = "}:events";

  static RoomKeys of(String roomCode) {
    return new RoomKeys(utf8(PREFIX + roomCode + "}"), utf8(PREFIX + roomCode + CHANNEL_SUFFIX),
        JsonWriter.quoted(roomCode));
  }

  /** The room code of an event channel's name. */
  static String roomOf(String channel) {
    return channel.substring(PREFIX.length(), channel.length() - CHANNEL_SUFFIX.length());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
