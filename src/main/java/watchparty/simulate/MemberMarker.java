package watchparty.simulate;

import java.nio.charset.StandardCharsets;

/**
 * How a member's entry in a room's sync view starts, {@code {"userId":"r12-f7"}, and a search for
 * it (Boyer-Moore-Horspool: it skips up to the marker's length at a time, where a byte-by-byte
 * scan would stop at every member's opening brace). A follower reads every view of its room,
 * tens of thousands a second across ten thousand viewers, so the search is the hot path.
 */
public final class MemberMarker {
  private final byte[] marker;
  /** How far to move on when the byte under the marker's last position is b: never more than the marker's length. */
  private final byte[] skip = new byte[256];

  public MemberMarker(String userId) {
    this.marker = ("{\"userId\":\"" + userId + "\"").getBytes(StandardCharsets.UTF_8);
    if (marker.length > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("user id too long for a marker: " + userId);
    }
    java.util.Arrays.fill(skip, (byte) marker.length);
    for (int i = 0; i < marker.length - 1; i++) {
      skip[marker[i] & 0xff] = (byte) (marker.length - 1 - i);
    }
  }

  /** The index of the marker in bytes[from, length), or -1. */
  public int indexIn(byte[] bytes, int from, int length) {
    int last = marker.length - 1;
    int i = from;
    while (i + last < length) {
      byte b = bytes[i + last];
      if (b == marker[last]) {
        int j = last - 1;
        while (j >= 0 && bytes[i + j] == marker[j]) {
          j--;
        }
        if (j < 0) {
          return i;
        }
      }
      i += skip[b & 0xff];
    }
    return -1;
  }

  public int length() {
    return marker.length;
  }
}
