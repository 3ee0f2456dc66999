package watchparty.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import watchparty.json.JsonWriter;
import watchparty.status.PlayerStatus;
import watchparty.status.StatusJson;
import watchparty.status.StatusReport;
import watchparty.store.StoreFullException;
import watchparty.store.StoreUnavailableException;
import watchparty.time.Clock;

/**
 * The room script, rooms.lua: every change to a room is one atomic call of it (a status; the
 * lease on a followed room's events; a socket's hold on its user, taken and released), sent on
 * the calling loop's connection. It runs by its SHA, or by its source when Redis lost it.
 */
final class RoomScript {
  private static final String SOURCE = source();
  private static final byte[] SOURCE_ARG = SOURCE.getBytes(StandardCharsets.UTF_8);
  private static final byte[] SHA_ARG = sha1(SOURCE).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ONE_KEY = {'1'};
  private static final byte[] APPEND = bytes("append");
  private static final byte[] LISTEN = bytes("listen");
  private static final byte[] PIN = bytes("pin");
  private static final byte[] UNPIN = bytes("unpin");
  private static final byte[] CLAIMS_HOST = {'1'};
  private static final byte[] FOLLOWS = {'0'};

  private final LoopConnections connections;
  private final Clock clock;
  private final long maxUsersPerRoom;
  private final byte[] ttlArg;
  private final byte[] historyArg;
  private final byte[] maxUsersArg;
  /** PUBLISH, or on a Cluster SPUBLISH: a room's events then reach only its own shard's subscribers. */
  private final byte[] publishCommand;

  /** Replicas that must hold a status before it is acknowledged, and how long to wait for them. */
  private final int waitReplicas;
  private final long waitMs;

  RoomScript(LoopConnections connections, Clock clock, long ttlMs, int history, long maxUsersPerRoom,
      RedisTopology topology, long timeoutMs) {
    this.connections = connections;
    this.publishCommand = bytes(topology.sharded() ? "SPUBLISH" : "PUBLISH");
    this.waitReplicas = topology.waitReplicas();
    // half the call's own timeout: a missing replica is told as such, not as a timeout
    this.waitMs = Math.max(1, timeoutMs / 2);
    this.clock = clock;
    this.maxUsersPerRoom = maxUsersPerRoom;
    this.ttlArg = bytes(Long.toString(ttlMs));
    this.historyArg = bytes(Integer.toString(history));
    this.maxUsersArg = bytes(Long.toString(maxUsersPerRoom));
  }

  /** SCRIPT LOAD, sent on a new connection before its first call. */
  static Request load() {
    return Request.cmd(Command.SCRIPT).arg("LOAD").arg(SOURCE_ARG);
  }

  /**
   * Stores a report, at its receipt time (so the window is judged as the memory store judges
   * it): the user's records appended and trimmed, the room swept, the host settled, the event
   * numbered and published. With replicas to wait for, it completes only once that many hold it
   * (WAIT on the same connection, so it covers this write): a master lost after that loses
   * nothing acknowledged.
   */
  Future<Void> append(StatusReport report) {
    PlayerStatus s = report.status();
    byte[] json = StatusJson.status(new JsonWriter(512), report.userId(), report.roomCode(), s).toByteArray();
    byte[][] argv = argv(RoomKeys.of(report.roomCode()), s.timestamp(), APPEND, bytes(report.userId()),
        s.isHost() ? CLAIMS_HOST : FOLLOWS, json, historyArg, maxUsersArg);
    if (waitReplicas == 0) {
      return call(argv).mapEmpty();
    }
    return replicated(argv, false).recover(e -> isNoScript(e) ? replicated(argv, true) : Future.failedFuture(e))
        .recover(e -> Future.failedFuture(failure(e)))
        .compose(replies -> {
          long held = replies.get(1).toLong();
          return held >= waitReplicas ? Future.<Void>succeededFuture()
              : Future.failedFuture(new StoreUnavailableException("redis: the status reached " + held + " of the "
                  + waitReplicas + " replicas REDIS_WAIT_REPLICAS asks for within " + waitMs + " ms; retry", null));
        });
  }

  /**
   * The script and a WAIT for the replicas, in one batch on one node and one connection (WAIT
   * counts that connection's writes). WAIT holds its connection until the replicas answer, so it
   * goes on a pooled one: the loop's own connection keeps serving reads and other writes.
   */
  private Future<List<Response>> replicated(byte[][] argv, boolean bySource) {
    Request run = bySource ? request(Command.EVAL, SOURCE_ARG, argv) : request(Command.EVALSHA, SHA_ARG, argv);
    return connections.batchOnPool(List.of(run,
        Request.cmd(Command.WAIT).arg(Integer.toString(waitReplicas)).arg(Long.toString(waitMs))));
  }

  /** The room's events published until then for this instance's listeners; the room swept. */
  Future<Response> listen(String roomCode, long until) {
    return call(RoomKeys.of(roomCode), clock.millis(), LISTEN, bytes(Long.toString(until)));
  }

  /** The user held in the room until then by an open socket on this instance. */
  Future<Response> pin(String roomCode, String userId, byte[] instance, long until) {
    return call(RoomKeys.of(roomCode), clock.millis(), PIN, bytes(userId), instance, bytes(Long.toString(until)));
  }

  /** This instance's hold on the user released; with the last instance's, the user leaves. */
  Future<Response> unpin(String roomCode, String userId, byte[] instance) {
    return call(RoomKeys.of(roomCode), clock.millis(), UNPIN, bytes(userId), instance);
  }

  /** One run of the script at the given time. */
  private Future<Response> call(RoomKeys keys, long now, byte[] op, byte[]... args) {
    return call(argv(keys, now, op, args));
  }

  private Future<Response> call(byte[][] argv) {
    return connections.send(request(Command.EVALSHA, SHA_ARG, argv))
        // Redis lost its scripts (a restart, a failover, SCRIPT FLUSH, a Cluster node that never had
        // it loaded): run it by its source, which caches it again
        .recover(e -> isNoScript(e) ? connections.send(request(Command.EVAL, SOURCE_ARG, argv)) : Future.failedFuture(e))
        .recover(e -> Future.failedFuture(failure(e)));
  }

  private byte[][] argv(RoomKeys keys, long now, byte[] op, byte[]... args) {
    byte[][] argv = new byte[8 + args.length][];
    argv[0] = ONE_KEY;
    argv[1] = keys.key();
    argv[2] = op;
    argv[3] = Long.toString(now).getBytes(StandardCharsets.US_ASCII);
    argv[4] = ttlArg;
    argv[5] = keys.channel();
    argv[6] = keys.roomJson();
    argv[7] = publishCommand;
    System.arraycopy(args, 0, argv, 8, args.length);
    return argv;
  }

  private static boolean isNoScript(Throwable e) {
    return says(e, "NOSCRIPT");
  }

  /** Whether Redis answered with this error code: alone, or for one command of a batch ("ERR [0] CODE ..."). */
  private static boolean says(Throwable e, String code) {
    String message = e.getMessage();
    return message != null && (message.startsWith(code) || message.contains("] " + code));
  }

  /** A room full is the client's 409; anything else Redis did not do is a 503. */
  private Throwable failure(Throwable e) {
    if (e instanceof StoreUnavailableException || e instanceof StoreFullException) {
      return e;
    }
    return says(e, "FULL")
        ? new StoreFullException("users in a room", "MAX_USERS_PER_ROOM", maxUsersPerRoom)
        : new StoreUnavailableException("redis: " + e.getMessage(), e);
  }

  private static Request request(Command command, byte[] first, byte[][] rest) {
    Request request = Request.cmd(command).arg(first);
    for (byte[] arg : rest) {
      request.arg(arg);
    }
    return request;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String source() {
    try (InputStream in = RoomScript.class.getResourceAsStream("/redis/rooms.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the room script is missing from the jar", e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
