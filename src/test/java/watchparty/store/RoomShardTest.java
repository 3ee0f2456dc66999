package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.nio.charset.StandardCharsets;
import watchparty.json.JsonWriter;
import watchparty.status.Content;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;

class RoomShardTest {
  private long now = 1_000_000;
  private final List<RoomEvent> events = new ArrayList<>();
  private final RoomShard shard = new RoomShard(() -> now, 60_000, 5, events::add);

  private void post(String room, String user, double time) {
    post(room, user, time, false);
  }

  private void post(String room, String user, double time, boolean host) {
    shard.append(new StatusReport(user, room, PlayerStatus.builder().timestamp(now).time(time).host(host).build()));
  }

  private List<String> told() {
    List<String> out = events.stream().map(e -> e.type().eventName() + ":" + e.userId()
        + (e.reason() != null ? ":" + e.reason() : "")).toList();
    events.clear();
    return out;
  }

  @Test
  void tellsEveryStatusLeaveAndHostChangeInOrderWithRisingIds() {
    post("R", "h", 1, true);
    post("R", "g", 1);
    assertEquals(List.of("status:h", "host:h", "status:g"), told());
    now += 30_000;
    post("R", "g", 2);
    told();
    now += 30_001;
    shard.expire();
    // the host's statuses expired: it leaves, and the member present longest leads
    assertEquals(List.of("leave:h:expired", "host:g"), told());
    long previous = 0;
    post("R", "g", 3);
    post("R", "x", 3, true);
    for (RoomEvent e : events) {
      assertTrue(e.id() > previous);
      previous = e.id();
    }
    assertEquals(List.of("status:g", "status:x", "host:x"), told());
  }

  @Test
  void aPinnedUsersLatestStatusOutlivesTheWindowAndTheUserLeavesWhenUnpinned() {
    shard.pin("R", "h");
    post("R", "h", 1, true);
    post("R", "h", 2, true);
    now += 120_000;
    shard.expire();
    assertEquals(List.of(2.0), times(shard.history("R", "h").statuses()), "a silent host with an open socket stays");
    assertEquals("h", shard.room("R").host());
    told();
    shard.unpin("R", "h");
    assertEquals(List.of("leave:h:closed", "host:null"), told());
    assertEquals(0, shard.rooms());
    assertEquals(0, shard.statuses());
  }

  @Test
  void aPinnedUsersOldLatestExpiresOnceItPostsAgain() {
    shard.pin("R", "h");
    post("R", "h", 1);
    now += 120_000;
    shard.expire(); // kept: the latest of a user with an open socket
    post("R", "h", 2);
    shard.expire();
    assertEquals(List.of(2.0), times(shard.history("R", "h").statuses()));
    assertEquals(1, shard.statuses());
    now += 60_001;
    shard.expire();
    assertEquals(List.of(2.0), times(shard.history("R", "h").statuses()), "its new latest is kept in turn");
  }

  @Test
  void aUserWhoKeepsPostingKeepsItsLastFiveAndExpiresAfterItStops() {
    for (int i = 0; i < 200; i++) { // one status a second for 200 s: the window moves along
      post("R", "u", i);
      now += 1000;
      shard.expire();
      assertEquals(Math.min(i + 1, 5), shard.statuses());
    }
    assertEquals(List.of(195.0, 196.0, 197.0, 198.0, 199.0), times(shard.history("R", "u").statuses()));
    now += 55_000; // the five are 60, 59, 58, 57 and 56 s old: all inside the window
    shard.expire();
    assertEquals(List.of(195.0, 196.0, 197.0, 198.0, 199.0), times(shard.history("R", "u").statuses()));
    now += 2_000; // 62, 61, 60, 59, 58 s: the two past 60 s leave
    shard.expire();
    assertEquals(List.of(197.0, 198.0, 199.0), times(shard.history("R", "u").statuses()));
    assertEquals(3, shard.statuses());
    now += 2_001;
    shard.expire();
    assertEquals(0, shard.users());
    assertEquals(0, shard.rooms());
    assertEquals(0, shard.statuses());
  }

  @Test
  void reusesAUsersHistoryUntilItPostsOrAStatusInItExpires() {
    post("R", "u", 1);
    now += 1000;
    post("R", "u", 2);
    HistorySnapshot first = shard.history("R", "u");
    assertSame(first, shard.history("R", "u"), "unchanged: the same answer");
    post("R", "u", 3);
    HistorySnapshot second = shard.history("R", "u");
    assertEquals(List.of(1.0, 2.0, 3.0), times(second.statuses()), "a post makes a new one");
    now += 59_000; // the first status is exactly 60 s old: still inside
    assertSame(second, shard.history("R", "u"));
    now += 1;
    assertEquals(List.of(2.0, 3.0), times(shard.history("R", "u").statuses()), "it expired, even before cleanup");
  }

  @Test
  void aUsersHistoryAnswerIsTheSeedsShape() {
    post("R", "b", 2);
    post("R", "b", 3);
    String json = new String(shard.history("R", "b").json(new JsonWriter(64)), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"userId\":\"b\",\"roomCode\":\"R\",\"statuses\":[{\"userId\":\"b\",\"roomCode\":\"R\""), json);
    assertTrue(json.contains("\"time\":3,") && json.endsWith("}]}"), json);
  }

  @Test
  void aUserWithTwoSocketsLeavesWithTheLastOne() {
    shard.pin("R", "u");
    shard.pin("R", "u");
    post("R", "u", 1);
    shard.unpin("R", "u");
    assertEquals(1, shard.users());
    shard.unpin("R", "u");
    assertEquals(0, shard.users());
  }

  private static List<Double> times(List<PlayerStatus> statuses) {
    return statuses.stream().map(PlayerStatus::time).toList();
  }

  @Test
  void keepsEachUsersLastFiveOldestFirst() {
    for (int t = 0; t < 8; t++) {
      post("R1", "erin", t);
      now += 10;
    }
    assertEquals(List.of(3.0, 4.0, 5.0, 6.0, 7.0), times(shard.history("R1", "erin").statuses()));
    assertEquals(5, shard.statuses());
  }

  @Test
  void matchesRoomCodesExactly() {
    post("12", "inside", 1);
    post("1234", "longer", 2);
    post("X12", "prefixed", 3);
    assertEquals(List.of("inside"), shard.room("12").users().stream().map(UserStatuses::userId).toList());
    assertEquals(List.of(), shard.history("1234", "inside").statuses());
  }

  @Test
  void listsUsersInTheOrderTheyJoinedWithColonsIntact() {
    post("R", "team:blue", 1);
    post("R", "host", 2);
    post("R", "team:blue", 3);
    List<UserStatuses> room = shard.room("R").users();
    assertEquals(List.of("team:blue", "host"), room.stream().map(UserStatuses::userId).toList());
    assertEquals(List.of(1.0, 3.0), times(room.get(0).statuses()));
  }

  @Test
  void answersOnlyStatusesInsideTheWindowEvenBeforeCleanup() {
    post("R", "old", 1);
    now += 30_000;
    post("R", "old", 2);
    post("R", "new", 3);
    now += 30_001; // the first status is now 60,001 ms old
    assertEquals(List.of(2.0), times(shard.history("R", "old").statuses()));
    now += 30_000;
    assertEquals(List.of(), shard.room("R").users());
  }

  @Test
  void expiryFreesStatusesUsersAndRoomsFromMemory() {
    post("A", "u1", 1);
    post("A", "u2", 1);
    now += 20_000;
    post("B", "u3", 1);
    post("A", "u1", 2);
    assertEquals(2, shard.rooms());
    assertEquals(3, shard.users());
    assertEquals(4, shard.statuses());

    now += 40_001; // the first two statuses are past the window
    shard.expire();
    assertEquals(2, shard.rooms());
    assertEquals(2, shard.users(), "u2 had nothing newer and is gone");
    assertEquals(2, shard.statuses());

    now += 20_000;
    shard.expire();
    assertEquals(0, shard.rooms());
    assertEquals(0, shard.users());
    assertEquals(0, shard.statuses());
  }

  @Test
  void aUserWhoComesBackAfterExpiryStartsAFreshHistory() {
    post("R", "u", 1);
    now += 60_001;
    shard.expire();
    post("R", "u", 2);
    now += 1;
    shard.expire(); // stale queue entries of the old history must not touch the new one
    assertEquals(List.of(2.0), times(shard.history("R", "u").statuses()));
    assertEquals(1, shard.users());
  }

  @Test
  void reusesARoomsSnapshotUntilTheRoomChangesOrAStatusInItExpires() {
    post("R", "a", 1);
    now += 1000;
    post("R", "b", 2);
    RoomSnapshot first = shard.room("R");
    assertSame(first, shard.room("R"), "nothing changed");
    post("R", "b", 3);
    RoomSnapshot second = shard.room("R");
    assertEquals(List.of(2.0, 3.0), times(second.users().get(1).statuses()));
    now += 59_000; // a's status is exactly 60 s old: still answered
    assertSame(second, shard.room("R"));
    now += 1;
    assertEquals(List.of("b"), shard.room("R").users().stream().map(UserStatuses::userId).toList());
  }

  @Test
  void storesEqualContentOnceARoom() {
    Content a = new Content("Film", "movie", 1L, null, null, null, null);
    Content b = new Content("Film", "movie", 1L, null, null, null, null);
    shard.append(new StatusReport("u1", "R", PlayerStatus.builder().timestamp(now).content(a).build()));
    shard.append(new StatusReport("u2", "R", PlayerStatus.builder().timestamp(now).content(b).build()));
    assertSame(shard.history("R", "u1").statuses().get(0).content(), shard.history("R", "u2").statuses().get(0).content());
  }

  @Test
  void expiresThousandsOfUsersAcrossRoomsAtOnce() {
    for (int i = 0; i < 10_000; i++) {
      post("R" + (i % 100), "u" + i, i);
    }
    now += 60_001;
    post("fresh", "f", 0);
    shard.expire();
    assertEquals(1, shard.rooms());
    assertEquals(1, shard.room("fresh").users().size());
  }
}
