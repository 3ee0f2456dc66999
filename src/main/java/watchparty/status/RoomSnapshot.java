package watchparty.status;

import java.util.List;
import watchparty.json.JsonWriter;

/**
 * A room's answer at one moment: its users with their recent statuses, in join order. Immutable,
 * so one snapshot may be handed to every reader until the room changes, and its JSON encoding is
 * made once and shared by all of them.
 */
public final class RoomSnapshot {
  private final String roomCode;
  private final List<UserStatuses> users;
  private final String host;
  private final long lastEventId;
  private volatile byte[] json;

  /**
   * @param host the user leading the room, or null
   * @param lastEventId the id of the last event the snapshot includes (see {@link RoomEvent#id()})
   */
  public RoomSnapshot(String roomCode, List<UserStatuses> users, String host, long lastEventId) {
    this.roomCode = roomCode;
    this.users = users;
    this.host = host;
    this.lastEventId = lastEventId;
  }

  public String host() {
    return host;
  }

  public long lastEventId() {
    return lastEventId;
  }

  public String roomCode() {
    return roomCode;
  }

  public List<UserStatuses> users() {
    return users;
  }

  /**
   * {"roomCode":..,"users":{..}}, encoded on first use with the caller's scratch writer. Two
   * loops may race to encode it; both produce the same bytes, so either result may stand.
   */
  public byte[] json(JsonWriter scratch) {
    byte[] encoded = json;
    if (encoded == null) {
      encoded = StatusJson.room(scratch.reset(), roomCode, users).toByteArray();
      json = encoded;
    }
    return encoded;
  }
}
