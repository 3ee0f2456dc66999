package watchparty.limit;

/**
 * An IP address as a 128-bit number: an IPv4 address in the low 32 bits of {@code low}, an IPv6
 * address in both halves. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is its IPv4
 * address, since a dual-stack socket reports an IPv4 peer that way. Pure: text is parsed as a
 * literal, never looked up as a name.
 */
record IpAddress(boolean ipv6, long high, long low) {
  private static final long MAPPED_IPV4 = 0xFFFFL;

  /** The address written in text, or null when the text is not an IPv4 or IPv6 literal. */
  static IpAddress parse(String text) {
    if (text.indexOf(':') < 0) {
      long ipv4 = ipv4(text, 0, text.length());
      return ipv4 < 0 ? null : new IpAddress(false, 0, ipv4);
    }
    int zone = text.indexOf('%');
    if (zone == text.length() - 1) {
      return null;
    }
    // a zone (fe80::1%eth0) names the link the address is on; it is not part of the address
    String s = zone < 0 ? text : text.substring(0, zone);
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] groups = new int[8];
    int head = gap < 0 ? groups(s, 0, s.length(), groups, 0) : groups(s, 0, gap, groups, 0);
    if (head < 0) {
      return null;
    }
    if (gap < 0) {
      return head == 8 ? of(groups) : null;
    }
    int[] tail = new int[8];
    int tailCount = groups(s, gap + 2, s.length(), tail, 0);
    // "::" stands for at least one group of zeros
    if (tailCount < 0 || head + tailCount > 7) {
      return null;
    }
    System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
    return of(groups);
  }

  private static IpAddress of(int[] groups) {
    long high = 0;
    long low = 0;
    for (int i = 0; i < 4; i++) {
      high = high << 16 | groups[i];
      low = low << 16 | groups[i + 4];
    }
    if (high == 0 && low >>> 32 == MAPPED_IPV4) {
      return new IpAddress(false, 0, low & 0xFFFFFFFFL);
    }
    return new IpAddress(true, high, low);
  }

  /**
   * Reads the colon-separated 16-bit groups of s[from, to) into out from index at; the last may be
   * a dotted IPv4 address, worth two groups, when it ends the text. The count read (0 for an
   * empty range), or -1 when malformed.
   */
  private static int groups(String s, int from, int to, int[] out, int at) {
    if (from == to) {
      return 0;
    }
    int n = at;
    int i = from;
    while (true) {
      int end = s.indexOf(':', i);
      if (end < 0 || end > to) {
        end = to;
      }
      int dot = s.indexOf('.', i);
      if (dot >= 0 && dot < end) {
        long ipv4 = end == to && to == s.length() ? ipv4(s, i, to) : -1;
        if (ipv4 < 0 || n > 6) {
          return -1;
        }
        out[n++] = (int) (ipv4 >>> 16);
        out[n++] = (int) (ipv4 & 0xFFFF);
        return n - at;
      }
      if (end - i < 1 || end - i > 4 || n == 8) {
        return -1;
      }
      int group = 0;
      for (int k = i; k < end; k++) {
        int digit = hexDigit(s.charAt(k));
        if (digit < 0) {
          return -1;
        }
        group = group << 4 | digit;
      }
      out[n++] = group;
      if (end == to) {
        return n - at;
      }
      i = end + 1;
    }
  }

  /** A dotted-quad IPv4 address in s[from, to) as an unsigned 32-bit value, or -1 when malformed. */
  private static long ipv4(String s, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int part = 0;
      while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        part = part * 10 + (s.charAt(i) - '0');
        i++;
      }
      // no leading zeros: some readers take 010 as octal, so it is refused rather than guessed
      if (i == start || i - start > 3 || part > 255 || (i - start > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = value << 8 | part;
      parts++;
      if (i == to) {
        return parts == 4 ? value : -1;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return -1;
      }
      i++;
    }
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
