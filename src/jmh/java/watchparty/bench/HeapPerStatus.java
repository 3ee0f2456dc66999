package watchparty.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import watchparty.status.StatusParser;
import watchparty.store.RoomShard;

/**
 * Retained heap per stored status: 100,000 users x 5 statuses (20,000 rooms of five), parsed
 * from the load generator's own bodies, measured as heap used after a full GC, minus the same
 * before the store was filled.
 *
 * <p>mvn -B -Pjmh test-compile exec:exec -Dbench.main=watchparty.bench.HeapPerStatus
 */
public final class HeapPerStatus {
  private HeapPerStatus() {
  }

  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int history = 5;
    int rooms = users / 5;
    StatusParser parser = new StatusParser();
    long now = System.currentTimeMillis();
    long before = usedAfterGc();
    RoomShard shard = new RoomShard(() -> now, 3_600_000, history);
    for (int round = 0; round < history; round++) {
      for (int u = 0; u < users; u++) {
        // each status carries its own position, as a playing client's do
        shard.append(parser.parse(Samples.status(u, rooms, 100 + u % 500 + round * 1.37), now + round));
      }
    }
    long after = usedAfterGc();
    long statuses = shard.statuses();
    System.out.printf("users %d, rooms %d, statuses %d%n", shard.users(), shard.rooms(), statuses);
    System.out.printf("retained heap %.1f MiB, %.1f bytes per stored status%n",
        (after - before) / 1048576.0, (after - before) / (double) statuses);
    if (shard.statuses() == 0) {
      throw new AssertionError("nothing stored");
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
