package watchparty.status;

import java.util.List;
import java.util.function.Supplier;
import watchparty.json.JsonWriter;

/**
 * One user's answer at one moment: its recent statuses in a room, oldest first. Immutable, so a
 * store may hand the same snapshot to every reader until the user's history changes (viewers
 * following a host read the host's history again and again), and its JSON encoding is made once
 * and shared by all of them.
 */
public final class HistorySnapshot {
  private final String userId;
  private final String roomCode;
  private volatile List<PlayerStatus> statuses;
  private volatile Supplier<List<PlayerStatus>> parse;
  private volatile byte[] json;

  public HistorySnapshot(String userId, String roomCode, List<PlayerStatus> statuses) {
    this.userId = userId;
    this.roomCode = roomCode;
    this.statuses = statuses;
  }

  /**
   * A history known first as its encoded answer (as a networked store returns it): the statuses
   * are parsed from it only if asked for, since readers only need the bytes.
   */
  public HistorySnapshot(String userId, String roomCode, byte[] json, Supplier<List<PlayerStatus>> statuses) {
    this.userId = userId;
    this.roomCode = roomCode;
    this.json = json;
    this.parse = statuses;
  }

  public List<PlayerStatus> statuses() {
    List<PlayerStatus> known = statuses;
    if (known == null) {
      known = parse.get();
      statuses = known;
    }
    return known;
  }

  /**
   * {"userId":..,"roomCode":..,"statuses":[..]}, encoded on first use with the caller's scratch
   * writer. Two loops may race to encode it; both produce the same bytes, so either may stand.
   */
  public byte[] json(JsonWriter scratch) {
    byte[] encoded = json;
    if (encoded == null) {
      encoded = StatusJson.history(scratch.reset(), userId, roomCode, statuses()).toByteArray();
      json = encoded;
    }
    return encoded;
  }
}
