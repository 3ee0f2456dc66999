package watchparty.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * One watch party: its host's player driven by the seeded script, its viewers, the ledger of the
 * host's statuses, and the sampling of every follower's sync error against the host's player.
 */
final class SimulatedRoom {
  /** A feature film, long enough that no run reaches its end often. */
  static final double FILM_SECONDS = 7200;
  static final long SAMPLE_NANOS = 1_000_000_000L;

  final SimulationLoop loop;
  final Plan.RoomPlan plan;
  final String contentJson;
  final DeliveryLedger ledger = new DeliveryLedger();
  final SimulatedPlayer hostPlayer;
  private final HostScript script;
  private final List<Viewer> viewers = new ArrayList<>();
  private Viewer host;

  SimulatedRoom(SimulationLoop loop, Plan.RoomPlan plan, long seed, long actionGapMillis, long startNanos) {
    this.loop = loop;
    this.plan = plan;
    this.contentJson = StatusBody.content(plan.index());
    this.script = new HostScript(seed, plan.index(), actionGapMillis);
    this.hostPlayer = new SimulatedPlayer(FILM_SECONDS, script.startPosition(FILM_SECONDS), startNanos);
  }

  /** Schedules every viewer's join, the host's script and the sampling, from startNanos on. */
  void start(long startNanos) {
    for (Plan.ViewerPlan v : plan.viewers()) {
      SimulatedPlayer player = v.host() ? hostPlayer : new SimulatedPlayer(FILM_SECONDS, 0, startNanos);
      Viewer viewer = v.client() == Plan.Mode.LIVE ? new LiveViewer(this, v, player) : new PollViewer(this, v, player);
      viewers.add(viewer);
      if (v.host()) {
        host = viewer;
      }
      long due = startNanos + v.startMillis() * 1_000_000;
      if (v.host()) {
        // the host presses play as it joins (before its first report), and the script goes on from there
        loop.schedule(due, at -> {
          hostPlayer.play(at);
          scheduleNextAction(at);
          loop.schedule(at + SAMPLE_NANOS, this::sample);
        });
      }
      loop.schedule(due, viewer::start);
    }
  }

  private void scheduleNextAction(long afterNanos) {
    HostScript.Action next = script.next(hostPlayer.playing(), hostPlayer.position(afterNanos), hostPlayer.rate(),
        hostPlayer.duration());
    loop.schedule(afterNanos + next.delayMillis() * 1_000_000, at -> act(next, at));
  }

  private void act(HostScript.Action action, long at) {
    if (loop.stopping()) {
      return;
    }
    switch (action.kind()) {
      case PLAY -> hostPlayer.play(at);
      case PAUSE -> hostPlayer.pause(at);
      case SEEK -> hostPlayer.seek(at, action.value());
      case RATE -> hostPlayer.setRate(at, action.value());
    }
    host.hostActed(at);
    scheduleNextAction(at);
  }

  /** Each second: every following follower's distance from the host, at one instant. */
  private void sample(long dueNanos) {
    if (loop.stopping()) {
      return;
    }
    long now = System.nanoTime();
    double hostPosition = hostPlayer.position(now);
    for (Viewer v : viewers) {
      if (!v.isHost() && v.following) {
        metrics().recordMicros(Metric.SYNC, Math.round(Math.abs(v.player.position(now) - hostPosition) * 1e6));
      }
    }
    loop.schedule(dueNanos + SAMPLE_NANOS, this::sample);
  }

  private RunMetrics metrics() {
    return loop.metrics;
  }

  String hostId() {
    return plan.hostId();
  }

  void stop() {
    for (Viewer v : viewers) {
      v.stop();
    }
  }
}
