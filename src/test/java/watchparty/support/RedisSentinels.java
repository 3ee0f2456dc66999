package watchparty.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real master, one replica and three sentinels watching them, on free loopback ports. A master
 * silent for DOWN_AFTER_MS is voted down by two sentinels and its replica promoted.
 */
public final class RedisSentinels implements AutoCloseable {
  public static final String MASTER_NAME = "watchparty";
  public static final int DOWN_AFTER_MS = 1000;

  private final Path dir;
  private final List<RedisNode> servers = new ArrayList<>();
  private final List<RedisNode> sentinels = new ArrayList<>();

  private RedisSentinels(Path dir) {
    this.dir = dir;
  }

  public static RedisSentinels start() throws Exception {
    RedisServer.assumeInstalled();
    RedisSentinels set = new RedisSentinels(Files.createTempDirectory("redis-sentinel"));
    try {
      // a restarted replica is sent the data at once rather than after 5 s of waiting for others
      List<String> quickSync = List.of("--repl-diskless-sync-delay", "0");
      RedisNode master = RedisNode.start(set.dir, quickSync);
      set.servers.add(master);
      List<String> replica = new java.util.ArrayList<>(quickSync);
      replica.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
      set.servers.add(RedisNode.start(set.dir, replica));
      for (int i = 0; i < 3; i++) {
        set.sentinels.add(RedisNode.sentinel(set.dir, TestServices.freePort(), List.of(
            "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
            "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
            "sentinel failover-timeout " + MASTER_NAME + " 5000",
            "sentinel parallel-syncs " + MASTER_NAME + " 1")));
      }
      set.awaitWatching();
      return set;
    } catch (Exception | Error e) {
      set.close();
      throw e;
    }
  }

  /**
   * Until every sentinel knows the others (a vote needs them) and the replica, and the replica is
   * in sync: before that, a master's loss is not failed over.
   */
  private void awaitWatching() throws Exception {
    Await.until(Duration.ofSeconds(30), "the sentinels did not find each other and the replica", () -> {
      for (RedisNode sentinel : sentinels) {
        String master = sentinel.cli("SENTINEL", "MASTER", MASTER_NAME);
        if (!master.matches("(?s).*num-other-sentinels\\s+2\\b.*") || !master.matches("(?s).*num-slaves\\s+1\\b.*")) {
          return false;
        }
      }
      return servers.get(1).cli("INFO", "replication").contains("master_link_status:up");
    });
  }

  /** The sentinels' addresses: what the service is given. */
  public List<String> urls() {
    return sentinels.stream().map(RedisNode::url).toList();
  }

  /** The server the sentinels name master now. */
  public RedisNode master() throws Exception {
    String[] addr = sentinels.get(0).cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).split("\\s+");
    int port = Integer.parseInt(addr[1]);
    return servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
  }

  /** The server that is not the master now: the replica. */
  public RedisNode replica() throws Exception {
    RedisNode master = master();
    return servers.stream().filter(s -> s != master).findFirst().orElseThrow();
  }

  @Override
  public void close() throws Exception {
    for (RedisNode node : sentinels) {
      node.close();
    }
    for (RedisNode node : servers) {
      node.close();
    }
  }
}
