package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskQueueTest {
  @Test
  void runsWhatIsDueInOrderTiesInTheOrderAdded() {
    TaskQueue q = new TaskQueue();
    List<String> ran = new ArrayList<>();
    q.add(30, due -> ran.add("c@" + due));
    q.add(10, due -> ran.add("a@" + due));
    q.add(10, due -> ran.add("b@" + due));
    q.add(50, due -> ran.add("d@" + due));
    assertEquals(10, q.nextDue());
    List<Long> late = new ArrayList<>();
    assertEquals(3, q.runDue(35, 10, late::add));
    assertEquals(List.of("a@10", "b@10", "c@30"), ran);
    assertEquals(List.of(25L, 25L, 5L), late);
    assertEquals(50, q.nextDue());
  }

  @Test
  void tasksAddedWhileRunningRunInTheSamePassWhenDue() {
    TaskQueue q = new TaskQueue();
    List<Long> ran = new ArrayList<>();
    q.add(0, new TaskQueue.Task() {
      @Override
      public void run(long due) {
        ran.add(due);
        q.add(due + 10, this); // a periodic task: the next run from when this one was due
      }
    });
    q.runDue(35, 10, late -> {
    });
    assertEquals(List.of(0L, 10L, 20L, 30L), ran);
    assertEquals(40, q.nextDue());
    q.clear();
    assertEquals(Long.MAX_VALUE, q.nextDue());
  }

  @Test
  void aBatchStopsAtItsMaximumLeavingTheRestDue() {
    TaskQueue q = new TaskQueue();
    List<Long> ran = new ArrayList<>();
    for (long due = 0; due < 5; due++) {
      q.add(due, ran::add);
    }
    assertEquals(2, q.runDue(100, 2, late -> {
    }));
    assertEquals(List.of(0L, 1L), ran);
    assertEquals(2, q.nextDue());
    assertEquals(3, q.size());
  }
}
