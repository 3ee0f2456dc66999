package watchparty.store;

import io.vertx.core.Context;

/**
 * One serving event loop as a store keeps it: its place among the loops, its context and thread,
 * and its live listeners. A store extends it with what it keeps per loop (a shard of rooms, a
 * connection). Made on the loop's own thread when the loop starts, and touched only there, but
 * for what a subclass says otherwise.
 */
public class ServingLoop {
  private final int index;
  private final Context context;
  private final Thread thread;
  private final LoopListeners listeners = new LoopListeners();

  protected ServingLoop(int index, Context context) {
    this.index = index;
    this.context = context;
    this.thread = Thread.currentThread();
  }

  public final int index() {
    return index;
  }

  public final Context context() {
    return context;
  }

  public final Thread thread() {
    return thread;
  }

  public final LoopListeners listeners() {
    return listeners;
  }
}
