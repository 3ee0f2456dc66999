package watchparty.simulate;

import java.nio.charset.StandardCharsets;

/**
 * Reading values out of compact, machine-written JSON bytes without a parser: where a key is and
 * the number after it. Only for the fast path of {@link LiveMessage}; anything unexpected answers
 * "not found" (-1, NaN, Long.MIN_VALUE) and the caller falls back to a real parser.
 */
final class JsonBytes {
  private JsonBytes() {
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static boolean startsWith(byte[] b, int at, int length, byte[] prefix) {
    if (at < 0 || at + prefix.length > length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where pattern starts in b[from, to), or -1. A quoted key followed by its colon can only be a
   * key: inside a JSON string a quote is escaped.
   */
  static int indexOf(byte[] b, int from, int to, byte[] pattern) {
    if (from < 0) {
      return -1;
    }
    byte first = pattern[0];
    int last = to - pattern.length;
    for (int i = from; i <= last; i++) {
      if (b[i] == first && startsWith(b, i, to, pattern)) {
        return i;
      }
    }
    return -1;
  }

  /** Where the value after key (a pattern like {@code "id":}) starts in b[from, to), or -1. */
  static int valueAfter(byte[] b, int from, int to, byte[] key) {
    int at = indexOf(b, from, to, key);
    return at < 0 ? -1 : at + key.length;
  }

  /** Where the object starting at from ends (the index after its closing brace), for flat objects only; -1. */
  static int endOfFlatObject(byte[] b, int from, int to) {
    boolean inString = false;
    for (int i = from + 1; i < to; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        return -1;
      } else if (c == '}') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The integer at b[at], or Long.MIN_VALUE if there is none (or a fraction follows). */
  static long parseLong(byte[] b, int at, int to) {
    if (at < 0 || at >= to) {
      return Long.MIN_VALUE;
    }
    boolean negative = b[at] == '-';
    int i = negative ? at + 1 : at;
    long value = 0;
    int start = i;
    while (i < to && b[i] >= '0' && b[i] <= '9' && i - start < 18) {
      value = value * 10 + (b[i] - '0');
      i++;
    }
    if (i == start || i < to && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || b[i] >= '0' && b[i] <= '9')) {
      return Long.MIN_VALUE;
    }
    return negative ? -value : value;
  }

  /**
   * A plain decimal (no exponent) at b[at] as a double, to scale decimals (those past it are
   * dropped: 1e-9 of a second or of a speed matters to no player), or NaN.
   */
  static double parseDecimal(byte[] b, int at, int to, int scale) {
    long scaled = parseScaled(b, at, to, scale, false);
    return scaled == Long.MIN_VALUE ? Double.NaN : scaled / POWERS[scale];
  }

  private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  /**
   * A plain decimal at b[at] times 10^scale as a long, or Long.MIN_VALUE. exact: digits past the
   * scale must be zeros (seconds with six decimals read as whole microseconds, nothing lost).
   */
  static long parseScaled(byte[] b, int at, int to, int scale, boolean exact) {
    if (at < 0 || at >= to || scale < 0 || scale > 9) {
      return Long.MIN_VALUE;
    }
    boolean negative = b[at] == '-';
    int i = negative ? at + 1 : at;
    long whole = 0;
    int start = i;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      if (i - start >= 18 - scale) {
        return Long.MIN_VALUE; // would overflow once scaled
      }
      whole = whole * 10 + (b[i] - '0');
      i++;
    }
    if (i == start) {
      return Long.MIN_VALUE;
    }
    long fraction = 0;
    int digits = 0;
    if (i < to && b[i] == '.') {
      i++;
      int fractionStart = i;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (digits < scale) {
          fraction = fraction * 10 + (b[i] - '0');
          digits++;
        } else if (exact && b[i] != '0') {
          return Long.MIN_VALUE;
        }
        i++;
      }
      if (i == fractionStart) {
        return Long.MIN_VALUE;
      }
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      return Long.MIN_VALUE;
    }
    for (; digits < scale; digits++) {
      fraction *= 10;
    }
    long unit = 1;
    for (int k = 0; k < scale; k++) {
      unit *= 10;
    }
    long value = whole * unit + fraction;
    return negative ? -value : value;
  }
}
