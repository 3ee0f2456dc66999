package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import watchparty.json.JsonWriter;
import watchparty.status.Content;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;

/**
 * One shard's own bookkeeping: counters, kept answers, shared content, its expiry queue. The room
 * rules it shares with the Redis store are in {@link StatusStoreContract}.
 */
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

  private static List<Double> times(List<PlayerStatus> statuses) {
    return statuses.stream().map(PlayerStatus::time).toList();
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
  void aUserWhoComesBackBeforeTheExpiryTickIsCountedOnceWithAFreshHistory() {
    post("R", "u", 1);
    post("R", "u", 2);
    now += 60_001;
    post("R", "u", 3); // it left with its statuses; the tick has not run yet
    assertEquals(List.of("status:u", "status:u", "leave:u:expired", "status:u"), told());
    assertEquals(1, shard.users());
    assertEquals(1, shard.statuses());
    now += 1;
    shard.expire(); // the old history's queue entry is stale
    assertEquals(List.of(3.0), times(shard.history("R", "u").statuses()));
    assertEquals(List.of(), told());
  }

  @Test
  void anExpiryPassTellsItsLeavesBeforeSettlingTheHostOnce() {
    post("R", "h", 1, true);
    post("R", "a", 1);
    now += 1;
    post("R", "b", 1);
    now += 30_000;
    post("R", "b", 2);
    told();
    now += 30_000;
    shard.expire(); // h and a leave in one pass: a, the next in join order, is never named host
    assertEquals(List.of("leave:h:expired", "leave:a:expired", "host:b"), told());
  }

  @Test
  void aNewcomerRefusedByACapLeavesNoEmptyRoomBehind() {
    RoomShard capped = new RoomShard(() -> now, 60_000, 5, RoomShard.Events.NONE,
        new RoomShard.Limits(Long.MAX_VALUE, 1, Long.MAX_VALUE));
    capped.append(new StatusReport("u1", "A", PlayerStatus.builder().timestamp(now).build()));
    assertThrows(StoreFullException.class,
        () -> capped.append(new StatusReport("u2", "B", PlayerStatus.builder().timestamp(now).build())));
    assertEquals(1, capped.rooms());
    now += 60_001; // u1 has left: its place counts no more, even before the tick
    capped.append(new StatusReport("u2", "B", PlayerStatus.builder().timestamp(now).build()));
    assertEquals(1, capped.rooms());
    assertEquals(1, capped.users());
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
