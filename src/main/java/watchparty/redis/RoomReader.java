package watchparty.redis;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import watchparty.json.JsonWriter;
import watchparty.status.HistorySnapshot;
import watchparty.status.PlayerStatus;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusJson;
import watchparty.status.StatusParser;
import watchparty.status.UserStatuses;
import watchparty.store.StoreUnavailableException;
import watchparty.time.Clock;

/**
 * Room and user reads: one HGETALL of the room's hash, no script. The window, the join order and
 * the sockets' holds are applied here, so a read costs Redis one command, and the answer is
 * assembled from the stored JSON by copying; statuses are parsed only if asked for.
 */
final class RoomReader {
  private final LoopConnections connections;
  private final Clock clock;
  private final long ttlMs;
  private final StatusParser parser = new StatusParser();

  RoomReader(LoopConnections connections, Clock clock, long ttlMs) {
    this.connections = connections;
    this.clock = clock;
    this.ttlMs = ttlMs;
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

  Future<HistorySnapshot> history(String roomCode, String userId) {
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

  Future<RoomSnapshot> room(String roomCode) {
    return read(roomCode, null).map(read -> snapshot(roomCode, read));
  }

  private Future<RoomRead> read(String roomCode, String onlyUser) {
    return connections.send(Request.cmd(Command.HGETALL).arg(RoomKeys.of(roomCode).key()))
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

  private List<PlayerStatus> parse(List<Records.Record> records) {
    List<PlayerStatus> out = new ArrayList<>(records.size());
    for (Records.Record r : records) {
      out.add(parser.parse(r.bytes(), r.jsonStart(), r.jsonEnd() - r.jsonStart(), r.timestamp()).status());
    }
    return out;
  }
}
