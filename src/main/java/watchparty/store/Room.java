package watchparty.store;

import java.util.LinkedHashMap;
import watchparty.status.Content;
import watchparty.status.RoomSnapshot;

/** A room's users in the order they joined. Owned by one shard's thread. */
final class Room {
  final String code;
  final LinkedHashMap<String, UserHistory> users = new LinkedHashMap<>(8);
  /** The last content stored here: viewers of one room watch the same thing, so it is kept once. */
  Content lastContent;
  /** The last answer built for this room, reused until the room changes or a status in it expires. */
  RoomSnapshot snapshot;
  long snapshotValidUntil;

  Room(String code) {
    this.code = code;
  }
}
