package watchparty.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import watchparty.status.Content;
import watchparty.status.RoomSnapshot;

/** A room's users in the order they joined, its host and open sockets. Owned by one shard's thread. */
final class Room {
  final String code;
  final LinkedHashMap<String, UserHistory> users = new LinkedHashMap<>(8);
  /** The last content stored here: viewers of one room watch the same thing, so it is kept once. */
  Content lastContent;
  /** The last answer built for this room, reused until the room changes or a status in it expires. */
  RoomSnapshot snapshot;
  long snapshotValidUntil;
  /** The user who leads the room, or null. */
  String host;
  /** Open sockets by user id: while a user has one, its latest status does not expire. */
  private HashMap<String, Integer> pins;

  Room(String code) {
    this.code = code;
  }

  boolean pinned(String userId) {
    return pins != null && pins.containsKey(userId);
  }

  void pin(String userId) {
    if (pins == null) {
      pins = new HashMap<>(4);
    }
    pins.merge(userId, 1, Integer::sum);
  }

  /** Returns true when that was the user's last open socket. */
  boolean unpin(String userId) {
    if (pins == null || !pins.containsKey(userId)) {
      return false;
    }
    int left = pins.merge(userId, -1, Integer::sum);
    if (left > 0) {
      return false;
    }
    pins.remove(userId);
    return true;
  }

  /** Nothing left to keep: no users and no open sockets. */
  boolean isIdle() {
    return users.isEmpty() && (pins == null || pins.isEmpty());
  }
}
