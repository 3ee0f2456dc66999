package watchparty.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.support.Await;
import watchparty.support.RedisCluster;
import watchparty.support.RedisNode;
import watchparty.support.RedisSentinels;

/**
 * A Redis master killed under load ({@link FailoverDrill}) a second after its replicas stopped
 * keeping up, on a Cluster of three masters and three replicas, and on a master and replica
 * watched by three sentinels, with REDIS_WAIT_REPLICAS=1: writes come back within 10 s, every
 * listener hears the room again with its socket kept open, and nothing acknowledged is lost
 * (without WAIT, that second's statuses are: src/bench/failover.sh measures how many).
 *
 * <p>src/bench/failover.sh runs the same drills more times (-Dha.rounds=5), with and without
 * WAIT (-Dha.waits=0,1), and writes each result to -Dha.report for the medians in the docs.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RedisFailoverTest {
  private static final long RESUME_WITHIN_MS = 10_000;
  /** How long the killed master's replicas lag behind it before it dies. */
  private static final long REPLICA_LAG_MS = 1000;
  private static final int ROUNDS = Integer.getInteger("ha.rounds", 1);
  private static final List<Integer> WAITS = java.util.Arrays.stream(System.getProperty("ha.waits", "1").split(","))
      .map(String::trim).map(Integer::valueOf).toList();
  private static final String REPORT = System.getProperty("ha.report", "");

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aClusterMasterKilledUnderLoad() throws Exception {
    for (int wait : WAITS) {
      for (int round = 1; round <= ROUNDS; round++) {
        try (RedisCluster cluster = RedisCluster.start(3)) {
          FailoverDrill drill = new FailoverDrill(vertx, Map.of("REDIS_MODE", "cluster",
              "REDIS_URL", String.join(",", cluster.urls()), "REDIS_WAIT_REPLICAS", Integer.toString(wait)));
          FailoverDrill.Result result = drill.run(new FailoverDrill.Victim() {
            private RedisNode victim;
            private String firstRoom;

            @Override
            public Set<String> kill(List<String> rooms) throws Exception {
              firstRoom = key(rooms.get(0));
              victim = cluster.masterOf(firstRoom);
              Set<String> held = new HashSet<>();
              for (String room : rooms) {
                if (cluster.masterOf(key(room)).port() == victim.port()) {
                  held.add(room);
                }
              }
              lagThenKill(victim, cluster.replicasOf(victim));
              return held;
            }

            @Override
            public void restartAfterTakeover() throws Exception {
              Await.until(Duration.ofSeconds(30), "a replica took over the killed master's slots",
                  () -> {
                    RedisNode master = cluster.masterOf(firstRoom);
                    return master != null && master.port() != victim.port();
                  });
              victim.restart();
            }
          });
          check("cluster", wait, result);
        }
      }
    }
  }

  @Test
  void aSentinelMasterKilledUnderLoad() throws Exception {
    for (int wait : WAITS) {
      for (int round = 1; round <= ROUNDS; round++) {
        try (RedisSentinels sentinels = RedisSentinels.start()) {
          FailoverDrill drill = new FailoverDrill(vertx, Map.of("REDIS_MODE", "sentinel",
              "REDIS_URL", String.join(",", sentinels.urls()), "REDIS_MASTER_NAME", RedisSentinels.MASTER_NAME,
              "REDIS_WAIT_REPLICAS", Integer.toString(wait)));
          FailoverDrill.Result result = drill.run(new FailoverDrill.Victim() {
            private RedisNode victim;

            @Override
            public Set<String> kill(List<String> rooms) throws Exception {
              victim = sentinels.master();
              lagThenKill(victim, List.of(sentinels.replica()));
              return Set.copyOf(rooms);
            }

            @Override
            public void restartAfterTakeover() throws Exception {
              Await.until(Duration.ofSeconds(30), "the sentinels promoted the replica",
                  () -> sentinels.master().port() != victim.port());
              victim.restart("--replicaof", "127.0.0.1", Integer.toString(sentinels.master().port()));
            }
          });
          check("sentinel", wait, result);
        }
      }
    }
  }

  /**
   * The master's replicas fall behind (frozen, their link cut, for a second while statuses keep
   * coming), then the master dies: what it acknowledged in that second and never sent on is what a failover can
   * lose. The replicas then go on, and one of them takes over.
   */
  private static void lagThenKill(RedisNode master, List<RedisNode> replicas) throws Exception {
    for (RedisNode replica : replicas) {
      replica.freeze();
    }
    try {
      // the link cut too: what the kernel already holds for a frozen replica would reach it on waking
      master.cli("CLIENT", "KILL", "TYPE", "replica");
      Thread.sleep(REPLICA_LAG_MS);
      master.kill();
    } finally {
      for (RedisNode replica : replicas) {
        replica.thaw();
      }
    }
  }

  /** The figures every drill must meet; each written to the report first, so a failing one is on record. */
  private static void check(String topology, int wait, FailoverDrill.Result r) throws IOException {
    String line = topology + " wait=" + wait + " " + r;
    System.out.println("failover: " + line);
    if (!REPORT.isEmpty()) {
      Files.writeString(Path.of(REPORT), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    assertTrue(r.resumeMs() <= RESUME_WITHIN_MS, topology + ": writes resumed " + r.resumeMs() + " ms after the kill");
    assertEquals(0, r.otherFailures(), topology + ": a post failed other than with a 503, or hung: " + r);
    assertEquals(0, r.socketsClosed(), topology + ": the service closed live connections: " + r);
    assertTrue(r.refused() > 0, topology + ": writes were refused while there was no master: " + r);
    if (wait > 0) {
      assertEquals(0, r.lost(), topology + ": acknowledged statuses lost with REDIS_WAIT_REPLICAS=" + wait + ": " + r);
    }
  }

  private static String key(String room) {
    return "ps2:{" + room + "}";
  }
}
