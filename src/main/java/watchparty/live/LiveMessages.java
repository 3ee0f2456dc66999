package watchparty.live;

import java.util.Arrays;
import watchparty.json.JsonWriter;
import watchparty.status.RoomSnapshot;
import watchparty.sync.RoomSync;
import watchparty.sync.SyncPolicy;

/** The live feed's own messages, pure; room events encode themselves (RoomEvent). */
final class LiveMessages {
  private static final byte[] SNAPSHOT = JsonWriter.bytes("{\"type\":\"snapshot\",\"id\":");
  private static final byte[] SERVER_TIME = JsonWriter.bytes(",\"serverTime\":");
  private static final byte[] HOST = JsonWriter.bytes(",\"host\":");
  private static final byte[] SYNC = JsonWriter.bytes("{\"type\":\"sync\",");
  private static final byte[] PONG = JsonWriter.bytes("{\"type\":\"pong\",\"t0\":");
  private static final byte[] T1 = JsonWriter.bytes(",\"t1\":");
  private static final byte[] T2 = JsonWriter.bytes(",\"t2\":");
  private static final byte[] ACK = JsonWriter.bytes("{\"type\":\"ack\",\"timestamp\":");
  private static final byte[] ERROR = JsonWriter.bytes("{\"type\":\"error\",\"message\":");

  private LiveMessages() {
  }

  /** {"type":"snapshot","id":N,"serverTime":T,"host":..|null,"roomCode":..,"users":{..}}. */
  static byte[] snapshot(RoomSnapshot room, long now, JsonWriter scratch) {
    byte[] answer = room.json(scratch);
    JsonWriter w = scratch.reset().raw(SNAPSHOT).number(room.lastEventId()).raw(SERVER_TIME).number(now).raw(HOST);
    if (room.host() == null) {
      w.nul();
    } else {
      w.string(room.host());
    }
    // the GET answer without its opening brace completes the object
    return join(w.raw(',').toByteArray(), Arrays.copyOfRange(answer, 1, answer.length));
  }

  /** {"type":"sync", ...the GET /api/player/sync answer}. */
  static byte[] sync(RoomSnapshot room, long now, SyncPolicy policy, JsonWriter scratch) {
    byte[] view = RoomSync.of(room, now, policy).json(scratch.reset()).toByteArray();
    return join(SYNC, Arrays.copyOfRange(view, 1, view.length));
  }

  /** NTP-style: the client's send time, the server's receive and send times. */
  static byte[] pong(double t0, long t1, long t2, JsonWriter scratch) {
    return scratch.reset().raw(PONG).number(t0).raw(T1).number(t1).raw(T2).number(t2).raw('}').toByteArray();
  }

  static byte[] ack(long timestamp, JsonWriter scratch) {
    return scratch.reset().raw(ACK).number(timestamp).raw('}').toByteArray();
  }

  static byte[] error(String message, JsonWriter scratch) {
    return scratch.reset().raw(ERROR).string(message).raw('}').toByteArray();
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
