package watchparty.simulate;

/**
 * One simulated viewer: a room's host, whose player the room's script drives, or a follower
 * with a player of its own. Lives on its room's event loop; never touched from another thread.
 */
abstract class Viewer {
  final SimulatedRoom room;
  final Plan.ViewerPlan plan;
  final SimulationLoop loop;
  final RunMetrics metrics;
  /** The host's player is the room's; a follower's is its own, paused at 0 until it first follows. */
  final SimulatedPlayer player;
  /** When the viewer joined: statuses sent before it are not its deliveries. */
  long joinedNanos;
  /** Set once the follower has corrected towards the host: from then on its sync error is sampled. */
  boolean following;
  boolean stopped;
  private boolean playedOnce;
  private long lastDelivered;

  Viewer(SimulatedRoom room, Plan.ViewerPlan plan, SimulatedPlayer player) {
    this.room = room;
    this.plan = plan;
    this.loop = room.loop;
    this.metrics = loop.metrics;
    this.player = player;
  }

  boolean isHost() {
    return plan.host();
  }

  /** Joins the room at dueNanos. */
  abstract void start(long dueNanos);

  /** The host acted (play, pause, seek, rate) at dueNanos: report it. Hosts only. */
  abstract void hostActed(long dueNanos);

  /** The run is over: close without counting errors. */
  abstract void stop();

  /**
   * The status to report at dueNanos. A host's is recorded in the room's ledger, which tags its
   * time so that followers can tell when it reaches them. sampledAt: the server-clock instant of
   * the position (ms), or NaN when the client does not send one.
   */
  String statusBody(boolean overSocket, long dueNanos, double sampledAt) {
    double position = player.position(dueNanos);
    playedOnce |= player.playing();
    long time = isHost() ? room.ledger.record(position, dueNanos) : Math.round(position * 1000) * 1000;
    return StatusBody.write(overSocket, plan.userId(), room.plan.code(), isHost(), room.contentJson, player.playing(),
        playedOnce, time, player.duration(), player.rate(), sampledAt);
  }

  /** A status of the host's, with this time (microseconds), reached this follower at nowNanos. */
  void received(long timeMicros, long nowNanos) {
    long sequence = room.ledger.sequenceOf(timeMicros);
    if (sequence > lastDelivered) {
      lastDelivered = sequence;
      long sent = room.ledger.sentNanos(sequence);
      if (sent >= joinedNanos) {
        metrics.recordNanos(Metric.DELIVERY, nowNanos - sent);
      }
    }
  }
}
