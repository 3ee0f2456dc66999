package watchparty.redis;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Logger;
import watchparty.json.JsonWriter;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusJson;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;
import watchparty.status.UserStatuses;
import watchparty.store.CallerPromise;
import watchparty.store.LoopListeners;
import watchparty.store.RoomListener;
import watchparty.store.StatusStore;
import watchparty.store.StoreFullException;
import watchparty.store.StoreUnavailableException;
import watchparty.store.Subscription;
import watchparty.time.Clock;

/**
 * The shared store: every instance keeps its rooms in one Redis. Each change is one call of the
 * room script (rooms.lua: append, trim, expire, host, event id and publish in one atomic step);
 * a read is one call too. Live events cross instances on one pub/sub channel per room, to which
 * an instance subscribes only while it has listeners of that room.
 *
 * <p>When Redis is down or slow, every call fails within the timeout as
 * {@link StoreUnavailableException} (an HTTP 503), readiness turns off, and the client keeps
 * reconnecting; live connections stay open and resume when Redis is back.
 */
public final class RedisStore implements StatusStore {
  private static final Logger LOG = Logger.getLogger("watchparty");
  private static final String SCRIPT = script();
  private static final String SHA = sha1(SCRIPT);
  /**
   * How long an instance's hold on a followed room's events lasts; renewed each second, so it
   * outlasts pauses and clock differences between instances.
   */
  private static final long LISTEN_LEASE_MS = 30_000;

  private final Vertx vertx;
  private final Redis client;
  /**
   * Makes the pub/sub hub's subscriber connection (a subscriber is no pool's). Made here, with the
   * store, not on a serving loop: a client made on a verticle's loop is closed when that verticle
   * is undeployed, before the store is closed.
   */
  private final Redis subscriberClient;
  private final Clock clock;
  private final long ttlMs;
  private final int history;
  private final long timeoutMs;
  private final byte[] instanceArg = bytes(UUID.randomUUID().toString());
  private final StatusParser parser = new StatusParser();
  private final AtomicReferenceArray<Loop> loops;
  private final AtomicInteger started = new AtomicInteger();
  private final Promise<Void> allStarted = Promise.promise();
  private volatile boolean reachable;
  private volatile boolean flushWarned;
  private Hub hub;

  private final long maxUsersPerRoom;
  private final byte[] ttlArg;
  private final byte[] historyArg;
  private final byte[] maxUsersArg;

  public RedisStore(Vertx vertx, RedisOptions options, int loopCount, Clock clock, long ttlMs, int history,
      long timeoutMs, long maxUsersPerRoom) {
    this.maxUsersPerRoom = maxUsersPerRoom;
    this.vertx = vertx;
    this.client = Redis.createClient(vertx, options);
    this.subscriberClient = Redis.createClient(vertx, options);
    this.loops = new AtomicReferenceArray<>(loopCount);
    this.clock = clock;
    this.ttlMs = ttlMs;
    this.history = history;
    this.timeoutMs = timeoutMs;
    this.ttlArg = bytes(Long.toString(ttlMs));
    this.historyArg = bytes(Integer.toString(history));
    this.maxUsersArg = bytes(Long.toString(maxUsersPerRoom));
  }

  /**
   * A serving event loop: its live listeners, and its own Redis connection, on which its
   * requests are pipelined without a pool or a hop to another thread.
   */
  private static final class Loop {
    final int index;
    final Context context;
    final Thread thread;
    final LoopListeners listeners = new LoopListeners();
    RedisConnection connection;
    boolean connecting;

    Loop(int index, Context context) {
      this.index = index;
      this.context = context;
      this.thread = Thread.currentThread();
    }

    int index() {
      return index;
    }

    Context context() {
      return context;
    }

    Thread thread() {
      return thread;
    }

    LoopListeners listeners() {
      return listeners;
    }
  }

  @Override
  public Future<Void> startOn(Context context) {
    int index = started.getAndIncrement();
    if (index >= loops.length()) {
      return Future.failedFuture("the Redis store serves " + loops.length() + " event loops, all taken");
    }
    Loop loop = new Loop(index, context);
    loops.set(index, loop);
    connect(loop);
    if (index == 0) {
      hub = new Hub(context);
      hub.start();
    }
    if (index == loops.length() - 1) {
      allStarted.complete();
    }
    // each loop goes on from here on its own thread: its server must listen on its own loop
    return CallerPromise.onCaller(allStarted.future());
  }

  @Override
  public boolean isReady() {
    return reachable;
  }

  @Override
  public Future<Void> close() {
    Future<Void> hubClosed = hub == null ? Future.succeededFuture() : hub.close();
    return hubClosed.eventually(() -> Future.join(subscriberClient.close(), client.close())).mapEmpty();
  }

  // ---- the room script

  private static final byte[] SHA_ARG = SHA.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SCRIPT_ARG = SCRIPT.getBytes(StandardCharsets.UTF_8);
  private static final byte[] ONE_KEY = {'1'};
  private static final byte[] APPEND = bytes("append");
  private static final byte[] LISTEN = bytes("listen");
  private static final byte[] PIN = bytes("pin");
  private static final byte[] UNPIN = bytes("unpin");
  private static final byte[] CLAIMS_HOST = {'1'};
  private static final byte[] FOLLOWS = {'0'};

  private Future<Response> call(RoomKeys keys, byte[] op, byte[]... args) {
    return call(keys, clock.millis(), op, args);
  }

  /** One run of the room script at the given time (a status's own receipt time, so both agree). */
  private Future<Response> call(RoomKeys keys, long now, byte[] op, byte[]... args) {
    byte[][] argv = new byte[7 + args.length][];
    argv[0] = ONE_KEY;
    argv[1] = keys.key();
    argv[2] = op;
    argv[3] = Long.toString(now).getBytes(StandardCharsets.US_ASCII);
    argv[4] = ttlArg;
    argv[5] = keys.channel();
    argv[6] = keys.roomJson();
    System.arraycopy(args, 0, argv, 7, args.length);
    return send(request(Command.EVALSHA, SHA_ARG, argv))
        .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
            // Redis lost its scripts (a restart, SCRIPT FLUSH): run it by its source, which caches it again
            ? send(request(Command.EVAL, SCRIPT_ARG, argv))
            : Future.failedFuture(e))
        .recover(e -> Future.failedFuture(e.getMessage() != null && e.getMessage().startsWith("FULL")
            ? new StoreFullException("users in a room", "MAX_USERS_PER_ROOM", maxUsersPerRoom)
            : new StoreUnavailableException("redis: " + e.getMessage(), e)));
  }

  private static Request request(Command command, byte[] first, byte[][] rest) {
    Request request = Request.cmd(command).arg(first);
    for (byte[] arg : rest) {
      request.arg(arg);
    }
    return request;
  }

  /** Sends on the calling loop's own connection, or through the pool until the loop has it. */
  private Future<Response> send(Request request) {
    Loop loop = loopOn(Thread.currentThread());
    if (loop != null && loop.connection != null) {
      return loop.connection.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }
    if (loop != null) {
      connect(loop);
    }
    return client.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * The loop's own connection, made on the loop, the room script loaded on it first so that the
   * first writes do not all miss it; until it exists (or after it is lost) the pool serves.
   */
  private void connect(Loop loop) {
    if (loop.connecting || loop.connection != null) {
      return;
    }
    loop.connecting = true;
    client.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(conn -> conn.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT_ARG))
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .map(loaded -> conn)
            .onFailure(e -> conn.close()))
        .onComplete(r -> {
          loop.connecting = false;
          if (r.succeeded()) {
            RedisConnection conn = r.result();
            if (!FlushPerTurn.install(conn) && !flushWarned) {
              flushWarned = true;
              LOG.warning("redis: the client's socket is out of reach in this version; each command is written on its own (slower)");
            }
            loop.connection = conn;
            conn.exceptionHandler(e -> dropConnection(loop, conn));
            conn.endHandler(v -> dropConnection(loop, conn));
          }
        });
  }

  private static void dropConnection(Loop loop, RedisConnection conn) {
    if (loop.connection == conn) {
      loop.connection = null;
      conn.close();
    }
  }

  @Override
  public Future<Void> append(StatusReport report) {
    PlayerStatus s = report.status();
    byte[] json = StatusJson.status(new JsonWriter(512), report.userId(), report.roomCode(), s).toByteArray();
    return call(RoomKeys.of(report.roomCode()), s.timestamp(), APPEND, bytes(report.userId()),
        s.isHost() ? CLAIMS_HOST : FOLLOWS, json, historyArg, maxUsersArg).mapEmpty();
  }

  /** A room as read: its last event id, host, and the users with statuses in the window, in join order. */
  private record RoomRead(long seq, String host, List<String> users, List<List<Records.Record>> records) {
    /** The bytes of the users' statuses. */
    int statusBytes() {
      int n = 0;
      for (List<Records.Record> user : records) {
        for (Records.Record r : user) {
          n += r.length() + 1;
        }
      }
      return n;
    }
  }

  /**
   * One HGETALL of the room's hash, no script: the window, the join order and the leases are
   * applied here, so a read costs Redis one command.
   */
  private Future<RoomRead> read(String roomCode, String onlyUser) {
    return send(Request.cmd(Command.HGETALL).arg(RoomKeys.of(roomCode).key()))
        .recover(e -> Future.failedFuture(new StoreUnavailableException("redis: " + e.getMessage(), e)))
        .map(hash -> roomRead(hash, onlyUser));
  }

  private RoomRead roomRead(Response hash, String onlyUser) {
    long now = clock.millis();
    Response index = hash.get("i");
    Response hostField = hash.get("h");
    Response seqField = hash.get("q");
    // no event id yet: any event to come is newer (the script numbers from its own clock)
    long seq = seqField == null ? 0 : seqField.toLong();
    List<String> order = onlyUser != null ? List.of(onlyUser) : joinOrder(index);
    Set<String> held = held(hash, now);
    long cutoff = now - ttlMs;
    List<String> users = new ArrayList<>(order.size());
    List<List<Records.Record>> kept = new ArrayList<>(order.size());
    for (String u : order) {
      Response value = hash.get("u:" + u);
      if (value == null) {
        continue;
      }
      List<Records.Record> window = inWindow(value.toBuffer(), cutoff, held.contains(u));
      if (!window.isEmpty()) {
        users.add(u);
        kept.add(window);
      }
    }
    return new RoomRead(seq, hostField == null ? null : hostField.toString(), users, kept);
  }

  /** The users of the index ("userId\tjoined\tlatest\thost\tcount\n" a user), in join order. */
  private static List<String> joinOrder(Response index) {
    if (index == null) {
      return List.of();
    }
    String text = index.toString();
    List<String> order = new ArrayList<>(8);
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int tab = text.indexOf('\t', start);
      if (tab > start && tab < end) {
        order.add(text.substring(start, tab));
      }
      start = end + 1;
    }
    return order;
  }

  /** The users an open socket holds: fields p:<userId>\0<instance> whose lease runs past now. */
  private static Set<String> held(Response hash, long now) {
    Set<String> held = null;
    for (String field : hash.getKeys()) {
      if (field.startsWith("p:")) {
        int cut = field.indexOf('\0');
        if (cut > 2 && hash.get(field).toLong() >= now) {
          if (held == null) {
            held = new HashSet<>();
          }
          held.add(field.substring(2, cut));
        }
      }
    }
    return held == null ? Set.of() : held;
  }

  /** A user's records, read in place from the reply's bytes when they lie in an array. */
  private static List<Records.Record> inWindow(Buffer value, long cutoff, boolean held) {
    ByteBuf buf = ((BufferInternal) value).getByteBuf();
    if (buf.hasArray()) {
      int from = buf.arrayOffset() + buf.readerIndex();
      return Records.inWindow(buf.array(), from, from + buf.readableBytes(), cutoff, held);
    }
    return Records.inWindow(value.getBytes(), cutoff, held);
  }

  /** The answer assembled from the stored JSON by copying; statuses parsed only if asked for. */
  @Override
  public Future<HistorySnapshot> history(String roomCode, String userId) {
    return read(roomCode, userId).map(read -> {
      List<Records.Record> records = read.records().isEmpty() ? List.of() : read.records().get(0);
      byte[] user = JsonWriter.quoted(userId);
      byte[] room = JsonWriter.quoted(roomCode);
      JsonWriter w = new JsonWriter(48 + user.length + room.length + read.statusBytes());
      StatusJson.historyHead(w, user, room);
      byte[] json = records(w, records).raw(']').raw('}').toByteArray();
      return new HistorySnapshot(userId, roomCode, json, () -> parse(records));
    });
  }

  private List<PlayerStatus> parse(List<Records.Record> records) {
    List<PlayerStatus> out = new ArrayList<>(records.size());
    for (Records.Record r : records) {
      out.add(parser.parse(r.bytes(), r.jsonStart(), r.jsonEnd() - r.jsonStart(), r.timestamp()).status());
    }
    return out;
  }

  /** The records' JSON, comma-separated, as stored. */
  private static JsonWriter records(JsonWriter w, List<Records.Record> records) {
    for (int k = 0; k < records.size(); k++) {
      if (k > 0) {
        w.raw(',');
      }
      Records.Record r = records.get(k);
      w.raw(r.bytes(), r.jsonStart(), r.jsonEnd());
    }
    return w;
  }

  @Override
  public Future<RoomSnapshot> room(String roomCode) {
    return read(roomCode, null).map(read -> snapshot(roomCode, read));
  }

  /** The answer assembled from the stored JSON by copying; users parsed only if asked for. */
  private RoomSnapshot snapshot(String roomCode, RoomRead read) {
    byte[] room = JsonWriter.quoted(roomCode);
    JsonWriter w = new JsonWriter(32 + room.length + read.statusBytes() + read.users().size() * 140);
    StatusJson.roomHead(w, room);
    for (int u = 0; u < read.users().size(); u++) {
      if (u > 0) {
        w.raw(',');
      }
      w.string(read.users().get(u)).raw(':').raw('[');
      records(w, read.records().get(u)).raw(']');
    }
    byte[] json = w.raw('}').raw('}').toByteArray();
    return new RoomSnapshot(roomCode, json, () -> {
      List<UserStatuses> users = new ArrayList<>(read.users().size());
      for (int u = 0; u < read.users().size(); u++) {
        users.add(new UserStatuses(read.users().get(u), parse(read.records().get(u))));
      }
      return users;
    }, read.host(), read.seq());
  }

  // ---- live rooms

  @Override
  public Future<Subscription> subscribe(String roomCode, String userId, long lastEventId, RoomListener listener) {
    Loop here = loopOn(Thread.currentThread());
    if (here == null) {
      return Future.failedFuture(new IllegalStateException("subscribe from a serving event loop"));
    }
    LoopListeners.Entry entry = here.listeners().add(roomCode, listener);
    Future<Void> pinned = userId == null ? Future.succeededFuture() : hub.pin(roomCode, userId);
    return hub.follow(roomCode, here.index())
        .compose(v -> pinned)
        .compose(v -> room(roomCode))
        .map(snapshot -> {
          // events are not kept here: a resuming listener starts again from the room
          entry.start(snapshot, null);
          return (Subscription) () -> {
            here.listeners().remove(roomCode, entry);
            hub.unfollow(roomCode, here.index());
            return userId == null ? Future.succeededFuture() : hub.unpin(roomCode, userId);
          };
        })
        .onFailure(e -> {
          here.listeners().remove(roomCode, entry);
          hub.unfollow(roomCode, here.index());
          if (userId != null) {
            hub.unpin(roomCode, userId); // its hold was counted even if the lease was not taken
          }
        });
  }

  private Loop loopOn(Thread thread) {
    for (int i = 0; i < loops.length(); i++) {
      Loop loop = loops.get(i);
      if (loop != null && loop.thread() == thread) {
        return loop;
      }
    }
    return null;
  }

  /**
   * The instance's side of pub/sub, on one event loop: the subscriber connection, which loops
   * follow which rooms, the pins this instance holds, and Redis's health. An event from the
   * channel goes to each following loop once, with the room as it stands after it (read once
   * for a run of events, so a burst costs one read).
   */
  private final class Hub {
    private final Context context;
    private final Map<String, int[]> followers = new HashMap<>();
    /** Per followed room, the subscription under way or made. */
    private final Map<String, Future<Void>> subscriptions = new HashMap<>();
    private final Map<String, Integer> pins = new HashMap<>();
    /** Per followed room, events received and not yet told; and the rooms being read for them. */
    private final Map<String, List<RoomEvent>> pending = new HashMap<>();
    private final Set<String> reading = new HashSet<>();
    private final List<Long> timers = new ArrayList<>();
    private RedisConnection subscriber;
    private boolean connecting;
    private boolean closed;

    Hub(Context context) {
      this.context = context;
    }

    void start() {
      connect();
      timers.add(vertx.setPeriodic(1000, id -> checkHealth()));
      timers.add(vertx.setPeriodic(Math.max(1000, ttlMs / 3), id -> renewPins()));
      // each second the rooms followed here renew their lease on events and are swept, so that
      // leaves are told even when nobody writes
      timers.add(vertx.setPeriodic(1000, id -> {
        for (String room : followers.keySet()) {
          listen(room);
        }
      }));
      checkHealth();
    }

    /** Stops the timers and closes the subscriber; nothing is made again after. */
    Future<Void> close() {
      Promise<Void> done = CallerPromise.create();
      context.runOnContext(v -> {
        closed = true;
        timers.forEach(vertx::cancelTimer);
        Future<Void> closing = subscriber == null ? Future.succeededFuture() : subscriber.close();
        subscriber = null;
        closing.onComplete(r -> done.complete());
      });
      return done.future();
    }

    private void checkHealth() {
      client.send(Request.cmd(Command.PING)).timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(r -> {
        boolean up = r.succeeded();
        if (up != reachable) {
          LOG.info(up ? "redis reachable" : "redis unreachable: " + r.cause().getMessage());
        }
        reachable = up;
        if (!up) {
          // connections to a dead server may not say so: drop them, the next request makes new ones
          for (int i = 0; i < loops.length(); i++) {
            Loop loop = loops.get(i);
            if (loop != null && loop.connection != null) {
              RedisConnection conn = loop.connection;
              loop.context().runOnContext(x -> dropConnection(loop, conn));
            }
          }
        }
        if (!up && subscriber != null) {
          // a dead subscriber connection may not say so: drop it, and make a new one when Redis is back
          subscriber.close();
          subscriber = null;
        } else if (up && subscriber == null) {
          connect();
        }
      });
    }

    /** The subscriber connection; on loss it is made again and every followed channel resubscribed. */
    private void connect() {
      if (connecting || subscriber != null || closed) {
        return;
      }
      connecting = true;
      subscriberClient.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(r -> {
        connecting = false;
        if (r.failed()) {
          return; // the health check tries again
        }
        if (closed) {
          r.result().close();
          return;
        }
        RedisConnection conn = r.result();
        subscriber = conn;
        conn.handler(this::onMessage);
        conn.exceptionHandler(e -> lost(conn));
        conn.endHandler(v -> lost(conn));
        renewPins();
        for (String room : followers.keySet()) {
          // events published while there was no connection are lost: listeners get the room afresh
          subscription(room).compose(v -> room(room)).onSuccess(this::restart);
        }
      });
    }

    private void lost(RedisConnection conn) {
      if (subscriber == conn && !closed) {
        LOG.info("redis subscriber connection lost; it is made again when Redis answers");
        subscriber = null;
        reachable = false;
      }
    }

    private void onMessage(Response message) {
      if (message.size() < 3 || !"message".equals(message.get(0).toString())) {
        return;
      }
      String room = RoomKeys.roomOf(message.get(1).toString());
      RoomEvent event;
      try {
        event = RoomEvent.published(room, message.get(2).toBytes());
      } catch (RuntimeException e) {
        LOG.warning("ignored a malformed event on " + room + ": " + e.getMessage());
        return;
      }
      pending.computeIfAbsent(room, k -> new ArrayList<>()).add(event);
      if (!reading.contains(room)) {
        readAndDeliver(room);
      }
    }

    /**
     * Reads the room for the events waiting, and tells them with it: a read started after they
     * arrived, so the room it finds includes them. Events that arrive meanwhile wait for the next
     * read; a failed read is tried again shortly, with the events kept.
     */
    private void readAndDeliver(String room) {
      List<RoomEvent> events = pending.remove(room);
      if (events == null || closed || !followers.containsKey(room)) {
        return;
      }
      reading.add(room);
      room(room).onComplete(r -> {
        reading.remove(room);
        if (r.succeeded()) {
          deliver(room, events, r.result());
          readAndDeliver(room);
        } else {
          List<RoomEvent> later = pending.remove(room);
          if (later != null) {
            events.addAll(later);
          }
          pending.put(room, events);
          vertx.setTimer(200, t -> {
            if (!reading.contains(room)) {
              readAndDeliver(room);
            }
          });
        }
      });
    }

    private void deliver(String room, List<RoomEvent> events, RoomSnapshot snapshot) {
      int[] byLoop = followers.get(room);
      if (byLoop == null) {
        return;
      }
      for (int i = 0; i < byLoop.length; i++) {
        if (byLoop[i] > 0) {
          Loop loop = loops.get(i);
          loop.context().runOnContext(v -> {
            for (RoomEvent e : events) {
              loop.listeners().deliver(e, snapshot);
            }
          });
        }
      }
    }

    private void restart(RoomSnapshot snapshot) {
      int[] byLoop = followers.get(snapshot.roomCode());
      for (int i = 0; byLoop != null && i < byLoop.length; i++) {
        if (byLoop[i] > 0) {
          Loop loop = loops.get(i);
          loop.context().runOnContext(v -> loop.listeners().restart(snapshot));
        }
      }
    }

    /** Completes once this instance is subscribed to the room's channel (for every follower, not only the first). */
    Future<Void> follow(String room, int loop) {
      Promise<Void> done = CallerPromise.create();
      context.runOnContext(v -> {
        followers.computeIfAbsent(room, k -> new int[loops.length()])[loop]++;
        Future<Void> ready = subscriptions.get(room);
        (ready != null ? ready : subscription(room)).onComplete(done);
      });
      return done.future();
    }

    /**
     * A new subscription to the room, kept for its later followers; a failed one is not kept, so
     * the next follower tries again.
     */
    private Future<Void> subscription(String room) {
      Future<Void> subscribing = subscribe(room);
      subscriptions.put(room, subscribing);
      subscribing.onFailure(e -> subscriptions.remove(room, subscribing));
      return subscribing;
    }

    /** The room's events held published for this instance (its lease), then its channel subscribed. */
    private Future<Void> subscribe(String room) {
      RedisConnection conn = subscriber;
      if (conn == null) {
        return Future.failedFuture(new StoreUnavailableException("redis: no subscriber connection", null));
      }
      return listen(room)
          .compose(r -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(RoomKeys.of(room).channel()))
              .timeout(timeoutMs, TimeUnit.MILLISECONDS))
          .recover(e -> Future.failedFuture(e instanceof StoreUnavailableException ? e
              : new StoreUnavailableException("redis: " + e.getMessage(), e)))
          .mapEmpty();
    }

    void unfollow(String room, int loop) {
      context.runOnContext(v -> {
        int[] byLoop = followers.get(room);
        if (byLoop == null || byLoop[loop] == 0) {
          return;
        }
        byLoop[loop]--;
        if (total(byLoop) == 0) {
          followers.remove(room);
          subscriptions.remove(room);
          pending.remove(room);
          if (subscriber != null) {
            subscriber.send(Request.cmd(Command.UNSUBSCRIBE).arg(RoomKeys.of(room).channel()));
          }
        }
      });
    }

    private static int total(int[] counts) {
      int n = 0;
      for (int c : counts) {
        n += c;
      }
      return n;
    }

    /** An open socket of the user on this instance: held in Redis by a lease this hub renews. */
    Future<Void> pin(String room, String userId) {
      Promise<Void> done = CallerPromise.create();
      context.runOnContext(v -> {
        pins.merge(room + '\0' + userId, 1, Integer::sum);
        lease(room, userId).onComplete(r -> done.handle(r.mapEmpty()));
      });
      return done.future();
    }

    Future<Void> unpin(String room, String userId) {
      Promise<Void> done = CallerPromise.create();
      context.runOnContext(v -> {
        String key = room + '\0' + userId;
        Integer left = pins.merge(key, -1, Integer::sum);
        if (left != null && left > 0) {
          done.complete();
          return;
        }
        pins.remove(key);
        call(RoomKeys.of(room), UNPIN, bytes(userId), instanceArg).onComplete(r -> done.handle(r.mapEmpty()));
      });
      return done.future();
    }

    /** The room's events published for this instance's listeners a while longer; the room swept. */
    private Future<Response> listen(String room) {
      return call(RoomKeys.of(room), LISTEN, bytes(Long.toString(clock.millis() + LISTEN_LEASE_MS)));
    }

    private Future<Response> lease(String room, String userId) {
      return call(RoomKeys.of(room), PIN, bytes(userId), instanceArg, bytes(Long.toString(clock.millis() + ttlMs)));
    }

    private void renewPins() {
      for (String key : pins.keySet()) {
        int cut = key.indexOf('\0');
        lease(key.substring(0, cut), key.substring(cut + 1));
      }
    }
  }

  // ---- set-up

  private static String script() {
    try (InputStream in = RedisStore.class.getResourceAsStream("/redis/rooms.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the room script is missing from the jar", e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
