package watchparty.redis;

/**
 * The Redis keys of one room. All share the hash tag {roomCode}, so Redis Cluster keeps a room
 * on one shard and the room's script may touch them all. Distinct last characters keep the keys
 * of two rooms from ever colliding, whatever the room codes contain.
 */
record RoomKeys(String statuses, String members, String latest, String meta, String pins, String channel) {
  static RoomKeys of(String roomCode) {
    String tag = "ps:{" + roomCode + "}:";
    return new RoomKeys(tag + "s", tag + "m", tag + "l", tag + "meta", tag + "p", tag + "events");
  }

  /** The room code of an event channel's name. */
  static String roomOf(String channel) {
    return channel.substring(4, channel.length() - ":events".length() - 1);
  }
}
