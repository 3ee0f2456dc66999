package watchparty.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;

/**
 * One event loop's live listeners, by room. Touched only on that loop. A listener is added
 * before its subscription is answered and holds what reaches it until then; once started it
 * passes on only events newer than what its answer covered, so none is missed or told twice.
 */
public final class LoopListeners {
  private final HashMap<String, List<Entry>> byRoom = new HashMap<>();

  /** An event that reached a listener before its subscription was answered, with the room after it. */
  private record Held(RoomEvent event, RoomSnapshot room) {
  }

  /** One listener on this loop. */
  public static final class Entry {
    private final RoomListener listener;
    private List<Held> held = new ArrayList<>();
    private long lastDelivered;

    private Entry(RoomListener listener) {
      this.listener = listener;
    }

    void offer(RoomEvent event, RoomSnapshot room) {
      if (held != null) {
        held.add(new Held(event, room));
      } else if (event.id() > lastDelivered) {
        lastDelivered = event.id();
        listener.onEvent(event, room);
      }
    }

    /** The subscription's answer: the room then, and the events missed (null: unknown). */
    public void start(RoomSnapshot snapshot, List<RoomEvent> missed) {
      long coveredUpTo = snapshot.lastEventId();
      if (missed != null && !missed.isEmpty()) {
        coveredUpTo = Math.max(coveredUpTo, missed.get(missed.size() - 1).id());
      }
      listener.onStart(snapshot, missed);
      lastDelivered = coveredUpTo;
      List<Held> early = held;
      held = null;
      for (Held e : early) {
        offer(e.event(), e.room());
      }
    }
  }

  /**
   * Tells every started listener of the room the room afresh, after its feed was interrupted
   * (events may have been missed): from here on, events newer than this snapshot pass.
   */
  public void restart(RoomSnapshot snapshot) {
    for (Entry e : List.copyOf(byRoom.getOrDefault(snapshot.roomCode(), List.of()))) {
      if (e.held == null) {
        e.listener.onStart(snapshot, null);
        e.lastDelivered = snapshot.lastEventId();
      }
    }
  }

  public Entry add(String roomCode, RoomListener listener) {
    Entry entry = new Entry(listener);
    byRoom.computeIfAbsent(roomCode, k -> new ArrayList<>()).add(entry);
    return entry;
  }

  /** Returns true when that was the room's last listener on this loop. */
  public boolean remove(String roomCode, Entry entry) {
    List<Entry> entries = byRoom.get(roomCode);
    if (entries == null || !entries.remove(entry)) {
      return false;
    }
    if (entries.isEmpty()) {
      byRoom.remove(roomCode);
      return true;
    }
    return false;
  }

  /** Tells the room's started listeners on this loop the event; those not started yet hold it. */
  public void deliver(RoomEvent event, RoomSnapshot room) {
    List<Entry> entries = byRoom.get(event.roomCode());
    if (entries != null) {
      for (Entry e : List.copyOf(entries)) {
        e.offer(event, room);
      }
    }
  }
}
