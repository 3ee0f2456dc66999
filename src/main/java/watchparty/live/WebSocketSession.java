package watchparty.live;

import io.vertx.core.buffer.Buffer;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import watchparty.http.ApiError;
import watchparty.live.SocketMessage.Ping;
import watchparty.live.SocketMessage.Refused;
import watchparty.live.SocketMessage.Status;
import watchparty.status.InvalidStatusException;
import watchparty.store.StoreFullException;

/**
 * A WebSocket follower of a room, which may also report statuses and sync its clock:
 * {"type":"status", ...a POST body...} and {"type":"ping","t0":clientMs}.
 */
final class WebSocketSession extends LiveSession {
  /** Closed for not reading fast enough: RFC 6455 "policy violation", with the reason in words. */
  static final short SLOW_CONSUMER = 1008;
  static final short GOING_AWAY = 1001;

  private final ServerWebSocket ws;
  private long lastHeard;

  WebSocketSession(LiveContext live, ServerWebSocket ws, String roomCode, String userId) {
    super(live, roomCode, userId);
    this.ws = ws;
    this.lastHeard = live.clock().millis();
  }

  /** Starts the feed after lastEventId (the missed events), or with a snapshot when it is -1 or unknown. */
  void start(long lastEventId) {
    ws.setWriteQueueMaxSize(live.queueBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error("messages must be JSON text"));
    ws.pongHandler(b -> lastHeard = live.clock().millis());
    ws.closeHandler(v -> ended());
    ws.exceptionHandler(e -> ended());
    subscribe(lastEventId);
  }

  @Override
  void send(String event, long id, byte[] json) {
    if (ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      ws.close(SLOW_CONSUMER, "slow consumer: outgoing queue full");
      ended();
      return;
    }
    // the encoded bytes as the frame's payload: no String decoded and encoded again per listener
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(json), true));
    live.metrics().fannedOut();
  }

  @Override
  void heartbeat(long now) {
    if (now - lastHeard > 2 * live.heartbeatIntervalMs()) {
      ws.close(GOING_AWAY, "heartbeat timeout");
      ended();
    } else if (!ws.isClosed()) {
      ws.writePing(Buffer.buffer());
    }
  }

  @Override
  void goAway() {
    if (!ws.isClosed()) {
      ws.close(GOING_AWAY, "server going away");
    }
    ended();
  }

  private void error(String message) {
    send("error", -1, live.encoder().error(message));
  }

  private void onText(String text) {
    long receivedAt = live.clock().millis();
    lastHeard = receivedAt;
    SocketMessage message = SocketMessageReader.read(text, roomCode, userId);
    if (message instanceof Ping ping) {
      send("pong", -1, live.encoder().pong(ping.t0(), receivedAt, live.clock().millis()));
    } else if (message instanceof Status status) {
      // taken in as a POST is: the same parser, the same per-user budget, the same store
      live.intake().accept(status.body(), 0, status.body().length, receivedAt)
          .onSuccess(timestamp -> send("ack", -1, live.encoder().ack(timestamp)))
          .onFailure(e -> error(refusal(e)));
    } else if (message instanceof Refused refused) {
      error(refused.reason());
    }
  }

  /** Why a status was not taken in, in the words a POST's error would use, or the store's. */
  private static String refusal(Throwable failure) {
    if (failure instanceof InvalidStatusException || failure instanceof ApiError
        || failure instanceof StoreFullException) {
      return failure.getMessage();
    }
    return "the status could not be stored";
  }
}
