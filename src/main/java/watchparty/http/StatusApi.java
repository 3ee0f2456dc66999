package watchparty.http;

import io.vertx.core.http.HttpServerRequest;
import watchparty.status.StatusJson;
import watchparty.store.StatusStore;
import watchparty.time.Clock;

/** The seed's status endpoints: POST a status, GET a room or one user's history. One instance per event loop. */
public final class StatusApi {
  public static final String STATUS_PATH = "/api/player/status";

  private final StatusStore store;
  private final Clock clock;
  private final int maxBodyBytes;
  private final Responses responses;
  private final StatusIntake intake;

  public StatusApi(StatusStore store, Clock clock, int maxBodyBytes, Responses responses, StatusIntake intake) {
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.responses = responses;
    this.intake = intake;
  }

  /** POST: the body is a status, answered {"success":true,"timestamp":T} once stored. */
  public void post(HttpServerRequest request) {
    long receivedAt = clock.millis();
    BodyReader.read(request, maxBodyBytes)
        .compose(body -> intake.accept(body, receivedAt))
        .onSuccess(timestamp -> responses.ok(request, StatusJson.ack(responses.writer(), timestamp)))
        .onFailure(e -> responses.fail(request, e));
  }

  /** GET ?roomCode=R: the room; GET ?roomCode=R&userId=U: that user's statuses. */
  public void get(HttpServerRequest request) {
    QueryParams query;
    try {
      query = QueryParams.require(request.query());
    } catch (ApiError e) {
      responses.fail(request, e);
      return;
    }
    String roomCode = query.roomCode();
    String userId = query.userId();
    if (userId == null) {
      store.room(roomCode)
          .onSuccess(room -> responses.ok(request, room.json(responses.writer())))
          .onFailure(e -> responses.fail(request, e));
    } else {
      store.history(roomCode, userId)
          .onSuccess(history -> responses.ok(request, history.json(responses.writer())))
          .onFailure(e -> responses.fail(request, e));
    }
  }
}
