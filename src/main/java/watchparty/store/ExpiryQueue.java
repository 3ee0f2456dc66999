package watchparty.store;

import java.util.Arrays;

/**
 * When each user's oldest status leaves the retention window: a binary min-heap of (time, user)
 * in two parallel arrays (12 bytes an entry, no node objects). A user has at most one entry, at
 * the time of its oldest status, and is put back at its next oldest when that one expires. So it
 * holds one entry per user rather than one per status written, a write costs nothing here when
 * its user already has an entry, and expiry costs what expires plus a log-time step per user
 * still present.
 */
final class ExpiryQueue {
  private long[] times = new long[1024];
  private UserHistory[] owners = new UserHistory[1024];
  private int size;

  void add(long time, UserHistory owner) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      owners = Arrays.copyOf(owners, size * 2);
    }
    int i = size++;
    while (i > 0) { // sift up
      int parent = (i - 1) >>> 1;
      if (times[parent] <= time) {
        break;
      }
      times[i] = times[parent];
      owners[i] = owners[parent];
      i = parent;
    }
    times[i] = time;
    owners[i] = owner;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The earliest time queued. */
  long peekTime() {
    return times[0];
  }

  /** Removes and returns the user of the earliest time. */
  UserHistory pop() {
    UserHistory first = owners[0];
    size--;
    long time = times[size];
    UserHistory owner = owners[size];
    owners[size] = null;
    int i = 0;
    int half = size >>> 1;
    while (i < half) { // sift down the last entry from the root
      int child = 2 * i + 1;
      if (child + 1 < size && times[child + 1] < times[child]) {
        child++;
      }
      if (time <= times[child]) {
        break;
      }
      times[i] = times[child];
      owners[i] = owners[child];
      i = child;
    }
    if (size > 0) {
      times[i] = time;
      owners[i] = owner;
    }
    return first;
  }
}
