package watchparty.live;

import watchparty.json.JsonWriter;
import watchparty.status.RoomSnapshot;
import watchparty.sync.SyncPolicy;
import watchparty.time.Clock;

/**
 * Encodes the live messages of one event loop in the loop's scratch writer. The sync view after
 * an event is encoded once and shared by every listener of the loop that receives the event.
 */
final class LiveEncoder {
  private final Clock clock;
  private final SyncPolicy policy;
  private final JsonWriter scratch = new JsonWriter(8192);
  private long syncEventId = Long.MIN_VALUE;
  private RoomSnapshot syncRoom;
  private byte[] syncJson;

  LiveEncoder(Clock clock, SyncPolicy policy) {
    this.clock = clock;
    this.policy = policy;
  }

  byte[] snapshot(RoomSnapshot room) {
    return LiveMessages.snapshot(room, clock.millis(), scratch);
  }

  /**
   * The sync view after an event, computed once per event on this loop (eventId -1: a view for
   * one listener alone). Keyed by the room's snapshot too: event ids are numbered per shard (and
   * per room in Redis), so two rooms can share one.
   */
  byte[] sync(RoomSnapshot room, long eventId) {
    if (eventId < 0 || eventId != syncEventId || room != syncRoom) {
      byte[] view = LiveMessages.sync(room, clock.millis(), policy, scratch);
      if (eventId < 0) {
        return view;
      }
      syncEventId = eventId;
      syncRoom = room;
      syncJson = view;
    }
    return syncJson;
  }

  byte[] pong(double t0, long t1, long t2) {
    return LiveMessages.pong(t0, t1, t2, scratch);
  }

  byte[] ack(long timestamp) {
    return LiveMessages.ack(timestamp, scratch);
  }

  byte[] error(String message) {
    return LiveMessages.error(message, scratch);
  }
}
