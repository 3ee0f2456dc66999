package watchparty.live;

import java.util.List;
import watchparty.status.RoomEvent;
import watchparty.status.RoomSnapshot;
import watchparty.store.RoomListener;
import watchparty.store.Subscription;

/**
 * One live connection following one room, on the event loop of its connection. Sends the
 * snapshot (or the missed events), then every event, each followed by the room's sync view.
 */
abstract class LiveSession implements RoomListener {
  final LiveContext live;
  final String roomCode;
  final String userId;
  /** The heartbeat tick this connection is pinged at, so that a loop's pings are spread over the interval. */
  final int heartbeatSlice;
  private Subscription subscription;
  private boolean closed;

  LiveSession(LiveContext live, String roomCode, String userId) {
    this.live = live;
    this.roomCode = roomCode;
    this.userId = userId;
    this.heartbeatSlice = java.util.concurrent.ThreadLocalRandom.current().nextInt(LiveApi.HEARTBEAT_SLICES);
  }

  /** Sends one message; a session that cannot keep up is closed instead. */
  abstract void send(String event, long id, byte[] json);

  /** Pings the peer, or closes the session when it has not answered for too long. */
  abstract void heartbeat(long now);

  /** Closes the connection (shutdown): the peer reconnects elsewhere. */
  abstract void goAway();

  void subscribe(long lastEventId) {
    live.open().add(this);
    live.metrics().socketOpened();
    live.store().subscribe(roomCode, userId, lastEventId, this).onComplete(result -> {
      if (result.failed()) {
        goAway();
      } else if (closed) {
        result.result().close();
      } else {
        subscription = result.result();
      }
    });
  }

  /** The connection is gone: stop the feed. */
  void ended() {
    if (closed) {
      return;
    }
    closed = true;
    live.open().remove(this);
    live.metrics().socketClosed();
    if (subscription != null) {
      subscription.close();
    }
  }

  @Override
  public void onStart(RoomSnapshot room, List<RoomEvent> missed) {
    if (missed == null) {
      send("snapshot", room.lastEventId(), live.encoder().snapshot(room));
    } else {
      for (RoomEvent e : missed) {
        send(e.type().eventName(), e.id(), e.json());
      }
    }
    send("sync", -1, live.encoder().sync(room, -1));
  }

  @Override
  public void onEvent(RoomEvent event, RoomSnapshot room) {
    send(event.type().eventName(), event.id(), event.json());
    send("sync", -1, live.encoder().sync(room, event.id()));
  }
}
