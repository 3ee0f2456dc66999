package watchparty.status;

import java.util.List;
import watchparty.json.JsonWriter;

/**
 * One user's answer at one moment: its recent statuses in a room, oldest first. Immutable, so a
 * store may hand the same snapshot to every reader until the user's history changes (viewers
 * following a host read the host's history again and again), and its JSON encoding is made once
 * and shared by all of them.
 */
public final class HistorySnapshot {
  private final String roomCode;
  private final UserStatuses user;
  private volatile byte[] json;

  public HistorySnapshot(String roomCode, UserStatuses user) {
    this.roomCode = roomCode;
    this.user = user;
  }

  public HistorySnapshot(String userId, String roomCode, List<PlayerStatus> statuses) {
    this(roomCode, new UserStatuses(userId, statuses));
  }

  public String roomCode() {
    return roomCode;
  }

  /** The user's id and statuses, as a room's answer lists them too. */
  public UserStatuses user() {
    return user;
  }

  public List<PlayerStatus> statuses() {
    return user.statuses();
  }

  /**
   * {"userId":..,"roomCode":..,"statuses":[..]}, encoded on first use with the caller's scratch
   * writer. Two loops may race to encode it; both produce the same bytes, so either may stand.
   */
  public byte[] json(JsonWriter scratch) {
    byte[] encoded = json;
    if (encoded == null) {
      encoded = StatusJson.history(scratch.reset(), roomCode, user).toByteArray();
      json = encoded;
    }
    return encoded;
  }
}
