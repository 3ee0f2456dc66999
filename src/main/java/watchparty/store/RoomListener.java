package watchparty.store;

import java.util.List;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;

/** A live listener of one room. Called on the event loop it subscribed from, in event order. */
public interface RoomListener {
  /**
   * First, before any event: the room as it stood when the subscription began, and for a
   * listener that resumed, the events it missed (null when they are no longer known).
   */
  void onStart(RoomSnapshot room, List<RoomEvent> missed);

  /** An event, with the room as it stood right after it. */
  void onEvent(RoomEvent event, RoomSnapshot room);
}
