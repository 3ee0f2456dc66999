package watchparty.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events follower of a room: the event type is the SSE event name, the JSON its
 * data, and room events carry their id, so a reconnecting EventSource sends Last-Event-ID and
 * gets what it missed (or a fresh snapshot when that is no longer known).
 */
final class EventStreamSession extends LiveSession {
  private static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

  private final HttpServerRequest request;
  private final HttpServerResponse response;

  EventStreamSession(LiveContext live, HttpServerRequest request, String roomCode) {
    super(live, roomCode, null);
    this.request = request;
    this.response = request.response();
  }

  void start(long lastEventId) {
    response.setChunked(true).setWriteQueueMaxSize(live.queueBytes());
    live.responses().common(response);
    response.headers()
        .set("content-type", "text/event-stream; charset=utf-8")
        .set("x-accel-buffering", "no");
    response.closeHandler(v -> ended());
    response.exceptionHandler(e -> ended());
    response.write(RETRY);
    subscribe(lastEventId);
  }

  @Override
  void send(String event, long id, byte[] json) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      // a stream cannot say why it ends: the client sees it close and may reconnect
      request.connection().close();
      ended();
      return;
    }
    StringBuilder frame = new StringBuilder(json.length + 48);
    if (id >= 0) {
      frame.append("id: ").append(id).append('\n');
    }
    frame.append("event: ").append(event).append("\ndata: ").append(new String(json, StandardCharsets.UTF_8)).append("\n\n");
    response.write(frame.toString());
    live.metrics().fannedOut();
  }

  @Override
  void heartbeat(long now) {
    if (!response.closed() && !response.writeQueueFull()) {
      response.write(HEARTBEAT);
    }
  }

  @Override
  void goAway() {
    if (!response.closed()) {
      response.end();
    }
    ended();
  }
}
