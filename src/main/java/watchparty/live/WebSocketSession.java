package watchparty.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import watchparty.status.InvalidStatusException;
import watchparty.status.StatusReport;

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

  WebSocketSession(LiveApi api, ServerWebSocket ws, String roomCode, String userId) {
    super(api, roomCode, userId);
    this.ws = ws;
    this.lastHeard = api.clock.millis();
  }

  /** Starts the feed after lastEventId (the missed events), or with a snapshot when it is -1 or unknown. */
  void start(long lastEventId) {
    ws.setWriteQueueMaxSize(api.config.liveQueueBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error("messages must be JSON text"));
    ws.pongHandler(b -> lastHeard = api.clock.millis());
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
    ws.writeTextMessage(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    api.metrics.fannedOut();
  }

  @Override
  void heartbeat(long now) {
    if (now - lastHeard > 2 * api.config.heartbeatIntervalMs()) {
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
    send("error", -1, LiveMessages.error(message, api.scratch));
  }

  private void onText(String text) {
    long receivedAt = api.clock.millis();
    lastHeard = receivedAt;
    JsonNode message;
    try {
      message = api.json.readTree(text);
    } catch (Exception e) {
      error("Invalid JSON message");
      return;
    }
    if (message == null || !message.isObject()) {
      error("a message must be a JSON object");
      return;
    }
    String type = message.path("type").asText("");
    switch (type) {
      case "ping" -> {
        JsonNode t0 = message.get("t0");
        if (t0 == null || !t0.isNumber() || !Double.isFinite(t0.doubleValue())) {
          error("t0 must be a number");
          return;
        }
        send("pong", -1, LiveMessages.pong(t0.doubleValue(), receivedAt, api.clock.millis(), api.scratch));
      }
      case "status" -> status((ObjectNode) message, receivedAt);
      default -> error("type must be \"status\" or \"ping\"");
    }
  }

  /** Validated exactly as POST is; the socket's room and user fill in what the message leaves out. */
  private void status(ObjectNode message, long receivedAt) {
    message.remove("type");
    if (!sameOrFill(message, "roomCode", roomCode) || !sameOrFill(message, "userId", userId)) {
      return;
    }
    StatusReport report;
    try {
      report = api.parser.parse(api.json.writeValueAsBytes(message), receivedAt);
    } catch (InvalidStatusException e) {
      error(e.getMessage());
      return;
    } catch (Exception e) {
      error("Invalid JSON message");
      return;
    }
    watchparty.http.ApiError limited = api.limits.checkUser(report.userId());
    if (limited != null) {
      error(limited.getMessage());
      return;
    }
    api.store.append(report)
        .onSuccess(v -> send("ack", -1, LiveMessages.ack(report.status().timestamp(), api.scratch)))
        .onFailure(e -> error(e instanceof watchparty.store.StoreFullException ? e.getMessage()
            : "the status could not be stored"));
  }

  private boolean sameOrFill(ObjectNode message, String field, String own) {
    JsonNode given = message.get(field);
    if (given == null || given.isNull()) {
      if (own != null) {
        message.put(field, own);
      }
      return true;
    }
    if (own != null && given.isTextual() && !given.asText().equals(own)) {
      error(field + " must be this socket's (" + own + ")");
      return false;
    }
    return true;
  }

}
