package watchparty.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import watchparty.json.JsonWriter;
import watchparty.status.HistorySnapshot;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusJson;
import watchparty.status.StatusParser;
import watchparty.status.StatusReport;
import watchparty.store.RoomShard;

/**
 * The per-request work of the service, without the network: parse and validate a POST body,
 * store it, build a room's answer, encode it. 20,000 users in 4,000 rooms, five statuses each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
  private static final int USERS = 20_000;
  private static final int ROOMS = 4_000;

  private final StatusParser parser = new StatusParser();
  private final JsonWriter writer = new JsonWriter(16_384);
  private final long now = System.currentTimeMillis();
  private RoomShard shard;
  private byte[][] bodies;
  private StatusReport[] reports;
  private int next;

  @Setup
  public void fill() {
    shard = new RoomShard(() -> now, 3_600_000, 5);
    bodies = new byte[USERS][];
    reports = new StatusReport[USERS];
    for (int u = 0; u < USERS; u++) {
      bodies[u] = Samples.status(u, ROOMS, 100 + u % 500 + 0.25);
      reports[u] = parser.parse(bodies[u], now);
      for (int i = 0; i < 5; i++) {
        shard.append(reports[u]);
      }
    }
  }

  private int nextUser() {
    next = next + 7919 < USERS ? next + 7919 : (next + 7919) % USERS;
    return next;
  }

  @Benchmark
  public StatusReport parseAndValidate() {
    return parser.parse(bodies[nextUser()], now);
  }

  @Benchmark
  public int storeAppend() {
    StatusReport r = reports[nextUser()];
    shard.append(r);
    return r.userId().length();
  }

  /** A room read just after a write: the snapshot is rebuilt and encoded (25 statuses). */
  @Benchmark
  public int roomReadAfterWrite() {
    StatusReport r = reports[nextUser()];
    shard.append(r);
    RoomSnapshot room = shard.room(r.roomCode());
    return room.json(writer).length;
  }

  /** A room read with nothing changed since the last: the snapshot and its bytes are reused. */
  @Benchmark
  public int roomReadUnchanged() {
    RoomSnapshot room = shard.room(reports[nextUser()].roomCode());
    return room.json(writer).length;
  }

  @Benchmark
  public int encodeOneUsersHistory() {
    StatusReport r = reports[nextUser()];
    HistorySnapshot history = shard.history(r.roomCode(), r.userId());
    return StatusJson.history(writer.reset(), r.userId(), r.roomCode(), history.statuses()).length();
  }
}
