package watchparty.simulate;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * An event loop's scheduled work, in the order it is due (ties in the order added). One timer
 * armed for the head replaces a timer per viewer and operation. Each task learns the instant it
 * was due, so its latency is measured from when it should have run, not from when the loop got
 * to it (coordinated omission).
 */
public final class TaskQueue {
  /** Work due at dueNanos (the simulator's monotonic clock). */
  @FunctionalInterface
  public interface Task {
    void run(long dueNanos);
  }

  private record Entry(long due, long order, Task task) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int byDue = Long.compare(due, o.due);
      return byDue != 0 ? byDue : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Entry> heap = new PriorityQueue<>();
  private long added;

  public void add(long dueNanos, Task task) {
    heap.add(new Entry(dueNanos, added++, task));
  }

  /** When the next task is due, or Long.MAX_VALUE when none is. */
  public long nextDue() {
    Entry head = heap.peek();
    return head == null ? Long.MAX_VALUE : head.due;
  }

  /**
   * Runs the tasks due by nowNanos, those they add included, at most max of them: a loop that has
   * fallen behind must still read its sockets between batches. lateness gets how late each ran (ns).
   */
  public int runDue(long nowNanos, int max, LongConsumer lateness) {
    int ran = 0;
    Entry head;
    while (ran < max && (head = heap.peek()) != null && head.due <= nowNanos) {
      heap.poll();
      lateness.accept(nowNanos - head.due);
      head.task.run(head.due);
      ran++;
    }
    return ran;
  }

  public int size() {
    return heap.size();
  }

  public void clear() {
    heap.clear();
  }
}
