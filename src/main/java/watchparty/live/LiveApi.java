package watchparty.live;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import watchparty.config.ServiceConfig;
import watchparty.http.ApiError;
import watchparty.http.QueryParams;
import watchparty.http.Responses;
import watchparty.http.StatusIntake;
import watchparty.metrics.ServiceMetrics;
import watchparty.store.StatusStore;
import watchparty.sync.RoomSync;
import watchparty.sync.SyncPolicy;
import watchparty.time.Clock;

/**
 * Live rooms for one event loop: the WebSocket and SSE feeds, the sync view, and the heartbeat
 * of this loop's live connections.
 */
public final class LiveApi {
  public static final String WS_PATH = "/api/player/ws";
  public static final String EVENTS_PATH = "/api/player/events";
  public static final String SYNC_PATH = "/api/player/sync";

  private final LiveContext live;
  private final Responses responses;
  private final SyncPolicy syncPolicy;
  private final int maxSockets;
  /** This loop's share of MAX_SOCKETS. */
  private final long socketsPerLoop;
  private Vertx vertx;
  /** Ticks per heartbeat interval; a connection is pinged at one of them. */
  static final int HEARTBEAT_SLICES = 16;
  private long heartbeatTimer = -1;
  private int heartbeatTick;

  public LiveApi(StatusStore store, Clock clock, ServiceConfig config, Responses responses, StatusIntake intake,
      ServiceMetrics metrics) {
    this.responses = responses;
    this.syncPolicy = config.syncPolicy();
    this.maxSockets = config.maxSockets();
    this.socketsPerLoop = Math.max(1, (config.maxSockets() + (long) config.eventLoops() - 1) / config.eventLoops());
    this.live = new LiveContext(store, clock, metrics, responses, intake, new LiveEncoder(clock, syncPolicy),
        new LinkedHashSet<>(), config.liveQueueBytes(), config.heartbeatIntervalMs());
  }

  /**
   * Starts this loop's heartbeat of its live connections: each is pinged once an interval, at a
   * phase of its own, one slice of them at each of HEARTBEAT_SLICES ticks. Pinging every
   * connection in one tick stalled the loop (10,000 sockets: the delivery p99 rose every 15 s).
   */
  public void startHeartbeat(Vertx vertx) {
    this.vertx = vertx;
    long tick = Math.max(1, live.heartbeatIntervalMs() / HEARTBEAT_SLICES);
    heartbeatTimer = vertx.setPeriodic(tick, id -> {
      long now = live.clock().millis();
      int slice = heartbeatTick++ % HEARTBEAT_SLICES;
      // the slice collected first: a heartbeat may close its connection, which leaves the set
      List<LiveSession> due = new ArrayList<>();
      for (LiveSession s : live.open()) {
        if (s.heartbeatSlice == slice) {
          due.add(s);
        }
      }
      for (LiveSession s : due) {
        s.heartbeat(now);
      }
    });
  }

  /** Closes every live connection of this loop (shutdown), so that none holds the drain open. */
  public void closeAll() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    for (LiveSession s : new ArrayList<>(live.open())) {
      s.goAway();
    }
  }

  /** GET /api/player/ws?roomCode=R[&userId=U][&lastEventId=N]: a WebSocket following the room. */
  public void webSocket(HttpServerRequest request) {
    QueryParams q = connectionQuery(request);
    if (q == null) {
      return;
    }
    String upgrade = request.getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      responses.fail(request, new ApiError(426, "Upgrade Required", "This path speaks WebSocket: send an Upgrade request"));
      return;
    }
    // a reconnecting socket names the last event it saw, as an EventSource sends Last-Event-ID
    long lastEventId = eventId(request.getParam("lastEventId"));
    request.toWebSocket()
        .onSuccess(ws -> new WebSocketSession(live, ws, q.roomCode(), q.userId()).start(lastEventId))
        .onFailure(e -> responses.fail(request, ApiError.badRequest("WebSocket handshake failed: " + e.getMessage())));
  }

  /** GET /api/player/events?roomCode=R: a Server-Sent Events stream following the room. */
  public void events(HttpServerRequest request) {
    QueryParams q = connectionQuery(request);
    if (q == null) {
      return;
    }
    long lastEventId = eventId(request.getHeader("last-event-id"));
    new EventStreamSession(live, request, q.roomCode()).start(lastEventId);
  }

  /** GET /api/player/sync?roomCode=R: each member's drift from the host and the correction advised. */
  public void sync(HttpServerRequest request) {
    QueryParams q = query(request);
    if (q == null) {
      return;
    }
    live.store().room(q.roomCode())
        .onSuccess(room -> responses.ok(request, RoomSync.of(room, live.clock().millis(), syncPolicy).json(responses.writer())))
        .onFailure(e -> responses.fail(request, e));
  }

  /** The query of a new live connection, or null when refused (answered): this loop holds its share of MAX_SOCKETS. */
  private QueryParams connectionQuery(HttpServerRequest request) {
    if (live.open().size() >= socketsPerLoop) {
      responses.fail(request, new ApiError(503, "Service Unavailable",
          "The service holds its maximum of " + maxSockets + " live connections (MAX_SOCKETS)"));
      return null;
    }
    return query(request);
  }

  /** The room (and user) asked for, or null when the query is refused (answered). */
  private QueryParams query(HttpServerRequest request) {
    try {
      return QueryParams.require(request.query());
    } catch (ApiError e) {
      responses.fail(request, e);
      return null;
    }
  }

  /** The event id a listener resumes from; -1 (start afresh with a snapshot) when none or not one of ours. */
  static long eventId(String given) {
    if (given == null) {
      return -1;
    }
    try {
      return Long.parseLong(given.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
