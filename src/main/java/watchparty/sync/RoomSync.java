package watchparty.sync;

import java.util.ArrayList;
import java.util.List;
import watchparty.json.JsonWriter;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomSnapshot;
import watchparty.status.UserStatuses;

/**
 * The server's view of who is out of sync: every member's position extrapolated to now from its
 * latest status, its drift from the host's, and the correction {@link SyncPolicy} advises. Pure:
 * it reads a snapshot and a time, so it is tested without a server or a clock.
 */
public final class RoomSync {
  public enum Action {
    NONE, RATE, SEEK
  }

  /** One player at {@code serverTime}. */
  public record Member(String userId, double position, boolean playing, double playbackRate, double drift,
      Action action, double suggestedRate) {
  }

  private final String roomCode;
  private final long serverTime;
  private final Member host;
  private final List<Member> members;

  private RoomSync(String roomCode, long serverTime, Member host, List<Member> members) {
    this.roomCode = roomCode;
    this.serverTime = serverTime;
    this.host = host;
    this.members = members;
  }

  public Member host() {
    return host;
  }

  public List<Member> members() {
    return members;
  }

  /**
   * Where the player is now: its reported time, advanced by the time since if it is playing.
   * The time since is counted from when the time was sampled, if the player said so, which
   * leaves out the report's trip to the server; else from when the report arrived.
   */
  public static double position(PlayerStatus s, long now) {
    if (!playing(s)) {
      return s.time();
    }
    double sampled = s.hasSampledAt() ? s.sampledAt() : s.timestamp();
    double advanced = s.time() + Math.max(0, now - sampled) / 1000.0 * s.playbackRate();
    return s.duration() > 0 ? Math.min(advanced, s.duration()) : advanced;
  }

  static boolean playing(PlayerStatus s) {
    return s.isPlaying() && !s.isPaused() && !s.isLoading();
  }

  public static RoomSync of(RoomSnapshot room, long now, SyncPolicy policy) {
    PlayerStatus hostStatus = null;
    for (UserStatuses u : room.users()) {
      if (u.userId().equals(room.host())) {
        hostStatus = latest(u);
      }
    }
    Member host = null;
    double hostPosition = 0;
    if (hostStatus != null) {
      hostPosition = position(hostStatus, now);
      host = new Member(room.host(), hostPosition, playing(hostStatus), hostStatus.playbackRate(), 0, Action.NONE,
          hostStatus.playbackRate());
    }
    List<Member> members = new ArrayList<>(room.users().size());
    for (UserStatuses u : room.users()) {
      if (host != null && u.userId().equals(host.userId())) {
        continue;
      }
      PlayerStatus s = latest(u);
      double position = position(s, now);
      if (host == null) {
        members.add(new Member(u.userId(), position, playing(s), s.playbackRate(), 0, Action.NONE, s.playbackRate()));
        continue;
      }
      double drift = position - hostPosition; // positive: ahead of the host
      double abs = Math.abs(drift) * 1000;
      // a changed speed closes a gap only while both play: otherwise a drift past the band is a seek
      boolean bothPlay = host.playing() && playing(s);
      Action action = abs <= policy.deadBandMs() ? Action.NONE
          : abs < policy.seekThresholdMs() && bothPlay ? Action.RATE : Action.SEEK;
      double rate = action == Action.RATE
          ? host.playbackRate() * (drift > 0 ? 1 - policy.rateNudge() : 1 + policy.rateNudge())
          : host.playbackRate();
      members.add(new Member(u.userId(), position, playing(s), s.playbackRate(), drift, action, rate));
    }
    return new RoomSync(room.roomCode(), now, host, members);
  }

  private static PlayerStatus latest(UserStatuses u) {
    return u.statuses().get(u.statuses().size() - 1);
  }

  private static final byte[] ROOM = JsonWriter.bytes("{\"roomCode\":");
  private static final byte[] TIME = JsonWriter.bytes(",\"serverTime\":");
  private static final byte[] HOST = JsonWriter.bytes(",\"host\":");
  private static final byte[] MEMBERS = JsonWriter.bytes(",\"members\":[");

  /**
   * {"roomCode":..,"serverTime":T,"host":{member}|null,"members":[{member},..]}; a member is
   * {"userId":..,"position":s,"playing":b,"playbackRate":r,"drift":s,"action":"none"|"rate"|"seek"}
   * with "playbackRate" to set for "rate" ("suggestedRate") and the host's position for "seek"
   * ("seekTo"). Positions and drift are in seconds.
   */
  public JsonWriter json(JsonWriter w) {
    w.raw(ROOM).string(roomCode).raw(TIME).number(serverTime).raw(HOST);
    if (host == null) {
      w.nul();
    } else {
      member(w, host);
    }
    w.raw(MEMBERS);
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        w.raw(',');
      }
      member(w, members.get(i));
    }
    return w.raw(']').raw('}');
  }

  private static final byte[] USER_ID = JsonWriter.bytes("{\"userId\":");
  private static final byte[] POSITION = JsonWriter.bytes(",\"position\":");
  private static final byte[] PLAYING = JsonWriter.bytes(",\"playing\":");
  private static final byte[] RATE = JsonWriter.bytes(",\"playbackRate\":");
  private static final byte[] DRIFT = JsonWriter.bytes(",\"drift\":");
  private static final byte[][] ACTION = {
      JsonWriter.bytes(",\"action\":\"none\""), JsonWriter.bytes(",\"action\":\"rate\""),
      JsonWriter.bytes(",\"action\":\"seek\"")};
  private static final byte[] SUGGESTED_RATE = JsonWriter.bytes(",\"suggestedRate\":");
  private static final byte[] SEEK_TO = JsonWriter.bytes(",\"seekTo\":");

  private void member(JsonWriter w, Member m) {
    w.raw(USER_ID).string(m.userId())
        .raw(POSITION).number(round(m.position()))
        .raw(PLAYING).bool(m.playing())
        .raw(RATE).number(m.playbackRate());
    if (m != host) {
      w.raw(DRIFT).number(round(m.drift())).raw(ACTION[m.action().ordinal()]);
      if (m.action() == Action.RATE) {
        w.raw(SUGGESTED_RATE).number(m.suggestedRate());
      } else if (m.action() == Action.SEEK) {
        w.raw(SEEK_TO).number(round(host.position()));
      }
    }
    w.raw('}');
  }

  /** Milliseconds are all a player can act on. */
  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
