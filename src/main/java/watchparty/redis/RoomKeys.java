package watchparty.redis;

/**
 * The Redis names of one room: its hash, ps:{roomCode}, and its event channel. The hash tag
 * {roomCode} keeps a room on one Redis Cluster shard.
 */
record RoomKeys(String roomCode, String key, String channel) {
  private static final String PREFIX = "ps:{";
  private static final String CHANNEL_SUFFIX = "}:events";

  static RoomKeys of(String roomCode) {
    return new RoomKeys(roomCode, PREFIX + roomCode + "}", PREFIX + roomCode + CHANNEL_SUFFIX);
  }

  /** The room code of an event channel's name. */
  static String roomOf(String channel) {
    return channel.substring(PREFIX.length(), channel.length() - CHANNEL_SUFFIX.length());
  }
}
