package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.support.Await;
import watchparty.time.Clock;

/**
 * The room rules every {@link StatusStore} keeps, run against each store through the interface
 * alone: history per user, the retention window, users and rooms leaving by expiry, pins, host
 * succession, caps, event order and ids, and resuming. Time is the test's clock; what a store
 * does on its own timer (the memory store's expiry tick, the Redis store's sweep of followed
 * rooms) is waited for as the events it tells.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StatusStoreContract {
  protected static final int LOOPS = 2;
  protected static final long TTL_MS = 10_000;
  protected static final int HISTORY = 5;
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The caps a store is made with (see {@link #enforcesStoreWideCaps}). */
  protected record Caps(long rooms, long users, long usersPerRoom) {
    static final Caps NONE = new Caps(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** The store under test, for LOOPS serving loops, with TTL_MS and HISTORY. */
  protected abstract StatusStore newStore(Vertx vertx, Clock clock, Caps caps) throws Exception;

  /** Whether a listener that resumes is told the events it missed (else it starts from a snapshot). */
  protected abstract boolean keepsEvents();

  /** Whether the store enforces MAX_ROOMS and MAX_USERS (MAX_USERS_PER_ROOM both do). */
  protected abstract boolean enforcesStoreWideCaps();

  /** Asserts that the store holds nothing more of the room, or lets it go by itself. */
  protected abstract void assertReleased(String roomCode) throws Exception;

  protected final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  protected StatusStore store;
  private Vertx vertx;
  private final List<Context> loops = new CopyOnWriteArrayList<>();

  protected void start() throws Exception {
    start(Caps.NONE);
  }

  /** Starts the store on LOOPS serving loops, as the service does, and waits until it is ready. */
  protected void start(Caps caps) throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
    store = newStore(vertx, now::get, caps);
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        return store.startOn(context);
      }
    }, new DeploymentOptions().setInstances(LOOPS)).await(10, TimeUnit.SECONDS);
    Await.until(WAIT, "the store is not ready", store::isReady);
  }

  @AfterEach
  void stop() throws Exception {
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  protected Vertx vertx() {
    return vertx;
  }

  // ---- calls, on a serving loop as the service makes them

  /** Runs the call on the given loop and waits for its answer; a failure is thrown as it is. */
  protected <T> T on(int loop, Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loops.get(loop).runOnContext(v -> call.get().onComplete(r -> {
      if (r.succeeded()) {
        result.complete(r.result());
      } else {
        result.completeExceptionally(r.cause());
      }
    }));
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void post(String room, String user, double time, boolean host) throws Exception {
    on(0, () -> store.append(new StatusReport(user, room,
        PlayerStatus.builder().timestamp(now.get()).time(time).host(host).build())));
  }

  protected void post(String room, String user, double time) throws Exception {
    post(room, user, time, false);
  }

  protected void postAsHost(String room, String user, double time) throws Exception {
    post(room, user, time, true);
  }

  protected RoomSnapshot room(String room) throws Exception {
    return on(1, () -> store.room(room));
  }

  protected List<Double> history(String room, String user) throws Exception {
    return times(on(1, () -> store.history(room, user)).statuses());
  }

  protected static List<Double> times(List<PlayerStatus> statuses) {
    return statuses.stream().map(PlayerStatus::time).toList();
  }

  protected static List<String> users(RoomSnapshot room) {
    return room.users().stream().map(UserStatuses::userId).toList();
  }

  // ---- live listeners

  /** What a listener was told, each event as "type:userId[:reason]" with its id. */
  protected static final class Feed implements RoomListener {
    final CompletableFuture<RoomSnapshot> started = new CompletableFuture<>();
    volatile List<RoomEvent> missed;
    final BlockingQueue<Told> told = new LinkedBlockingQueue<>();

    record Told(long id, String event) {
    }

    @Override
    public void onStart(RoomSnapshot room, List<RoomEvent> missedEvents) {
      missed = missedEvents;
      started.complete(room);
    }

    @Override
    public void onEvent(RoomEvent event, RoomSnapshot room) {
      told.add(told(event));
    }

    static Told told(RoomEvent event) {
      // read from the JSON as sent: an event published by another instance carries only that
      JsonObject json = new JsonObject(Buffer.buffer(event.json()));
      String type = json.getString("type");
      String user = type.equals("status") ? json.getJsonObject("status").getString("userId") : json.getString("userId");
      String reason = json.getString("reason");
      return new Told(json.getLong("id"), type + ":" + user + (reason != null ? ":" + reason : ""));
    }

    Told next() throws InterruptedException {
      Told t = told.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(t, "no event within " + WAIT.toMillis() + " ms");
      return t;
    }

    /** The next events, exactly these. */
    List<Told> expect(String... events) throws InterruptedException {
      List<Told> got = new ArrayList<>();
      for (int i = 0; i < events.length; i++) {
        Told t = told.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
          break; // told fewer: the comparison below shows which
        }
        got.add(t);
      }
      assertEquals(List.of(events), got.stream().map(Told::event).toList());
      return got;
    }

    /** Events up to the last of these, which must come in this order; others between are passed over. */
    List<Told> awaitInOrder(String... events) throws InterruptedException {
      List<Told> got = new ArrayList<>();
      for (String wanted : events) {
        Told t;
        do {
          t = next();
          got.add(t);
        } while (!t.event().equals(wanted));
      }
      return got;
    }

    void assertNothingMoreThan(Set<String> allowed) {
      for (Told t : told) {
        assertTrue(allowed.contains(t.event()), "unexpected " + t.event());
      }
    }
  }

  protected record Listening(int loop, Subscription subscription, Feed feed) {
  }

  /** Follows the room from the given loop, again while the store cannot follow yet (Redis's pub/sub). */
  protected Listening listen(int loop, String room, String userId, long lastEventId) throws Exception {
    AtomicReference<Listening> made = new AtomicReference<>();
    Await.until(WAIT, "the store could not follow " + room, () -> {
      Feed feed = new Feed();
      try {
        made.set(new Listening(loop, on(loop, () -> store.subscribe(room, userId, lastEventId, feed)), feed));
        return true;
      } catch (StoreUnavailableException e) {
        return false;
      }
    });
    assertTrue(made.get().feed().started.isDone(), "the subscription was answered before its listener started");
    return made.get();
  }

  protected Listening listen(String room) throws Exception {
    return listen(1, room, null, -1);
  }

  protected void close(Listening l) throws Exception {
    on(l.loop(), () -> l.subscription().close());
  }

  private static void assertRising(List<Feed.Told> events, long after) {
    long previous = after;
    for (Feed.Told t : events) {
      assertTrue(t.id() > previous, "event ids rise: " + t.id() + " after " + previous);
      previous = t.id();
    }
  }

  // ---- the rules

  @Test
  void keepsEachUsersLastStatusesOldestFirstAndUsersInJoinOrder() throws Exception {
    start();
    post("12", "team:blue", 0);
    post("12", "host", 100);
    for (int t = 1; t < 8; t++) {
      now.addAndGet(10);
      post("12", "team:blue", t);
    }
    post("1234", "longer", 1);
    post("X12", "prefixed", 1);
    RoomSnapshot room = room("12");
    assertEquals(List.of("team:blue", "host"), users(room), "join order, ids with colons intact");
    assertEquals(List.of(3.0, 4.0, 5.0, 6.0, 7.0), times(room.users().get(0).statuses()), "the last HISTORY");
    assertEquals(List.of(3.0, 4.0, 5.0, 6.0, 7.0), history("12", "team:blue"));
    assertEquals(List.of(), history("1234", "team:blue"), "room codes match exactly");
    assertEquals(List.of(), users(room("1")));
  }

  @Test
  void answersOnlyStatusesInsideTheWindowEvenBeforeCleanup() throws Exception {
    start();
    long t0 = now.get();
    post("W", "u", 1);
    now.addAndGet(TTL_MS / 2);
    post("W", "u", 2);
    post("W", "v", 3);
    now.set(t0 + TTL_MS); // the first status is exactly one window old: still answered
    assertEquals(List.of(1.0, 2.0), history("W", "u"));
    now.set(t0 + TTL_MS + 1);
    assertEquals(List.of(2.0), history("W", "u"));
    assertEquals(List.of(2.0), times(room("W").users().get(0).statuses()));
    now.set(t0 + TTL_MS / 2 + TTL_MS + 1);
    assertEquals(List.of(), users(room("W")));
    assertEquals(List.of(), history("W", "v"));
  }

  @Test
  void usersWhoseStatusesLeftTheWindowLeaveAndTheirRoomGoesWithTheLast() throws Exception {
    start();
    Listening l = listen("EXP");
    postAsHost("EXP", "a", 1);
    post("EXP", "b", 1);
    l.feed().expect("status:a", "host:a", "status:b");
    now.addAndGet(TTL_MS + 1);
    // nobody writes: the store's own timer finds them gone; the host is settled once, after both
    List<Feed.Told> told = List.of(l.feed().next(), l.feed().next(), l.feed().next());
    assertEquals(Set.of("leave:a:expired", "leave:b:expired"),
        told.subList(0, 2).stream().map(Feed.Told::event).collect(Collectors.toSet()));
    assertEquals("host:null", told.get(2).event(), "no passing host between leaves of one sweep");
    RoomSnapshot room = room("EXP");
    assertEquals(List.of(), users(room));
    assertNull(room.host());
    close(l);
    assertReleased("EXP");
    post("EXP", "c", 2);
    assertEquals(List.of("c"), users(room("EXP")), "a new room");
    assertNull(room("EXP").host());
  }

  @Test
  void whenTheHostsLastSocketClosesTheMemberPresentLongestLeads() throws Exception {
    start();
    Listening l = listen("HS");
    Listening hostSocket = listen(0, "HS", "h", -1);
    postAsHost("HS", "h", 1);
    now.addAndGet(1);
    post("HS", "g", 1);
    now.addAndGet(1);
    post("HS", "x", 1);
    close(hostSocket);
    List<Feed.Told> told = l.feed().expect("status:h", "host:h", "status:g", "status:x", "leave:h:closed", "host:g");
    assertRising(told, l.feed().started.get().lastEventId());
    assertEquals("g", room("HS").host());
    assertEquals(List.of("g", "x"), users(room("HS")));
  }

  @Test
  void whenTheHostsStatusesExpireTheMemberPresentLongestLeads() throws Exception {
    start();
    Listening l = listen("HE");
    postAsHost("HE", "h", 1);
    post("HE", "g", 1);
    now.addAndGet(1);
    post("HE", "x", 1);
    now.addAndGet(TTL_MS / 2);
    post("HE", "x", 2);
    post("HE", "g", 2);
    now.addAndGet(TTL_MS / 2 + 1); // h's only status is past the window; g's and x's latest are not
    post("HE", "g", 3);
    l.feed().awaitInOrder("leave:h:expired", "host:g");
    assertEquals("g", room("HE").host());
    assertEquals(List.of("g", "x"), users(room("HE")));
  }

  @Test
  void aClaimTakesTheRoleAndAHostWhoStopsClaimingLeadsWhileNobodyElseClaims() throws Exception {
    start();
    Listening l = listen("HC");
    postAsHost("HC", "h", 1);
    postAsHost("HC", "g", 1); // the host still claims: it stays
    post("HC", "h", 2); // it stops: the first claimant in join order takes over
    post("HC", "g", 2); // nobody claims: the host stays
    post("HC", "g", 3);
    postAsHost("HC", "x", 1);
    List<Feed.Told> told = l.feed().expect("status:h", "host:h", "status:g", "status:h", "host:g", "status:g",
        "status:g", "status:x", "host:x");
    assertRising(told, l.feed().started.get().lastEventId());
    assertEquals("x", room("HC").host());
  }

  @Test
  void aSocketHoldsItsUsersLatestStatusPastTheWindowAndItsUserLeavesWithTheLastSocket() throws Exception {
    start();
    Listening l = listen("P");
    long t0 = now.get();
    postAsHost("P", "h", 1);
    now.addAndGet(1);
    postAsHost("P", "h", 2);
    post("P", "x", 1);
    now.addAndGet(TTL_MS / 2);
    Listening first = listen(0, "P", "h", -1);
    Listening second = listen(1, "P", "h", -1);
    now.set(t0 + TTL_MS + 2); // every status is past the window
    l.feed().awaitInOrder("leave:x:expired"); // the sweep that passed over h has run
    l.feed().assertNothingMoreThan(Set.of());
    assertEquals(List.of("h"), users(room("P")));
    assertEquals(List.of(2.0), times(room("P").users().get(0).statuses()), "the held user's latest only");
    assertEquals(List.of(2.0), history("P", "h"));
    assertEquals("h", room("P").host(), "a silent host with an open socket leads");

    postAsHost("P", "h", 3);
    assertEquals(List.of(3.0), history("P", "h"), "its next status makes the old latest go");
    close(first);
    assertEquals(List.of("h"), users(room("P")), "one of its sockets is still open");
    close(second);
    l.feed().awaitInOrder("leave:h:closed", "host:null");
    assertEquals(List.of(), users(room("P")));
    close(l);
    assertReleased("P");
  }

  @Test
  void aRoomAtItsUserCapRefusesNewcomersUntilAMembersStatusesLeaveTheWindow() throws Exception {
    start(new Caps(Long.MAX_VALUE, Long.MAX_VALUE, 2));
    long t0 = now.get();
    post("CAP", "a", 1);
    post("CAP", "b", 1);
    StoreFullException refused = assertThrows(StoreFullException.class, () -> post("CAP", "c", 1));
    assertTrue(refused.getMessage().contains("MAX_USERS_PER_ROOM"), refused.getMessage());
    post("CAP", "a", 2); // members keep reporting
    now.addAndGet(TTL_MS / 2);
    post("CAP", "b", 2);
    now.set(t0 + TTL_MS + 1); // a's statuses are past the window: a has left, whether or not told yet
    post("CAP", "c", 1);
    assertEquals(List.of("b", "c"), users(room("CAP")));
  }

  @Test
  void aUserWhoseStatusesLeftTheWindowComesBackAsANewcomer() throws Exception {
    start();
    Listening l = listen("BACK");
    long t0 = now.get();
    postAsHost("BACK", "a", 1);
    post("BACK", "b", 1);
    l.feed().expect("status:a", "host:a", "status:b");
    now.addAndGet(TTL_MS / 2);
    post("BACK", "b", 2);
    l.feed().expect("status:b");
    now.set(t0 + TTL_MS + 1);
    post("BACK", "a", 3);
    // it left when its last status left the window; it comes back last in join order, with nothing older
    l.feed().expect("leave:a:expired", "host:b", "status:a");
    assertEquals(List.of("b", "a"), users(room("BACK")));
    assertEquals("b", room("BACK").host());
    assertEquals(List.of(3.0), history("BACK", "a"));
  }

  @Test
  void eventIdsRiseAndAResumingListenerGetsWhatItMissedOrAFreshSnapshot() throws Exception {
    start();
    Listening first = listen("EV");
    assertNull(first.feed().missed, "a new listener resumes nothing");
    post("EV", "a", 1);
    post("EV", "b", 1);
    post("EV", "a", 2);
    List<Feed.Told> seen = first.feed().expect("status:a", "status:b", "status:a");
    assertRising(seen, first.feed().started.get().lastEventId());
    close(first);

    long lastSeen = seen.get(1).id(); // as if its connection dropped after the second event
    post("EV", "c", 1);
    Listening resumed = listen(0, "EV", null, lastSeen);
    RoomSnapshot snapshot = resumed.feed().started.get();
    long covered = snapshot.lastEventId();
    if (keepsEvents()) {
      assertEquals(List.of("status:a", "status:c"),
          resumed.feed().missed.stream().map(e -> Feed.told(e).event()).toList(), "the events after its last");
      assertRising(resumed.feed().missed.stream().map(Feed::told).toList(), lastSeen);
      covered = Math.max(covered, resumed.feed().missed.get(1).id());
    } else {
      assertNull(resumed.feed().missed, "events are not kept: it starts from the room");
    }
    assertEquals(List.of("a", "b", "c"), users(snapshot));
    assertTrue(covered >= seen.get(2).id(), "the answer covers every event before it");

    Listening unknown = listen(1, "EV", null, seen.get(2).id() + 1_000_000);
    assertNull(unknown.feed().missed, "an id the store never gave: a fresh snapshot");

    post("EV", "d", 1);
    Feed.Told next = resumed.feed().expect("status:d").get(0);
    assertTrue(next.id() > covered, "nothing told twice");
    assertEquals(next.id(), unknown.feed().expect("status:d").get(0).id(), "one id, whoever listens");
  }

  @Test
  void roomAndUserCapsAreTheMemoryStoresOnly() throws Exception {
    // each of LOOPS shards holds its share: a cap of LOOPS rooms is one room a shard
    start(new Caps(LOOPS, LOOPS, Long.MAX_VALUE));
    int roomsRefused = 0;
    for (int i = 0; i < 10; i++) {
      try {
        post("ROOM" + i, "u", 1);
      } catch (StoreFullException e) {
        assertTrue(e.getMessage().contains("MAX_ROOMS"), e.getMessage());
        roomsRefused++;
      }
    }
    int usersRefused = 0;
    for (int i = 0; i < 10; i++) {
      try {
        post("ROOM0", "user" + i, 1);
      } catch (StoreFullException e) {
        assertTrue(e.getMessage().contains("MAX_USERS"), e.getMessage());
        usersRefused++;
      }
    }
    if (enforcesStoreWideCaps()) {
      assertEquals(10 - LOOPS, roomsRefused);
      assertEquals(10, usersRefused, "ROOM0's shard holds its one user already");
    } else {
      // documented (docs/configuration.md): only the memory store counts rooms and users held
      assertEquals(0, roomsRefused);
      assertEquals(0, usersRefused);
    }
  }
}
