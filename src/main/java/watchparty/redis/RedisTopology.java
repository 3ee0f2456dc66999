package watchparty.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.util.List;
import java.util.Locale;

/**
 * How the service reaches Redis: one server; the master that Sentinel names, found again after a
 * failover; or a Cluster, each room on the shard of its hash tag. The Vert.x client does the
 * finding and routing; this says which, and what the room script and the hub do differently.
 *
 * @param urls the server; the sentinels; or the cluster's seed nodes
 * @param masterName the master's name in Sentinel (unused otherwise)
 * @param waitReplicas replicas that must hold a status before it is acknowledged (Redis WAIT); 0: none
 */
public record RedisTopology(Mode mode, List<String> urls, String masterName, int waitReplicas, int poolSize) {
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  public RedisTopology {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no Redis address");
    }
  }

  /** One server at url, no replicas waited for: the tests' and the benchmarks' Redis. */
  public static RedisTopology standalone(String url, int poolSize) {
    return new RedisTopology(Mode.STANDALONE, List.of(url), "", 0, poolSize);
  }

  /** The mode by its name in REDIS_MODE: standalone, sentinel or cluster. */
  public static Mode mode(String name) {
    return Mode.valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * Events on sharded pub/sub (SPUBLISH, SSUBSCRIBE): on a Cluster a room's events stay on its
   * shard instead of crossing every node.
   */
  public boolean sharded() {
    return mode == Mode.CLUSTER;
  }

  RedisOptions options() {
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(poolSize * 64).setMaxWaitingHandlers(poolSize * 64);
    urls.forEach(options::addConnectionString);
    switch (mode) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      // the master, asked of the sentinels at each new connection: after a failover, the new one
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setMasterName(masterName).setRole(RedisRole.MASTER);
      // reads too go to masters: a replica may lag behind a status just acknowledged
      case CLUSTER -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
    }
    return options;
  }
}
