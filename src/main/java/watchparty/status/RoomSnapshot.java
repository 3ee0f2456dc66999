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
  private volatile byte[] json;

  public RoomSnapshot(String roomCode, List<UserStatuses> users) {
    this.roomCode = roomCode;
    this.users = users;
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
