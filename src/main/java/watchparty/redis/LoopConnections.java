package watchparty.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import watchparty.store.Loops;
import watchparty.store.ServingLoop;

/**
 * Each serving loop's own Redis connection, on which the loop's requests are pipelined without a
 * pool or a hop to another thread; until a loop has it (or after it was lost) the pool serves.
 * Also whether Redis answers, as the last health check found.
 */
final class LoopConnections {
  private static final Logger LOG = Logger.getLogger("watchparty");

  /** A serving loop and its connection, touched on that loop. */
  static final class RedisLoop extends ServingLoop {
    private RedisConnection connection;
    private boolean connecting;

    RedisLoop(int index, Context context) {
      super(index, context);
    }
  }

  private final Redis client;
  private final Loops<RedisLoop> loops;
  private final long timeoutMs;
  private volatile boolean reachable;
  private volatile boolean flushWarned;

  LoopConnections(Redis client, Loops<RedisLoop> loops, long timeoutMs) {
    this.client = client;
    this.loops = loops;
    this.timeoutMs = timeoutMs;
  }

  boolean reachable() {
    return reachable;
  }

  /** A connection found Redis gone before the next health check did. */
  void markUnreachable() {
    reachable = false;
  }

  /** Sends on the calling loop's own connection, or through the pool until the loop has it. */
  Future<Response> send(Request request) {
    RedisLoop loop = loops.current();
    if (loop != null && loop.connection != null) {
      RedisConnection conn = loop.connection;
      return conn.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS).onFailure(e -> {
        if (e.getMessage() != null && e.getMessage().startsWith("READONLY")) {
          demoted(loop, conn);
        }
      });
    }
    if (loop != null) {
      connect(loop);
    }
    return client.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Sends the requests in one batch to one node on a pooled connection, never the loop's own: for
   * a batch that blocks its connection (WAIT), so that the loop's other requests do not queue
   * behind it.
   */
  Future<List<Response>> batchOnPool(List<Request> requests) {
    return client.batch(requests).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * The loop's own connection, made on the loop, the room script loaded on it first so that the
   * first writes do not all miss it; until it exists (or after it is lost) the pool serves.
   */
  void connect(RedisLoop loop) {
    if (loop.connecting || loop.connection != null) {
      return;
    }
    loop.connecting = true;
    client.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(conn -> conn.send(RoomScript.load())
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
            conn.exceptionHandler(e -> drop(loop, conn));
            conn.endHandler(v -> drop(loop, conn));
          }
        });
  }

  /**
   * The connection's server is a replica now: its master failed over and it came back, or was
   * demoted by hand. The connection is dropped, and the next one is made to the master Sentinel
   * names now; the write that found out is refused (a 503) and retried by its client.
   */
  private void demoted(RedisLoop loop, RedisConnection conn) {
    if (loop.connection == conn) {
      LOG.info("redis: a connection reached a replica (the master changed); connecting to the new master");
      drop(loop, conn);
    }
  }

  private static void drop(RedisLoop loop, RedisConnection conn) {
    if (loop.connection == conn) {
      loop.connection = null;
      conn.close();
    }
  }

  /**
   * Whether Redis answers a PING through the pool, logged when that changes. When it does not,
   * every loop's connection is dropped (one to a dead server may not say so), and each loop's
   * next request makes a new one.
   */
  Future<Boolean> checkHealth() {
    return client.send(Request.cmd(Command.PING)).timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(r -> {
      boolean up = r.succeeded();
      if (up != reachable) {
        LOG.info(up ? "redis reachable" : "redis unreachable: " + r.cause().getMessage());
      }
      reachable = up;
      if (!up) {
        for (int i = 0; i < loops.count(); i++) {
          RedisLoop loop = loops.get(i);
          if (loop != null && loop.connection != null) {
            RedisConnection conn = loop.connection;
            loop.context().runOnContext(x -> drop(loop, conn));
          }
        }
      }
      return Future.succeededFuture(up);
    });
  }
}
