package watchparty.redis;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.redis.client.RedisConnection;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a loop's Redis connection send the commands of one event-loop turn in one write.
 *
 * <p>The client flushes every command on its own, so each request cost a system call and a
 * loopback delivery into Redis, and Redis a read and a write of its own. With Netty's flush
 * consolidation at the head of the connection's pipeline, the flushes of one turn become one
 * flush at its end: the commands of all the requests a loop took in that turn reach Redis in one
 * write, and Redis answers them in one. Replies are still matched to commands one by one, so a
 * failed command fails only its own request.
 *
 * <p>The client does not expose its socket, so it is reached through the connection's fields
 * (io.vertx:vertx-redis-client 5.0.x: the standalone connection holds the socket, a pooled or a
 * Sentinel connection wraps one, a Cluster connection holds one per node). A Cluster node
 * connected later, or a Sentinel connection's replacement after a failover, flushes per command.
 * Where they differ, the connection is left as it is:
 * slower, never wrong.
 */
final class FlushPerTurn {
  /** Flushes at once past this many commands waiting in one turn, so a burst is not held back. */
  private static final int MOST_HELD = 256;

  private FlushPerTurn() {
  }

  /** True when the connection (each of a Cluster connection's nodes) now flushes once a turn. */
  static boolean install(RedisConnection connection) {
    try {
      List<Object> standalone = new ArrayList<>();
      standaloneOf(connection, standalone);
      for (Object conn : standalone) {
        NetSocketInternal socket = (NetSocketInternal) field(conn, "netSocket");
        ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
        if (pipeline.get(FlushConsolidationHandler.class) == null) {
          // at the head, so it sees the reads (a reply's handler may send more) and every flush
          pipeline.addFirst(new FlushConsolidationHandler(MOST_HELD, true));
        }
      }
      return !standalone.isEmpty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The standalone connections under this one: itself; the one a pooled or Sentinel connection
   * wraps (the latter in a reference, swapped on failover); each node's of a Cluster connection.
   */
  private static void standaloneOf(Object connection, List<Object> found) throws ReflectiveOperationException {
    if (hasField(connection, "netSocket")) {
      found.add(connection);
    } else if (hasField(connection, "connections") && field(connection, "connections") instanceof Map<?, ?> nodes) {
      for (Object node : nodes.values()) {
        standaloneOf(node, found);
      }
    } else {
      Object inner = field(connection, "connection");
      standaloneOf(inner instanceof AtomicReference<?> ref ? ref.get() : inner, found);
    }
  }

  private static boolean hasField(Object owner, String name) {
    for (Field field : owner.getClass().getDeclaredFields()) {
      if (field.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
