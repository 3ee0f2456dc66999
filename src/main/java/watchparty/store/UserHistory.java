package watchparty.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import watchparty.status.Content;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;

/**
 * A ring of one user's last N statuses in one room, oldest first. Owned by one shard's thread.
 *
 * <p>The statuses are kept as flat primitive columns, not as status objects: storing a fresh
 * status object into a long-lived ring would make the collector rescan every ring written since
 * its last pause (the old-to-young references of G1's remembered sets), which made young pauses
 * grow with the write rate. Primitives carry no references; the one reference kept, the content,
 * is the room's shared content object, which is rarely new. It also spares each status an object
 * header and its padding. Status objects are rebuilt only for the answers that read them.
 */
final class UserHistory {
  /** time, duration, volume, playbackRate, buffered, sampledAt (NaN when not given): six doubles a status. */
  private static final int DOUBLES = 6;

  final String userId;
  final Room room;
  private final long[] timestamps;
  private final double[] values;
  private final byte[] flags;
  private final Content[] contents;
  private int head;
  private int size;
  /** Whether the shard's expiry queue holds an entry for this user (at most one). */
  boolean scheduled;
  /** The last answer built for this user, reused until it posts or a status in it expires. */
  HistorySnapshot snapshot;
  long snapshotValidUntil;

  UserHistory(String userId, Room room, int capacity) {
    this.userId = userId;
    this.room = room;
    this.timestamps = new long[capacity];
    this.values = new double[capacity * DOUBLES];
    this.flags = new byte[capacity];
    this.contents = new Content[capacity];
  }

  /** Appends, dropping the oldest when full; returns how many statuses were dropped (0 or 1). */
  int add(PlayerStatus s) {
    snapshot = null;
    int capacity = timestamps.length;
    int dropped = 0;
    int i;
    if (size == capacity) {
      i = head;
      head = (head + 1) % capacity;
      dropped = 1;
    } else {
      i = (head + size) % capacity;
      size++;
    }
    timestamps[i] = s.timestamp();
    flags[i] = (byte) s.flags();
    if (contents[i] != s.content()) { // unchanged content: no reference store, no dirty card
      contents[i] = s.content();
    }
    int v = i * DOUBLES;
    values[v] = s.time();
    values[v + 1] = s.duration();
    values[v + 2] = s.volume();
    values[v + 3] = s.playbackRate();
    values[v + 4] = s.buffered();
    values[v + 5] = s.sampledAt();
    return dropped;
  }

  private int slot(int index) {
    return (head + index) % timestamps.length;
  }

  private PlayerStatus status(int slot) {
    int v = slot * DOUBLES;
    return PlayerStatus.of(timestamps[slot], flags[slot], contents[slot],
        values[v], values[v + 1], values[v + 2], values[v + 3], values[v + 4], values[v + 5]);
  }

  /** Whether the newest status claims the host role. */
  boolean claimsHost() {
    return size > 0 && (flags[slot(size - 1)] & PlayerStatus.HOST) != 0;
  }

  /** The timestamp of the newest status held; only when not empty. */
  long latestTimestamp() {
    return timestamps[slot(size - 1)];
  }

  /** The timestamp of the oldest status held; only when not empty. */
  long oldestTimestamp() {
    return timestamps[head];
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Whether an open socket of this user holds its latest status in the room. */
  boolean pinned() {
    return room.pinned(userId);
  }

  /**
   * Removes statuses stamped before the cutoff (they are the oldest), but never a pinned user's
   * latest; returns how many.
   */
  int dropBefore(long cutoff) {
    int keep = pinned() ? 1 : 0;
    int dropped = 0;
    while (size > keep && timestamps[head] < cutoff) {
      contents[head] = null;
      head = (head + 1) % timestamps.length;
      size--;
      dropped++;
    }
    return dropped;
  }

  /** Empties the history (its user left); returns how many statuses it held. */
  int clear() {
    int held = size;
    snapshot = null;
    Arrays.fill(contents, null);
    head = 0;
    size = 0;
    return held;
  }

  /** The statuses stamped at or after the cutoff (a pinned user's latest always), oldest first. */
  List<PlayerStatus> since(long cutoff) {
    int keep = pinned() ? 1 : 0;
    int skip = 0;
    while (skip < size - keep && timestamps[slot(skip)] < cutoff) {
      skip++;
    }
    if (skip == size) {
      return List.of();
    }
    List<PlayerStatus> out = new ArrayList<>(size - skip);
    for (int i = skip; i < size; i++) {
      out.add(status(slot(i)));
    }
    return out;
  }
}
