package watchparty.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpiryQueueTest {
  @Test
  void popsInTimeOrderWhateverOrderTheyCameIn() {
    Random random = new Random(7);
    ExpiryQueue queue = new ExpiryQueue();
    Map<UserHistory, Long> queued = new IdentityHashMap<>();
    Room room = new Room("R");
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 3000; i++) { // past the initial capacity, with repeated times
        UserHistory user = new UserHistory("u" + i, room, 5);
        long time = random.nextInt(500);
        queued.put(user, time);
        queue.add(time, user);
      }
      for (int i = 0; i < 1000; i++) { // drain part of it, then add more on top
        long earliest = Collections.min(queued.values());
        assertEquals(earliest, queue.peekTime());
        Long time = queued.remove(queue.pop());
        assertEquals(earliest, time, "the popped user is one queued at the earliest time");
      }
    }
    assertEquals(queued.size(), queue.size());
    long last = Long.MIN_VALUE;
    while (!queue.isEmpty()) {
      long t = queue.peekTime();
      assertTrue(t >= last, "time order");
      assertEquals(t, queued.remove(queue.pop()));
      last = t;
    }
    assertTrue(queued.isEmpty());
  }

  @Test
  void aSingleEntryComesBackOut() {
    ExpiryQueue queue = new ExpiryQueue();
    UserHistory user = new UserHistory("u", new Room("R"), 5);
    queue.add(42, user);
    assertEquals(42, queue.peekTime());
    assertSame(user, queue.pop());
    assertTrue(queue.isEmpty());
  }
}
