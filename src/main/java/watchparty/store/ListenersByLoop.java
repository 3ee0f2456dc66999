package watchparty.store;

/**
 * How many listeners of one room each serving loop has, so that the room's events go to those
 * loops only, once per loop. Touched by one thread: the one that fans the room's events out.
 */
public final class ListenersByLoop {
  private final int[] counts;

  public ListenersByLoop(int loops) {
    this.counts = new int[loops];
  }

  public void add(int loop) {
    counts[loop]++;
  }

  /** One listener fewer on the loop; false when it had none. */
  public boolean remove(int loop) {
    if (counts[loop] == 0) {
      return false;
    }
    counts[loop]--;
    return true;
  }

  public int on(int loop) {
    return counts[loop];
  }

  public boolean isEmpty() {
    for (int n : counts) {
      if (n > 0) {
        return false;
      }
    }
    return true;
  }
}
