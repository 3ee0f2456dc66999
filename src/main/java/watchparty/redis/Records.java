package watchparty.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's records as the room script keeps them: "timestamp\thost\tjson\n" each, oldest first,
 * the JSON being the status exactly as answers show it. Read as bytes, so answers are assembled
 * by copying, never by parsing.
 */
final class Records {
  /** One record: when, and where its JSON lies in the bytes. */
  record Record(long timestamp, byte[] bytes, int jsonStart, int jsonEnd) {
  }

  private Records() {
  }

  /** The records answered at this cutoff: those stamped at or after it, and a pinned user's latest. */
  static List<Record> inWindow(byte[] bytes, long cutoff, boolean pinned) {
    List<Record> all = new ArrayList<>(5);
    int i = 0;
    while (i < bytes.length) {
      int tab1 = indexOf(bytes, (byte) '\t', i);
      int tab2 = indexOf(bytes, (byte) '\t', tab1 + 1);
      int end = indexOf(bytes, (byte) '\n', tab2 + 1);
      if (tab1 < 0 || tab2 < 0 || end < 0) {
        break;
      }
      long ts = 0;
      for (int k = i; k < tab1; k++) {
        ts = ts * 10 + (bytes[k] - '0');
      }
      all.add(new Record(ts, bytes, tab2 + 1, end));
      i = end + 1;
    }
    List<Record> kept = new ArrayList<>(all.size());
    for (int k = 0; k < all.size(); k++) {
      Record r = all.get(k);
      if (r.timestamp() >= cutoff || (pinned && k == all.size() - 1)) {
        kept.add(r);
      }
    }
    return kept;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    if (from < 0) {
      return -1;
    }
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
