package watchparty.simulate;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The service's client on one WebSocket ({@code /api/player/ws}): clock pings (a burst of 8 on
 * each connect, then one every 30 s), statuses with their sample instant, and the feed. A host
 * reports on connect, every 2 s while playing (20 s while paused) and at each action, again 0.3 s
 * and 1.2 s after it; a follower reports on connect and every 5 s, as the browser client does,
 * and applies the service's sync advice to its player. A dropped socket reconnects with back-off
 * and resumes from the last event id it saw.
 */
final class LiveViewer extends Viewer {
  static final long MS = 1_000_000L;
  static final long HOST_REPORT_NANOS = 2000 * MS;
  static final long PAUSED_REPORT_NANOS = 20_000 * MS;
  static final long FOLLOWER_REPORT_NANOS = 5000 * MS;
  static final long[] REFRESH_AFTER_NANOS = {300 * MS, 1200 * MS};
  static final int PING_BURST = 8;
  static final long PING_SPACING_NANOS = 75 * MS;
  static final long PING_NANOS = 30_000 * MS;

  private final ClockOffset clock = new ClockOffset();
  private final SplittableRandom jitter;
  /** What this viewer reads of the feed: its advice as a follower, only ids as the host. */
  private final LiveMessage.Recipient recipient;
  private long[] pendingAcks = new long[8];
  private int pendingHead;
  private int pendingCount;
  private WebSocket ws;
  private boolean open;
  private boolean everOpened;
  private long lastEventId = -1;
  private int attempt;
  private long lastReport = Long.MIN_VALUE / 2;
  private int refreshes;
  private Buffer partial;

  LiveViewer(SimulatedRoom room, Plan.ViewerPlan plan, SimulatedPlayer player) {
    super(room, plan, player);
    this.jitter = new SplittableRandom(loop.options.seed() * 31 + plan.userId().hashCode() * 17L + room.plan.index());
    this.recipient = plan.host() ? LiveMessage.Recipient.host(room.hostId())
        : LiveMessage.Recipient.follower(plan.userId(), room.hostId());
  }

  @Override
  void start(long due) {
    joinedNanos = due;
    metrics.viewersStarted().incrementAndGet();
    connect(due);
  }

  private void connect(long due) {
    if (stopped) {
      return;
    }
    Target target = loop.target;
    String uri = target.path("/api/player/ws") + "?roomCode=" + room.plan.code() + "&userId=" + plan.userId()
        + (lastEventId >= 0 ? "&lastEventId=" + lastEventId : "");
    loop.webSockets.connect(new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
        .setSsl(target.ssl()).setURI(uri)).onComplete(ar -> {
          if (stopped) {
            if (ar.succeeded()) {
              ar.result().close((short) 1000, "simulation over");
            }
          } else if (ar.succeeded()) {
            opened(ar.result(), due);
          } else {
            metrics.error(Metric.CONNECT, ErrorKinds.of(ar.cause()));
            reconnectLater();
          }
        });
  }

  private void opened(WebSocket socket, long due) {
    long now = System.nanoTime();
    metrics.recordNanos(Metric.CONNECT, now - due);
    metrics.webSockets().incrementAndGet();
    ws = socket;
    open = true;
    attempt = 0;
    partial = null;
    socket.frameHandler(this::frame);
    socket.closeHandler(v -> closed(socket));
    socket.exceptionHandler(e -> {
      // the close handler follows, and counts the loss
    });
    for (int i = 0; i < PING_BURST; i++) {
      loop.schedule(now + i * PING_SPACING_NANOS, this::ping);
    }
    report(now);
    if (!everOpened) {
      everOpened = true;
      if (isHost()) {
        loop.schedule(now + HOST_REPORT_NANOS, this::hostTick);
      } else {
        loop.schedule(now + FOLLOWER_REPORT_NANOS, this::followerTick);
      }
      loop.schedule(now + PING_NANOS, this::pingTick);
    }
  }

  private void closed(WebSocket socket) {
    if (socket != ws || !open) {
      return;
    }
    open = false;
    metrics.webSockets().decrementAndGet();
    if (stopped) {
      return;
    }
    metrics.error(null, ErrorKinds.close(socket.closeStatusCode(), socket.closeReason()));
    while (pendingCount > 0) {
      pollAck();
      metrics.error(Metric.ACK, "ack lost: socket closed");
    }
    reconnectLater();
  }

  private void reconnectLater() {
    long delay = Backoff.delayMillis(attempt++, jitter) * MS;
    loop.schedule(System.nanoTime() + delay, at -> {
      if (!stopped) {
        metrics.reconnect();
        connect(at);
      }
    });
  }

  private void hostTick(long due) {
    if (stopped) {
      return;
    }
    // a paused host reports now and then only, so that it is not taken for gone
    if (player.playing() || due - lastReport >= PAUSED_REPORT_NANOS) {
      report(due);
    }
    loop.schedule(due + HOST_REPORT_NANOS, this::hostTick);
  }

  private void followerTick(long due) {
    if (stopped) {
      return;
    }
    report(due);
    loop.schedule(due + FOLLOWER_REPORT_NANOS, this::followerTick);
  }

  private void pingTick(long due) {
    if (stopped) {
      return;
    }
    ping(due);
    loop.schedule(due + PING_NANOS, this::pingTick);
  }

  @Override
  void hostActed(long due) {
    report(due);
    // a position sampled the instant after an action may precede playback going on: refresh it
    int generation = ++refreshes;
    for (long after : REFRESH_AFTER_NANOS) {
      loop.schedule(due + after, at -> {
        if (generation == refreshes && !stopped) {
          report(at);
        }
      });
    }
  }

  @Override
  void stop() {
    stopped = true;
    if (open) {
      ws.close((short) 1000, "simulation over");
    }
  }

  private void report(long due) {
    if (!open) {
      return;
    }
    lastReport = due;
    String body = statusBody(true, due, loop.clock.wallMillis(due) + clock.offset());
    pushAck(due);
    ws.writeTextMessage(body);
    metrics.sent();
  }

  private void ping(long due) {
    if (!open) {
      return;
    }
    String t0 = StatusBody.decimal(Math.round(loop.clock.wallMillis(due) * 1000), 3);
    ws.writeTextMessage("{\"type\":\"ping\",\"t0\":" + t0 + "}");
    metrics.sent();
  }

  private void frame(WebSocketFrame frame) {
    if (!(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    Buffer data = frame.binaryData();
    if (partial != null || !frame.isFinal()) {
      // a message larger than a frame: put it together first
      partial = partial == null ? Buffer.buffer(data.length() * 2).appendBuffer(data) : partial.appendBuffer(data);
      if (!frame.isFinal()) {
        return;
      }
      data = partial;
      partial = null;
    }
    message(data);
  }

  private void message(Buffer data) {
    long now = System.nanoTime();
    metrics.received(data.length());
    LiveMessage m = loop.message;
    try {
      if (!m.read(loop.bytesOf(data), data.length(), recipient)) {
        metrics.error(null, "unreadable message");
        return;
      }
    } catch (IOException e) {
      metrics.error(null, "unreadable message");
      return;
    }
    if (m.id >= 0) {
      lastEventId = m.id;
    }
    switch (m.type) {
      case STATUS -> {
        if (!isHost() && m.statusFromHost && m.statusTimeMicros >= 0) {
          received(m.statusTimeMicros, now);
        }
      }
      case SYNC -> {
        // the correction is not reported: the browser client reports every 5 s only, so until then
        // the service advises from the last report (a repeated seek lands where the first did)
        if (!isHost() && m.hasAdvice) {
          double serverNow = loop.clock.wallMillis(now) + clock.offset();
          Following.apply(player, m.advice(), now, serverNow);
          following = true;
        }
      }
      case ACK -> {
        if (pendingCount > 0) {
          metrics.recordNanos(Metric.ACK, now - pollAck());
        }
      }
      case ERROR -> {
        // the service answers a status with an ack or an error, in order
        if (pendingCount > 0) {
          pollAck();
          metrics.error(Metric.ACK, "ws error: " + m.errorMessage);
        } else {
          metrics.error(null, "ws error: " + m.errorMessage);
        }
      }
      case PONG -> {
        double t3 = loop.clock.wallMillis(now);
        metrics.recordNanos(Metric.PING, Math.round((t3 - m.t0) * 1e6));
        clock.pong(m.t0, m.t1, m.t2, t3);
      }
      default -> {
        // snapshot, leave, host: only their ids matter here
      }
    }
  }

  private void pushAck(long due) {
    if (pendingCount == pendingAcks.length) {
      long[] grown = new long[pendingAcks.length * 2];
      for (int i = 0; i < pendingCount; i++) {
        grown[i] = pendingAcks[(pendingHead + i) % pendingAcks.length];
      }
      pendingAcks = grown;
      pendingHead = 0;
    }
    pendingAcks[(pendingHead + pendingCount) % pendingAcks.length] = due;
    pendingCount++;
  }

  /** The oldest unanswered report's due instant; the service answers in order. */
  private long pollAck() {
    long due = pendingAcks[pendingHead];
    pendingHead = (pendingHead + 1) % pendingAcks.length;
    pendingCount--;
    return due;
  }
}
