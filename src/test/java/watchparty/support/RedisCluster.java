package watchparty.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster of masters and one replica each, made as an operator makes one
 * (redis-server --cluster-enabled yes, then redis-cli --cluster create), on free loopback ports.
 * A node that stops answering is failed over after NODE_TIMEOUT_MS.
 */
public final class RedisCluster implements AutoCloseable {
  /** How long a master may be silent before its replica takes over (cluster-node-timeout). */
  public static final int NODE_TIMEOUT_MS = 1000;

  private final Path dir;
  private final List<RedisNode> nodes = new ArrayList<>();

  private RedisCluster(Path dir) {
    this.dir = dir;
  }

  public static RedisCluster start(int masters) throws Exception {
    RedisServer.assumeInstalled();
    RedisCluster cluster = new RedisCluster(Files.createTempDirectory("redis-cluster"));
    try {
      for (int i = 0; i < masters * 2; i++) {
        // the bus port is given: the default, port + 10000, is past 65535 for half the free ports
        cluster.nodes.add(RedisNode.start(cluster.dir, List.of("--cluster-enabled", "yes",
            "--cluster-port", Integer.toString(TestServices.freePort()),
            "--cluster-config-file", "nodes-" + i + ".conf", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
            // a restarted replica is sent the data at once rather than after 5 s of waiting for others
            "--repl-diskless-sync-delay", "0")));
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      for (RedisNode node : cluster.nodes) {
        create.add("127.0.0.1:" + node.port());
      }
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      String made = RedisNode.cli(cluster.nodes.get(0).port(), create.toArray(String[]::new));
      if (!made.contains("[OK] All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create: " + made);
      }
      cluster.awaitHealthy();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Until every live node sees the cluster whole and every replica is in sync with its master. */
  public void awaitHealthy() throws Exception {
    Await.until(Duration.ofSeconds(30), "the cluster did not become healthy", () -> {
      for (RedisNode node : nodes) {
        if (!node.alive()) {
          continue;
        }
        if (!node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
          return false;
        }
        String replication = node.cli("INFO", "replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
      }
      return true;
    });
  }

  /** Every node's address: the service's seed nodes. */
  public List<String> urls() {
    return nodes.stream().map(RedisNode::url).toList();
  }

  /** The node that is master of the key's slot now, or null while none is (a master failed, not yet replaced). */
  public RedisNode masterOf(String key) throws Exception {
    RedisNode asked = nodes.stream().filter(RedisNode::alive).findFirst().orElseThrow();
    int slot = Integer.parseInt(asked.cli("CLUSTER", "KEYSLOT", key));
    // CLUSTER NODES: id addr flags master-id ping pong epoch link-state slot-ranges...
    for (String line : asked.cli("CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (!f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        String[] range = f[i].split("-");
        if (range[0].startsWith("[")) {
          continue; // a slot being migrated
        }
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1).replaceAll("@.*", ""));
          return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        }
      }
    }
    return null;
  }

  /** The replicas of a master, as the cluster tells them now. */
  public List<RedisNode> replicasOf(RedisNode master) throws Exception {
    String id = master.cli("CLUSTER", "MYID");
    List<RedisNode> replicas = new ArrayList<>();
    for (String line : master.cli("CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f[2].contains("slave") && f[3].equals(id)) {
        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1).replaceAll("@.*", ""));
        nodes.stream().filter(n -> n.port() == port).forEach(replicas::add);
      }
    }
    return replicas;
  }

  @Override
  public void close() throws Exception {
    for (RedisNode node : nodes) {
      node.close();
    }
  }
}
