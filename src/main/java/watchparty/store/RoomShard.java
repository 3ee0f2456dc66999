package watchparty.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.time.Clock;

/**
 * The statuses of the rooms one shard owns: room code, then user id, then that user's last
 * {@code history} statuses. Plain single-threaded code: the shard's event loop is the only
 * thread that touches it, so it needs no locks. A room lookup is one hash probe, never a scan.
 */
public final class RoomShard {
  private final HashMap<String, Room> rooms = new HashMap<>();
  private final ExpiryQueue expiry = new ExpiryQueue();
  private final Clock clock;
  private final long ttlMs;
  private final int history;
  private int users;
  private int statuses;

  public RoomShard(Clock clock, long ttlMs, int history) {
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.history = history;
  }

  /** Stores a report as its user's newest status in its room. */
  public void append(StatusReport report) {
    Room room = rooms.get(report.roomCode());
    if (room == null) {
      room = new Room(report.roomCode());
      rooms.put(room.code, room);
    }
    UserHistory user = room.users.get(report.userId());
    if (user == null) {
      user = new UserHistory(report.userId(), room, history);
      room.users.put(user.userId, user);
      users++;
    }
    PlayerStatus status = report.status();
    if (status.content().equals(room.lastContent)) {
      status = status.withContent(room.lastContent);
    } else {
      room.lastContent = status.content();
    }
    statuses += 1 - user.add(status);
    room.snapshot = null;
    expiry.add(status.timestamp(), user);
  }

  /** A user's statuses inside the retention window, oldest first. */
  public List<PlayerStatus> history(String roomCode, String userId) {
    Room room = rooms.get(roomCode);
    UserHistory user = room == null ? null : room.users.get(userId);
    return user == null ? List.of() : user.since(cutoff());
  }

  /**
   * The room's users with statuses inside the retention window, in the order they joined. The
   * snapshot is kept and handed out again until a status is added to the room or the oldest
   * status in it leaves the window, so a room read many times between writes is built once.
   */
  public RoomSnapshot room(String roomCode) {
    Room room = rooms.get(roomCode);
    if (room == null) {
      return new RoomSnapshot(roomCode, List.of());
    }
    long now = clock.millis();
    if (room.snapshot != null && now <= room.snapshotValidUntil) {
      return room.snapshot;
    }
    long cutoff = now - ttlMs;
    long oldest = Long.MAX_VALUE;
    List<UserStatuses> out = new ArrayList<>(room.users.size());
    for (UserHistory user : room.users.values()) {
      List<PlayerStatus> recent = user.since(cutoff);
      if (!recent.isEmpty()) {
        out.add(new UserStatuses(user.userId, recent));
        oldest = Math.min(oldest, recent.get(0).timestamp());
      }
    }
    room.snapshot = new RoomSnapshot(room.code, out);
    // a status stamped t is answered while now <= t + ttl
    room.snapshotValidUntil = oldest == Long.MAX_VALUE ? Long.MIN_VALUE : oldest + ttlMs;
    return room.snapshot;
  }

  /** Drops every status older than the retention window, and users and rooms left empty. */
  public void expire() {
    long cutoff = cutoff();
    while (!expiry.isEmpty() && expiry.peekTime() < cutoff) {
      UserHistory user = expiry.pop();
      statuses -= user.dropBefore(cutoff);
      Room room = user.room;
      // a user emptied earlier and since re-created is another object: leave the new one alone
      if (user.isEmpty() && room.users.get(user.userId) == user) {
        room.users.remove(user.userId);
        users--;
        if (room.users.isEmpty() && rooms.get(room.code) == room) {
          rooms.remove(room.code);
        }
      }
    }
  }

  private long cutoff() {
    return clock.millis() - ttlMs;
  }

  public int rooms() {
    return rooms.size();
  }

  public int users() {
    return users;
  }

  public int statuses() {
    return statuses;
  }
}
