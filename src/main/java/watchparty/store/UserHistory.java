package watchparty.store;

import java.util.ArrayList;
import java.util.List;
import watchparty.status.PlayerStatus;

/** A ring of one user's last N statuses in one room, oldest first. Owned by one shard's thread. */
final class UserHistory {
  final String userId;
  final Room room;
  private final PlayerStatus[] ring;
  private int head;
  private int size;

  UserHistory(String userId, Room room, int capacity) {
    this.userId = userId;
    this.room = room;
    this.ring = new PlayerStatus[capacity];
  }

  /** Appends, dropping the oldest when full; returns how many statuses were dropped (0 or 1). */
  int add(PlayerStatus s) {
    if (size == ring.length) {
      ring[head] = s;
      head = (head + 1) % ring.length;
      return 1;
    }
    ring[(head + size) % ring.length] = s;
    size++;
    return 0;
  }

  PlayerStatus latest() {
    return size == 0 ? null : ring[(head + size - 1) % ring.length];
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
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
    while (size > keep && ring[head].timestamp() < cutoff) {
      ring[head] = null;
      head = (head + 1) % ring.length;
      size--;
      dropped++;
    }
    return dropped;
  }

  /** Empties the history (its user left); returns how many statuses it held. */
  int clear() {
    int held = size;
    java.util.Arrays.fill(ring, null);
    head = 0;
    size = 0;
    return held;
  }

  /** The statuses stamped at or after the cutoff (a pinned user's latest always), oldest first. */
  List<PlayerStatus> since(long cutoff) {
    int keep = pinned() ? 1 : 0;
    int skip = 0;
    while (skip < size - keep && ring[(head + skip) % ring.length].timestamp() < cutoff) {
      skip++;
    }
    if (skip == size) {
      return List.of();
    }
    List<PlayerStatus> out = new ArrayList<>(size - skip);
    for (int i = skip; i < size; i++) {
      out.add(ring[(head + i) % ring.length]);
    }
    return out;
  }
}
