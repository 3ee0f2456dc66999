package watchparty.simulate;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * The seed's client: it POSTs its status every 4 s while playing and at each player event, and
 * reads the room every second. A follower follows the host's latest status in each read.
 */
final class PollViewer extends Viewer {
  static final long READ_NANOS = 1_000_000_000L;
  static final long REPORT_NANOS = 4_000_000_000L;

  private final ClockOffset clock = new ClockOffset();
  private final String readUri;
  private final String postUri;

  private record Answer(int status, String serverTime, Buffer body) {
  }

  PollViewer(SimulatedRoom room, Plan.ViewerPlan plan, SimulatedPlayer player) {
    super(room, plan, player);
    this.readUri = loop.target.path("/api/player/status") + "?roomCode=" + room.plan.code();
    this.postUri = loop.target.path("/api/player/status");
  }

  @Override
  void start(long due) {
    joinedNanos = due;
    metrics.viewersStarted().incrementAndGet();
    report(due); // the player's load event
    read(due);
    loop.schedule(due + READ_NANOS, this::readTick);
    loop.schedule(due + REPORT_NANOS, this::reportTick);
  }

  private void readTick(long due) {
    if (stopped) {
      return;
    }
    read(due);
    loop.schedule(due + READ_NANOS, this::readTick);
  }

  private void reportTick(long due) {
    if (stopped) {
      return;
    }
    if (player.playing()) {
      report(due);
    }
    loop.schedule(due + REPORT_NANOS, this::reportTick);
  }

  @Override
  void hostActed(long due) {
    report(due);
  }

  @Override
  void stop() {
    stopped = true;
  }

  private void report(long due) {
    // the seed's client knows nothing of the server's clock: no sampledAt
    String body = statusBody(false, due, Double.NaN);
    exchange(Metric.STATUS, HttpMethod.POST, postUri, body, due, (answer, now) -> {
    });
  }

  private void read(long due) {
    exchange(Metric.ROOM, HttpMethod.GET, readUri, null, due, (answer, now) -> {
      if (!isHost()) {
        follow(answer, now);
      }
    });
  }

  private void follow(Buffer body, long now) {
    RoomAnswer answer = loop.answer;
    try {
      if (!answer.read(loop.bytesOf(body), body.length(), room.hostId())) {
        metrics.error(Metric.ROOM, "unreadable room answer");
        return;
      }
    } catch (IOException e) {
      metrics.error(Metric.ROOM, "unreadable room answer");
      return;
    }
    for (int i = 0; i < answer.count(); i++) {
      received(answer.time(i), now);
    }
    if (answer.count() > 0) {
      double serverNow = loop.clock.wallMillis(now) + clock.offset();
      boolean changed = Following.follow(player, answer.latest(), now, serverNow);
      following = true;
      if (changed) {
        report(now); // seeks and play/pause are player events: the seed's client reports them
      }
    }
  }

  /** One request; its latency from due (when it was meant to go), errors by kind; onOk gets a 200's body. */
  private void exchange(Metric op, HttpMethod method, String uri, String body, long due,
      BiConsumer<Buffer, Long> onOk) {
    if (stopped) {
      return;
    }
    RequestOptions request = new RequestOptions().setMethod(method).setURI(uri)
        .setIdleTimeout(loop.options.timeoutMillis());
    if (body != null) {
      request.putHeader("content-type", "application/json");
    }
    long sent = System.nanoTime();
    loop.http.request(request)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.getHeader("x-server-time"), b)))
        .onComplete(ar -> {
          if (stopped) {
            return;
          }
          long now = System.nanoTime();
          if (ar.failed()) {
            metrics.error(op, ErrorKinds.of(ar.cause()));
            return;
          }
          Answer answer = ar.result();
          if (answer.serverTime() != null) {
            try {
              clock.answer(loop.clock.wallMillis(sent), Double.parseDouble(answer.serverTime()),
                  loop.clock.wallMillis(now));
            } catch (NumberFormatException ignored) {
              // a server without the header's meaning: keep the local clock
            }
          }
          if (answer.status() != 200) {
            metrics.error(op, "http " + answer.status());
            return;
          }
          metrics.recordNanos(op, now - due);
          onOk.accept(answer.body(), now);
        });
  }
}
