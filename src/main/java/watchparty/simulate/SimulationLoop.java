package watchparty.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of the simulator and the rooms it owns: their viewers, one HTTP client and one
 * WebSocket client, and one timer armed for the earliest scheduled task. Everything here runs on
 * this loop's thread; only {@link RunMetrics} is shared.
 */
final class SimulationLoop extends VerticleBase {
  final SimulationOptions options;
  final Target target;
  final RunMetrics metrics;
  final SimulationClock clock;
  final LiveMessage message;
  final RoomAnswer answer;
  HttpClientAgent http;
  WebSocketClient webSockets;
  private final List<Plan.RoomPlan> roomPlans = new ArrayList<>();
  private final List<SimulatedRoom> rooms = new ArrayList<>();
  private final TaskQueue tasks = new TaskQueue();
  private Timer armed;
  private long armedFor = Long.MAX_VALUE;
  /** Tasks run between two reads of the sockets, at most. */
  static final int BATCH = 256;
  private boolean stopping;
  private byte[] scratch = new byte[16 * 1024];

  SimulationLoop(SimulationOptions options, Target target, RunMetrics metrics, SimulationClock clock, JsonFactory json) {
    this.options = options;
    this.target = target;
    this.metrics = metrics;
    this.clock = clock;
    this.message = new LiveMessage(json);
    this.answer = new RoomAnswer(json);
  }

  /** Gives this loop a room; before {@link #begin}. */
  void own(Plan.RoomPlan room) {
    roomPlans.add(room);
  }

  @Override
  public Future<?> start() {
    int live = 0;
    int poll = 0;
    for (Plan.RoomPlan r : roomPlans) {
      for (Plan.ViewerPlan v : r.viewers()) {
        if (v.client() == Plan.Mode.LIVE) {
          live++;
        } else {
          poll++;
        }
      }
    }
    int timeout = (int) Math.min(Integer.MAX_VALUE, options.timeoutMillis());
    if (live > 0) {
      webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setDefaultHost(target.host()).setDefaultPort(target.port()).setSsl(target.ssl())
          .setMaxConnections(live + 16) // one socket a viewer, as browsers hold them, reconnects included
          .setMaxFrameSize(1 << 20).setMaxMessageSize(64 << 20) // a large room's sync view
          .setConnectTimeout(timeout));
    }
    if (poll > 0) {
      // as many connections as viewers may need: a browser keeps its own, and a slow server is not hidden in a queue
      http = vertx.httpClientBuilder()
          .with(new HttpClientOptions().setDefaultHost(target.host()).setDefaultPort(target.port())
              .setSsl(target.ssl()).setConnectTimeout(timeout).setKeepAlive(true))
          .with(new PoolOptions().setHttp1MaxSize(Math.max(1, poll)))
          .withConnectHandler(conn -> {
            metrics.httpConnections().incrementAndGet();
            conn.closeHandler(v -> metrics.httpConnections().decrementAndGet());
          })
          .build();
    }
    return Future.succeededFuture();
  }

  /** {@link #begin} on this loop's thread. */
  void beginOnLoop(long startNanos) {
    context.runOnContext(v -> begin(startNanos));
  }

  /** {@link #end} on this loop's thread. */
  Future<Void> endOnLoop() {
    Promise<Void> ended = Promise.promise();
    context.runOnContext(v -> end().onComplete(ended));
    return ended.future();
  }

  /** Creates the rooms and schedules everything from startNanos on; on this loop's thread. */
  private void begin(long startNanos) {
    for (Plan.RoomPlan plan : roomPlans) {
      SimulatedRoom room = new SimulatedRoom(this, plan, options.seed(), options.actionGapMillis(), startNanos);
      rooms.add(room);
      room.start(startNanos);
    }
  }

  /** Runs task at dueNanos on this loop. */
  void schedule(long dueNanos, TaskQueue.Task task) {
    if (stopping) {
      return;
    }
    tasks.add(dueNanos, task);
    if (dueNanos < armedFor) {
      arm(dueNanos);
    }
  }

  private void arm(long dueNanos) {
    if (armed != null) {
      armed.cancel();
    }
    armedFor = dueNanos;
    // Vert.x timers take nanoseconds down to Netty's scheduler: no millisecond rounding added to every latency
    Timer timer = vertx.timer(Math.max(1000, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    armed = timer;
    timer.onSuccess(v -> {
      if (armed == timer) {
        fire();
      }
    });
  }

  private void fire() {
    armed = null;
    armedFor = Long.MAX_VALUE;
    tasks.runDue(System.nanoTime(), BATCH, late -> metrics.recordNanos(Metric.LAG, late));
    long next = tasks.nextDue();
    if (next != Long.MAX_VALUE && !stopping) {
      arm(next);
    }
  }

  boolean stopping() {
    return stopping;
  }

  /** A buffer of at least length bytes, reused: messages are read one at a time on this loop. */
  byte[] scratch(int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    return scratch;
  }

  /** Copies a received message into the scratch buffer. */
  byte[] bytesOf(Buffer data) {
    int length = data.length();
    byte[] bytes = scratch(length);
    data.getBytes(0, length, bytes, 0);
    return bytes;
  }

  /** Stops every viewer and closes the clients; completes when they are closed. */
  private Future<Void> end() {
    stopping = true;
    tasks.clear();
    if (armed != null) {
      armed.cancel();
      armed = null;
    }
    for (SimulatedRoom room : rooms) {
      room.stop();
    }
    Promise<Void> done = Promise.promise();
    List<Future<?>> closing = new ArrayList<>();
    // a moment for close frames to go out before the clients drop what is left
    vertx.setTimer(200, t -> {
      if (http != null) {
        closing.add(http.close());
      }
      if (webSockets != null) {
        closing.add(webSockets.close());
      }
      Future.join(closing).onComplete(ar -> done.complete());
    });
    return done.future();
  }
}
