package watchparty.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that another thread or process makes true, polling it until a deadline. */
public final class Await {
  private static final long POLL_MS = 20;

  private Await() {
  }

  /** Returns once the condition holds; fails with the message when it still does not after the timeout. */
  public static void until(Duration timeout, String message, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        fail(message + " (not within " + timeout.toMillis() + " ms)");
      }
      Thread.sleep(POLL_MS);
    }
  }
}
