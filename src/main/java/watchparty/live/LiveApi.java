package watchparty.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import watchparty.config.ServiceConfig;
import watchparty.http.ApiError;
import watchparty.http.QueryParams;
import watchparty.http.RateLimits;
import watchparty.http.Responses;
import watchparty.json.JsonWriter;
import watchparty.metrics.ServiceMetrics;
import watchparty.status.RoomSnapshot;
import watchparty.status.StatusParser;
import watchparty.store.StatusStore;
import watchparty.sync.RoomSync;
import watchparty.time.Clock;

/**
 * Live rooms for one event loop: the WebSocket and SSE feeds, the sync view, and the heartbeat
 * of this loop's live connections.
 */
public final class LiveApi {
  public static final String WS_PATH = "/api/player/ws";
  public static final String EVENTS_PATH = "/api/player/events";
  public static final String SYNC_PATH = "/api/player/sync";

  final StatusStore store;
  final Clock clock;
  final ServiceConfig config;
  final Responses responses;
  final StatusParser parser = new StatusParser();
  final ObjectMapper json = new ObjectMapper();
  final JsonWriter scratch = new JsonWriter(8192);
  final Set<LiveSession> sessions = new LinkedHashSet<>();
  private long syncEventId = Long.MIN_VALUE;
  private RoomSnapshot syncRoom;
  private byte[] syncJson;
  private long heartbeatTimer = -1;
  private Vertx vertx;

  final RateLimits limits;

  final ServiceMetrics metrics;

  public LiveApi(StatusStore store, Clock clock, ServiceConfig config, Responses responses, RateLimits limits,
      ServiceMetrics metrics) {
    this.metrics = metrics;
    this.limits = limits;
    this.store = store;
    this.clock = clock;
    this.config = config;
    this.responses = responses;
  }

  /** Adds the live routes and starts this loop's heartbeat. */
  public void mount(Vertx vertx, Router router) {
    this.vertx = vertx;
    router.get(WS_PATH).handler(this::webSocket);
    router.get(EVENTS_PATH).handler(this::events);
    router.get(SYNC_PATH).handler(this::sync);
    heartbeatTimer = vertx.setPeriodic(config.heartbeatIntervalMs(), id -> {
      long now = clock.millis();
      for (LiveSession s : new ArrayList<>(sessions)) {
        s.heartbeat(now);
      }
    });
  }

  /** Closes every live connection of this loop (shutdown), so that none holds the drain open. */
  public void closeAll() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    for (LiveSession s : new ArrayList<>(sessions)) {
      s.goAway();
    }
  }

  /**
   * The sync view after an event, computed once per event on this loop and shared by its
   * listeners (eventId -1: a view for one listener alone). Keyed by the room's snapshot too:
   * event ids are numbered per shard (and per room in Redis), so two rooms can share one.
   */
  byte[] syncOf(RoomSnapshot room, long eventId) {
    if (eventId < 0 || eventId != syncEventId || room != syncRoom) {
      byte[] view = LiveMessages.sync(room, clock.millis(), config.syncPolicy(), scratch);
      if (eventId < 0) {
        return view;
      }
      syncEventId = eventId;
      syncRoom = room;
      syncJson = view;
    }
    return syncJson;
  }

  private QueryParams query(RoutingContext ctx) {
    long perLoop = Math.max(1, (config.maxSockets() + (long) config.eventLoops() - 1) / config.eventLoops());
    if (!ctx.request().path().equals(SYNC_PATH) && sessions.size() >= perLoop) {
      responses.fail(ctx.request(), new ApiError(503, "Service Unavailable",
          "The service holds its maximum of " + config.maxSockets() + " live connections (MAX_SOCKETS)"));
      return null;
    }
    try {
      return QueryParams.require(ctx.request().query());
    } catch (ApiError e) {
      responses.fail(ctx.request(), e);
      return null;
    }
  }

  private void webSocket(RoutingContext ctx) {
    QueryParams q = query(ctx);
    if (q == null) {
      return;
    }
    HttpServerRequest request = ctx.request();
    String upgrade = request.getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      responses.fail(request, new ApiError(426, "Upgrade Required", "This path speaks WebSocket: send an Upgrade request"));
      return;
    }
    // a reconnecting socket names the last event it saw, as an EventSource sends Last-Event-ID
    long lastEventId = eventId(request.getParam("lastEventId"));
    request.toWebSocket()
        .onSuccess(ws -> new WebSocketSession(this, ws, q.roomCode(), q.userId()).start(lastEventId))
        .onFailure(e -> responses.fail(request, ApiError.badRequest("WebSocket handshake failed: " + e.getMessage())));
  }

  private void events(RoutingContext ctx) {
    QueryParams q = query(ctx);
    if (q == null) {
      return;
    }
    long lastEventId = eventId(ctx.request().getHeader("last-event-id"));
    new EventStreamSession(this, ctx.request(), q.roomCode()).start(lastEventId);
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

  private void sync(RoutingContext ctx) {
    QueryParams q = query(ctx);
    if (q == null) {
      return;
    }
    HttpServerRequest request = ctx.request();
    store.room(q.roomCode())
        .onSuccess(room -> responses.ok(request,
            RoomSync.of(room, clock.millis(), config.syncPolicy()).json(responses.writer())))
        .onFailure(e -> responses.fail(request, e));
  }
}
