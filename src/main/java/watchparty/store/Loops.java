package watchparty.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The serving event loops of one store, each with the store's own state for it. Each loop claims
 * the next place when it starts ({@link StatusStore#startOn}), and goes on once every place is
 * taken, so that no loop serves a request that needs a loop not started yet. Also sends a room's
 * events to the loops that have listeners of it, once per loop.
 */
public final class Loops<L extends ServingLoop> {
  /** Makes a loop's state, on that loop's thread. */
  @FunctionalInterface
  public interface Factory<L> {
    L make(int index, Context context);
  }

  private final AtomicReferenceArray<L> loops;
  private final AtomicInteger started = new AtomicInteger();
  private final Promise<Void> allStarted = Promise.promise();
  private final String storeName;
  /** Told each event's fan-out time, if set; set once before the loops start. */
  private volatile FanOutTimer timer;

  /** @param storeName names the store in the failure of a start past the last place */
  public Loops(int count, String storeName) {
    this.loops = new AtomicReferenceArray<>(count);
    this.storeName = storeName;
  }

  public int count() {
    return loops.length();
  }

  /** The loop at the place, or null before it started. */
  public L get(int index) {
    return loops.get(index);
  }

  /** The loop running on the calling thread, or null on a thread that serves none. */
  public L current() {
    Thread thread = Thread.currentThread();
    for (int i = 0; i < loops.length(); i++) {
      L loop = loops.get(i);
      if (loop != null && loop.thread() == thread) {
        return loop;
      }
    }
    return null;
  }

  /**
   * Claims the next place for the calling loop (called on it): its state is made, then set up,
   * before any loop goes on. Completes once every place is taken, on this loop's thread.
   */
  public Future<Void> start(Context context, Factory<L> factory, Consumer<L> setUp) {
    int index = started.getAndIncrement();
    if (index >= loops.length()) {
      return Future.failedFuture("the " + storeName + " serves " + loops.length() + " event loops, all taken");
    }
    L loop = factory.make(index, context);
    loops.set(index, loop);
    setUp.accept(loop);
    if (index == loops.length() - 1) {
      allStarted.complete();
    }
    // each loop goes on from here on its own thread: its server must listen on its own loop
    return CallerPromise.onCaller(allStarted.future());
  }

  /** Times each event's fan-out from now on (set at startup, before any listener). */
  public void timeFanOut(FanOutTimer timer) {
    this.timer = timer;
  }

  /** Whether fan-outs are timed: callers read the clock for {@code acceptedNanos} only then. */
  public boolean timed() {
    return timer != null;
  }

  /**
   * Runs the task with the listeners of each loop the room has some on, once per loop: at once
   * on the calling loop, queued on the others (so each loop keeps the order it was sent them in).
   */
  public void fanOut(ListenersByLoop followers, Consumer<LoopListeners> task) {
    fanOut(followers, task, 0);
  }

  /**
   * As above, and when timed, tells the timer how long after {@code acceptedNanos} (System.nanoTime)
   * the last loop finished the task: one clock read per loop, one small tracker per event only
   * when several loops take part.
   */
  public void fanOut(ListenersByLoop followers, Consumer<LoopListeners> task, long acceptedNanos) {
    FanOutTimer timer = this.timer;
    int targets = 0;
    for (int i = 0; i < loops.length(); i++) {
      if (followers.on(i) != 0) {
        targets++;
      }
    }
    if (targets == 0) {
      return;
    }
    Tracker tracker = timer != null && targets > 1 ? new Tracker(targets) : null;
    Thread here = Thread.currentThread();
    for (int i = 0; i < loops.length(); i++) {
      if (followers.on(i) == 0) {
        continue;
      }
      L loop = loops.get(i);
      if (timer == null) {
        if (loop.thread() == here) {
          task.accept(loop.listeners());
        } else {
          loop.context().runOnContext(v -> task.accept(loop.listeners()));
        }
      } else if (loop.thread() == here) {
        task.accept(loop.listeners());
        finished(timer, tracker, acceptedNanos);
      } else {
        loop.context().runOnContext(v -> {
          task.accept(loop.listeners());
          finished(timer, tracker, acceptedNanos);
        });
      }
    }
  }

  /** One loop is done with an event: the last of them records the fan-out's time. */
  private static void finished(FanOutTimer timer, Tracker tracker, long acceptedNanos) {
    long now = System.nanoTime();
    if (tracker == null) {
      timer.record(now - acceptedNanos);
      return;
    }
    long latest = tracker.latest.accumulateAndGet(now, Math::max);
    if (tracker.decrementAndGet() == 0) {
      timer.record(latest - acceptedNanos);
    }
  }

  /** The loops still to finish one event's fan-out, and the latest finish so far. */
  private static final class Tracker extends AtomicInteger {
    final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);

    Tracker(int loops) {
      super(loops);
    }
  }

  /** Told how long an event's fan-out took, in nanoseconds; called on any serving loop. */
  @FunctionalInterface
  public interface FanOutTimer {
    void record(long nanos);
  }
}
