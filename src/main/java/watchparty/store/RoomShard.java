package watchparty.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.time.Clock;

/**
 * The statuses of the rooms one shard owns: room code, then user id, then that user's last
 * {@code history} statuses, and each room's host. Plain single-threaded code: the shard's event
 * loop is the only thread that touches it, so it needs no locks. A room lookup is one hash
 * probe, never a scan. Every change is told to {@link Events} as a {@link RoomEvent}.
 */
public final class RoomShard {
  /** Receives the shard's events, on the shard's thread, in the order they happened. */
  @FunctionalInterface
  public interface Events {
    Events NONE = event -> { };

    void publish(RoomEvent event);
  }

  /** Caps on what one shard holds (its share of the service's caps). */
  public record Limits(long rooms, long users, long usersPerRoom) {
    public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  private final HashMap<String, Room> rooms = new HashMap<>();
  private final ExpiryQueue expiry = new ExpiryQueue();
  private final Clock clock;
  private final long ttlMs;
  private final int history;
  private final Events events;
  private final Limits limits;
  private long lastEventId;
  private int users;
  private int statuses;

  public RoomShard(Clock clock, long ttlMs, int history) {
    this(clock, ttlMs, history, Events.NONE);
  }

  public RoomShard(Clock clock, long ttlMs, int history, Events events) {
    this(clock, ttlMs, history, events, Limits.NONE);
  }

  public RoomShard(Clock clock, long ttlMs, int history, Events events, Limits limits) {
    this.limits = limits;
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.history = history;
    this.events = events;
  }

  private Room roomFor(String code) {
    Room room = rooms.get(code);
    if (room == null) {
      if (rooms.size() >= limits.rooms()) {
        expire(); // rooms whose users all left the window do not count
      }
      if (rooms.size() >= limits.rooms()) {
        throw new StoreFullException("rooms", "MAX_ROOMS", limits.rooms());
      }
      room = new Room(code);
      rooms.put(code, room);
    }
    return room;
  }

  /** Stores a report as its user's newest status in its room. */
  public void append(StatusReport report) {
    Room room = roomFor(report.roomCode());
    UserHistory user = room.users.get(report.userId());
    boolean wasHostClaim = false;
    // the window as of the status's receipt (the Redis store's script judges by the same time)
    if (user != null && user.latestTimestamp() < report.status().timestamp() - ttlMs && !user.pinned()) {
      // every status of the user left the window, so it has left, told by the expiry tick or not
      // yet: it leaves now and comes back as a newcomer (last in join order, nothing older kept)
      leave(room, user, RoomEvent.EXPIRED);
      updateHost(room);
      user = null;
    }
    if (user == null) {
      if (users >= limits.users() || room.users.size() >= limits.usersPerRoom()) {
        expire(); // users whose statuses all left the window do not count
        room = roomFor(report.roomCode()); // that may have emptied and dropped the room
      }
      if (users >= limits.users()) {
        dropIfIdle(room);
        throw new StoreFullException("users", "MAX_USERS", limits.users());
      }
      if (room.users.size() >= limits.usersPerRoom()) {
        dropIfIdle(room);
        throw new StoreFullException("users in a room", "MAX_USERS_PER_ROOM", limits.usersPerRoom());
      }
      user = new UserHistory(report.userId(), room, history);
      room.users.put(user.userId, user);
      users++;
    } else {
      wasHostClaim = user.claimsHost();
    }
    PlayerStatus status = report.status();
    if (status.content().equals(room.lastContent)) {
      status = status.withContent(room.lastContent);
    } else {
      room.lastContent = status.content();
    }
    statuses += 1 - user.add(status);
    if (!user.scheduled) {
      schedule(user, user.oldestTimestamp());
    }
    room.snapshot = null;
    events.publish(RoomEvent.status(++lastEventId, clock.millis(), room.code, user.userId, status));
    if (wasHostClaim != status.isHost() || room.host == null) {
      updateHost(room);
    }
  }

  /**
   * A user's statuses inside the retention window, oldest first. Like a room's, the snapshot is
   * kept and handed out again until the user posts or its oldest status leaves the window.
   */
  public HistorySnapshot history(String roomCode, String userId) {
    Room room = rooms.get(roomCode);
    UserHistory user = room == null ? null : room.users.get(userId);
    if (user == null) {
      return new HistorySnapshot(userId, roomCode, List.of());
    }
    return recent(room, user, clock.millis());
  }

  /** The user's kept snapshot while it holds; else a new one, kept. */
  private HistorySnapshot recent(Room room, UserHistory user, long now) {
    if (user.snapshot != null && now <= user.snapshotValidUntil) {
      return user.snapshot;
    }
    List<PlayerStatus> recent = user.since(now - ttlMs);
    user.snapshot = new HistorySnapshot(user.userId, room.code, recent);
    user.snapshotValidUntil = answerHolds(user, recent);
    return user.snapshot;
  }

  /** The last millisecond an answer with these recent statuses of the user holds, if nothing changes. */
  private long answerHolds(UserHistory user, List<PlayerStatus> recent) {
    // a pinned user's latest never leaves; its older statuses do
    int expiring = user.pinned() ? recent.size() - 1 : recent.size();
    // a status stamped t is answered while now <= t + ttl
    return expiring > 0 ? recent.get(0).timestamp() + ttlMs : Long.MAX_VALUE;
  }

  /**
   * The room's users with statuses inside the retention window, in the order they joined, and
   * its host. The snapshot is kept and handed out again until the room changes or the oldest
   * status in it leaves the window, so a room read many times between writes is built once.
   */
  public RoomSnapshot room(String roomCode) {
    Room room = rooms.get(roomCode);
    if (room == null) {
      return new RoomSnapshot(roomCode, List.of(), null, lastEventId);
    }
    long now = clock.millis();
    if (room.snapshot != null && now <= room.snapshotValidUntil) {
      return room.snapshot;
    }
    long validUntil = Long.MAX_VALUE;
    List<UserStatuses> out = new ArrayList<>(room.users.size());
    for (UserHistory user : room.users.values()) {
      // each member's statuses are made again only when that member changed: after a write, one
      List<PlayerStatus> recent = recent(room, user, now).statuses();
      if (!recent.isEmpty()) {
        out.add(new UserStatuses(user.userId, recent));
        validUntil = Math.min(validUntil, user.snapshotValidUntil);
      }
    }
    room.snapshot = new RoomSnapshot(room.code, out, room.host, lastEventId);
    room.snapshotValidUntil = validUntil;
    return room.snapshot;
  }

  /** An open socket of the user: its latest status stays until the last one closes. */
  public void pin(String roomCode, String userId) {
    Room room = roomFor(roomCode);
    room.pin(userId);
    room.snapshot = null;
  }

  /** The user's socket closed; with its last one the user leaves the room. */
  public void unpin(String roomCode, String userId) {
    Room room = rooms.get(roomCode);
    if (room == null || !room.unpin(userId)) {
      return;
    }
    room.snapshot = null;
    UserHistory user = room.users.get(userId);
    if (user != null) {
      leave(room, user, RoomEvent.CLOSED);
      updateHost(room);
    }
    dropIfIdle(room);
  }

  /**
   * Drops every status older than the retention window, and users and rooms left empty. The
   * leaves are told first, then each room's host is settled once, so that no host is named who
   * leaves in the same pass.
   */
  public void expire() {
    long cutoff = cutoff();
    List<Room> left = null; // a room once per user that left it: settling a host twice changes nothing
    while (!expiry.isEmpty() && expiry.peekTime() < cutoff) {
      UserHistory user = expiry.pop();
      user.scheduled = false;
      statuses -= user.dropBefore(cutoff);
      Room room = user.room;
      if (room.users.get(user.userId) != user) {
        continue; // the user left (or left and came back as another object) since it was queued
      }
      if (user.isEmpty()) {
        leave(room, user, RoomEvent.EXPIRED);
        if (left == null) {
          left = new ArrayList<>();
        }
        left.add(room);
      } else if (user.oldestTimestamp() >= cutoff) {
        schedule(user, user.oldestTimestamp());
      }
      // else a pinned user's kept latest: its next status queues it again
    }
    if (left != null) {
      for (Room room : left) {
        updateHost(room);
        dropIfIdle(room);
      }
    }
  }

  private void schedule(UserHistory user, long oldest) {
    expiry.add(oldest, user);
    user.scheduled = true;
  }

  /** The user leaves the room, its statuses dropped; the caller settles the host. */
  private void leave(Room room, UserHistory user, String reason) {
    room.users.remove(user.userId);
    users--;
    statuses -= user.clear();
    room.snapshot = null;
    events.publish(RoomEvent.leave(++lastEventId, clock.millis(), room.code, user.userId, reason));
  }

  /** Drops the room once nothing is left in it (and it is still the one held under its code). */
  private void dropIfIdle(Room room) {
    if (room.isIdle() && rooms.get(room.code) == room) {
      rooms.remove(room.code);
    }
  }

  /**
   * The host is the user whose latest status claims it (the current host first, then in join
   * order). When the host leaves and nobody claims the role, the member present longest takes
   * it, so a room with members is never leaderless once it has had a leader.
   */
  private void updateHost(Room room) {
    String next = null;
    UserHistory current = room.host == null ? null : room.users.get(room.host);
    if (current != null && current.claimsHost()) {
      next = current.userId;
    } else {
      for (UserHistory u : room.users.values()) {
        if (u.claimsHost()) {
          next = u.userId;
          break;
        }
      }
      if (next == null && room.host != null && !room.users.isEmpty()) {
        next = current != null ? current.userId : room.users.keySet().iterator().next();
      }
    }
    if (!Objects.equals(next, room.host)) {
      room.host = next;
      room.snapshot = null;
      events.publish(RoomEvent.host(++lastEventId, clock.millis(), room.code, next));
    }
  }

  private long cutoff() {
    return clock.millis() - ttlMs;
  }

  /** The id of the last event this shard published. */
  public long lastEventId() {
    return lastEventId;
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
