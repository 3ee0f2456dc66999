package watchparty.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import watchparty.json.JsonWriter;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomSnapshot;
import watchparty.status.UserStatuses;

class RoomSyncTest {
  private static final SyncPolicy POLICY = new SyncPolicy(500, 3000, 0.05);
  private static final long NOW = 1_000_000;

  private static UserStatuses user(String id, double time, long reportedAgoMs, boolean playing, double rate) {
    PlayerStatus s = PlayerStatus.builder().timestamp(NOW - reportedAgoMs).time(time).playing(playing)
        .paused(!playing).playbackRate(rate).duration(600).build();
    return new UserStatuses(id, List.of(s));
  }

  private static RoomSync sync(String host, UserStatuses... users) {
    return RoomSync.of(new RoomSnapshot("R", List.of(users), host, 0), NOW, POLICY);
  }

  @Test
  void extrapolatesAPlayingPositionByTheRateAndAPausedOneNot() {
    assertEquals(12.0, RoomSync.position(user("a", 10, 1000, true, 2).statuses().get(0), NOW), 1e-9);
    assertEquals(10.0, RoomSync.position(user("a", 10, 1000, false, 2).statuses().get(0), NOW), 1e-9);
    assertEquals(600.0, RoomSync.position(user("a", 599.5, 5000, true, 1).statuses().get(0), NOW), 1e-9,
        "never past the end");
  }

  @Test
  void advisesNothingInsideTheDeadBandARateNudgeForSmallDriftAndASeekForLarge() {
    RoomSync s = sync("host",
        user("host", 100, 0, true, 1),
        user("close", 100.4, 0, true, 1),
        user("ahead", 101.5, 0, true, 1),
        user("behind", 98.5, 0, true, 1),
        user("lost", 90, 0, true, 1));
    assertEquals("host", s.host().userId());
    List<RoomSync.Member> m = s.members();
    assertEquals(RoomSync.Action.NONE, m.get(0).action());
    assertEquals(RoomSync.Action.RATE, m.get(1).action());
    assertEquals(0.95, m.get(1).suggestedRate(), 1e-9, "ahead: slow down");
    assertEquals(RoomSync.Action.RATE, m.get(2).action());
    assertEquals(1.05, m.get(2).suggestedRate(), 1e-9, "behind: speed up");
    assertEquals(RoomSync.Action.SEEK, m.get(3).action());
    assertEquals(-10.0, m.get(3).drift(), 1e-9);
  }

  @Test
  void aSmallDriftIsASeekWhenTheHostOrTheMemberIsPaused() {
    // a paused host stays where it is, and a paused member does not move at any speed: a rate
    // change would never close the gap
    RoomSync s = sync("host",
        user("host", 100, 0, false, 1),
        user("playing", 101.5, 0, true, 1),
        user("pausedToo", 98.5, 0, false, 1),
        user("close", 100.2, 0, false, 1));
    List<RoomSync.Member> m = s.members();
    assertEquals(RoomSync.Action.SEEK, m.get(0).action());
    assertEquals(RoomSync.Action.SEEK, m.get(1).action());
    assertEquals(RoomSync.Action.NONE, m.get(2).action(), "inside the dead band nothing changes");
    RoomSync memberPaused = sync("host", user("host", 100, 0, true, 1), user("m", 98.5, 0, false, 1));
    assertEquals(RoomSync.Action.SEEK, memberPaused.members().get(0).action());
  }

  @Test
  void measuresDriftAtTheSameInstantForEveryone() {
    // the host reported 2 s ago at 100 while playing: it is at 102 now, as is a member who reported 102 just now
    RoomSync s = sync("host", user("host", 100, 2000, true, 1), user("m", 102, 0, true, 1));
    assertEquals(0.0, s.members().get(0).drift(), 1e-9);
  }

  private static UserStatuses sampled(String id, double time, long reportedAgoMs, double sampledAgoMs) {
    PlayerStatus s = PlayerStatus.builder().timestamp(NOW - reportedAgoMs).sampledAt(NOW - sampledAgoMs).time(time)
        .playing(true).duration(600).build();
    return new UserStatuses(id, List.of(s));
  }

  @Test
  void extrapolatesFromTheSampleInstantWhenTheStatusGivesOne() {
    // sampled 1.5 s ago, received 0.5 s ago: the position moved for the whole 1.5 s
    assertEquals(11.5, RoomSync.position(sampled("a", 10, 500, 1500).statuses().get(0), NOW), 1e-9);
    assertEquals(10.25, RoomSync.position(sampled("a", 10, 0, 250.0).statuses().get(0), NOW), 1e-9,
        "a fractional millisecond counts");
    assertEquals(10.0, RoomSync.position(sampled("a", 10, 500, -200).statuses().get(0), NOW), 1e-9,
        "a sample after now never moves the position back");
  }

  @Test
  void theSyncViewMeasuresDriftFromTheHostsSampleInstant() {
    // the host sampled 100 three seconds ago but its report took two seconds to arrive: it is at
    // 103 now, as is a member who reported 103 just now; from the receipt time it would seem at 101
    RoomSync s = sync("host", sampled("host", 100, 1000, 3000), user("m", 103, 0, true, 1));
    assertEquals(103.0, s.host().position(), 1e-9);
    assertEquals(0.0, s.members().get(0).drift(), 1e-9);
    assertEquals(RoomSync.Action.NONE, s.members().get(0).action());
  }

  @Test
  void aRoomWithoutAHostHasNoDrift() {
    RoomSync s = sync(null, user("a", 1, 0, true, 1));
    assertNull(s.host());
    assertEquals(RoomSync.Action.NONE, s.members().get(0).action());
    assertEquals("{\"roomCode\":\"R\",\"serverTime\":1000000,\"host\":null,\"members\":[{\"userId\":\"a\",\"position\":1,"
        + "\"playing\":true,\"playbackRate\":1,\"drift\":0,\"action\":\"none\"}]}", s.json(new JsonWriter()).toString());
  }
}
