package watchparty.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Promises for work done on another loop: their callbacks run on the loop that asked, wherever
 * the promise is completed, so per-loop state stays on its own thread.
 */
public final class CallerPromise {
  private CallerPromise() {
  }

  /** The future's outcome, told on the calling loop. */
  public static <T> Future<T> onCaller(Future<T> future) {
    Promise<T> promise = create();
    future.onComplete(promise);
    return promise.future();
  }

  /** A promise bound to the calling loop; from a thread that serves none, callbacks run where it completes. */
  public static <T> Promise<T> create() {
    Context caller = Vertx.currentContext();
    return caller != null ? ((ContextInternal) caller).promise() : Promise.promise();
  }
}
