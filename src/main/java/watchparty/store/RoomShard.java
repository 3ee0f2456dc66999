package watchparty.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import watchparty.status.PlayerStatus;
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
    expiry.add(status.timestamp(), user);
  }

  /** A user's statuses inside the retention window, oldest first. */
  public List<PlayerStatus> history(String roomCode, String userId) {
    Room room = rooms.get(roomCode);
    UserHistory user = room == null ? null : room.users.get(userId);
    return user == null ? List.of() : user.since(cutoff());
  }

  /** The room's users with statuses inside the retention window, in the order they joined. */
  public List<UserStatuses> room(String roomCode) {
    Room room = rooms.get(roomCode);
    if (room == null) {
      return List.of();
    }
    long cutoff = cutoff();
    List<UserStatuses> out = new ArrayList<>(room.users.size());
    for (UserHistory user : room.users.values()) {
      List<PlayerStatus> recent = user.since(cutoff);
      if (!recent.isEmpty()) {
        out.add(new UserStatuses(user.userId, recent));
      }
    }
    return out;
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
