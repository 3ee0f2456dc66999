package watchparty.status;

import java.util.List;
import java.util.function.Supplier;
import watchparty.json.JsonWriter;

/**
 * A room's answer at one moment: its users with their recent statuses, in join order. Immutable,
 * so one snapshot may be handed to every reader until the room changes, and its JSON encoding is
 * made once and shared by all of them.
 */
public final class RoomSnapshot {
  private final String roomCode;
  private final String host;
  private final long lastEventId;
  private volatile List<UserStatuses> users;
  private volatile Supplier<List<UserStatuses>> parse;
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

  /**
   * A room known first as its encoded answer (as a networked store returns it): the users are
   * parsed from it only if asked for, since most readers only need the bytes.
   */
  public RoomSnapshot(String roomCode, byte[] json, Supplier<List<UserStatuses>> users, String host, long lastEventId) {
    this.roomCode = roomCode;
    this.json = json;
    this.parse = users;
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
    List<UserStatuses> known = users;
    if (known == null) {
      known = parse.get();
      users = known;
    }
    return known;
  }

  /**
   * {"roomCode":..,"users":{..}}, encoded on first use with the caller's scratch writer. Two
   * loops may race to encode it; both produce the same bytes, so either result may stand.
   */
  public byte[] json(JsonWriter scratch) {
    byte[] encoded = json;
    if (encoded == null) {
      encoded = StatusJson.room(scratch.reset(), roomCode, users()).toByteArray();
      json = encoded;
    }
    return encoded;
  }
}
