package watchparty.store;

/**
 * Every stored status's timestamp and owner, in the order they were stored: expiry pops from
 * the head until it reaches a status still inside the window, so it costs what expires, not
 * what is held. A growable ring of two parallel arrays (12 bytes a status, no node objects).
 */
final class ExpiryQueue {
  private long[] times = new long[1024];
  private UserHistory[] owners = new UserHistory[1024];
  private int head;
  private int size;

  void add(long time, UserHistory owner) {
    if (size == times.length) {
      grow();
    }
    int i = (head + size) & (times.length - 1);
    times[i] = time;
    owners[i] = owner;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long peekTime() {
    return times[head];
  }

  UserHistory pop() {
    UserHistory owner = owners[head];
    owners[head] = null;
    head = (head + 1) & (times.length - 1);
    size--;
    return owner;
  }

  private void grow() {
    int n = times.length;
    long[] t = new long[n * 2];
    UserHistory[] o = new UserHistory[n * 2];
    for (int i = 0; i < size; i++) {
      t[i] = times[(head + i) & (n - 1)];
      o[i] = owners[(head + i) & (n - 1)];
    }
    times = t;
    owners = o;
    head = 0;
  }
}
