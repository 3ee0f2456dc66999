package watchparty.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's records as the room script keeps them, oldest first: "timestamp\thost\tlength\tjson\n"
 * each, the JSON being the status exactly as answers show it and length its size in bytes, so a
 * reader steps from record to record without scanning the JSON. Read as bytes, so answers are
 * assembled by copying, never by parsing.
 */
final class Records {
  /** One record: when, and where its JSON lies in the bytes. */
  record Record(long timestamp, byte[] bytes, int jsonStart, int jsonEnd) {
    int length() {
      return jsonEnd - jsonStart;
    }
  }

  private Records() {
  }

  static List<Record> inWindow(byte[] bytes, long cutoff, boolean pinned) {
    return inWindow(bytes, 0, bytes.length, cutoff, pinned);
  }

  /**
   * The records in bytes[from, to) answered at this cutoff: those stamped at or after it, and a
   * pinned user's latest. A malformed tail is ignored.
   */
  static List<Record> inWindow(byte[] bytes, int from, int to, long cutoff, boolean pinned) {
    List<Record> kept = new ArrayList<>(5);
    Record latest = null;
    int i = from;
    while (i < to) {
      int tab1 = indexOf(bytes, (byte) '\t', i, to);
      int tab2 = indexOf(bytes, (byte) '\t', tab1 + 1, to);
      if (tab1 < 0 || tab2 < 0) {
        break;
      }
      long ts = 0;
      for (int k = i; k < tab1; k++) {
        ts = ts * 10 + (bytes[k] - '0');
      }
      int tab3 = indexOf(bytes, (byte) '\t', tab2 + 1, to);
      if (tab3 < 0) {
        break;
      }
      int length = 0;
      for (int k = tab2 + 1; k < tab3; k++) {
        length = length * 10 + (bytes[k] - '0');
      }
      int jsonStart = tab3 + 1;
      int end = jsonStart + length;
      if (end >= to || bytes[end] != '\n') {
        break;
      }
      latest = new Record(ts, bytes, jsonStart, end);
      if (ts >= cutoff) {
        kept.add(latest);
      }
      i = end + 1;
    }
    if (pinned && latest != null && latest.timestamp() < cutoff) {
      kept.add(latest); // records are oldest first: the held latest is the only one out of the window
    }
    return kept;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    if (from < 0) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
