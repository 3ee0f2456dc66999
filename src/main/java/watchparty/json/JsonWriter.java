package watchparty.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON straight into a growable byte array: no tree, no reflection. One writer is
 * owned by one thread (an event loop) and reused with {@link #reset()}, so answers cost no
 * per-request scratch allocation beyond the bytes handed to the network.
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  private static final byte[] TRUE = bytes("true");
  private static final byte[] FALSE = bytes("false");
  private static final byte[] NULL = bytes("null");
  private static final byte[] PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[i * 2] = (byte) ('0' + i / 10);
      PAIRS[i * 2 + 1] = (byte) ('0' + i % 10);
    }
  }

  private static final byte[] LONG_MIN = bytes(Long.toString(Long.MIN_VALUE));

  private byte[] buf;
  private int len;

  public JsonWriter() {
    this(512);
  }

  public JsonWriter(int capacity) {
    buf = new byte[capacity];
  }

  /** ASCII bytes of a constant fragment, for writers that pre-encode their keys. */
  public static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** The JSON string literal (quoted and escaped) for s, as UTF-8. */
  public static byte[] quoted(String s) {
    JsonWriter w = new JsonWriter(s.length() + 8);
    w.string(s);
    return w.toByteArray();
  }

  public JsonWriter reset() {
    len = 0;
    return this;
  }

  public int length() {
    return len;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  public JsonWriter raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Bytes from..to of b, copied as they are (already JSON). */
  public JsonWriter raw(byte[] b, int from, int to) {
    ensure(to - from);
    System.arraycopy(b, from, buf, len, to - from);
    len += to - from;
    return this;
  }

  public JsonWriter raw(char c) {
    ensure(1);
    buf[len++] = (byte) c;
    return this;
  }

  public JsonWriter bool(boolean b) {
    return raw(b ? TRUE : FALSE);
  }

  public JsonWriter nul() {
    return raw(NULL);
  }

  public JsonWriter number(long v) {
    if (v == Long.MIN_VALUE) {
      return raw(LONG_MIN);
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int end = len + digits(v);
    writeDigits(v, end);
    len = end;
    return this;
  }

  private static int digits(long v) {
    int n = 1;
    for (long t = v; t >= 10; t /= 10) {
      n++;
    }
    return n;
  }

  /** Writes the digits of v (>= 0) backwards from end, two at a time. */
  private void writeDigits(long v, int end) {
    int pos = end;
    while (v >= 100) {
      int pair = (int) (v % 100);
      v /= 100;
      buf[--pos] = PAIRS[pair * 2 + 1];
      buf[--pos] = PAIRS[pair * 2];
    }
    if (v >= 10) {
      buf[--pos] = PAIRS[(int) v * 2 + 1];
      buf[--pos] = PAIRS[(int) v * 2];
    } else {
      buf[--pos] = (byte) ('0' + v);
    }
  }

  /**
   * Writes a finite double as JavaScript's JSON.stringify would for the common cases: integral
   * values without a fraction ("3", not "3.0"), short decimals exactly ("12.25"). Other values
   * fall back to Double.toString, which is valid JSON and parses back to the same double.
   */
  public JsonWriter number(double v) {
    if (v == (long) v && Math.abs(v) < 1e15) {
      return number((long) v);
    }
    for (int k = 1; k < POW10.length; k++) {
      double scaled = v * POW10[k];
      if (Math.abs(scaled) < 1e15 && scaled == Math.rint(scaled)) {
        long n = (long) scaled;
        // the decimal n/10^k is correctly rounded both ways, so it reads back as exactly v
        if (n / POW10[k] == v) {
          return decimal(n, k);
        }
      }
    }
    String s = Double.toString(v);
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  private JsonWriter decimal(long n, int scale) {
    ensure(24);
    if (n < 0) {
      buf[len++] = '-';
      n = -n;
    }
    long unit = (long) POW10[scale];
    long whole = n / unit;
    long fraction = n % unit;
    int intEnd = len + digits(whole);
    writeDigits(whole, intEnd);
    buf[intEnd] = '.';
    int end = intEnd + 1 + scale;
    // the fraction keeps its leading zeros: 5 at scale 2 is ".05"
    for (int i = intEnd + 1; i < end; i++) {
      buf[i] = '0';
    }
    writeDigits(fraction, end);
    len = end;
    return this;
  }

  /** A JSON string literal: quoted, escaped, UTF-8; a lone surrogate is written as \\uXXXX. */
  public JsonWriter string(String s) {
    int n = s.length();
    ensure(n * 6 + 2); // the worst case: every char a six-byte \\u escape
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else {
          p = escape(b, p, c);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        p = escape(b, p, c);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[p++] = '"';
    len = p;
    return this;
  }

  private static int escape(byte[] b, int p, char c) {
    b[p++] = '\\';
    switch (c) {
      case '"' -> b[p++] = '"';
      case '\\' -> b[p++] = '\\';
      case '\n' -> b[p++] = 'n';
      case '\r' -> b[p++] = 'r';
      case '\t' -> b[p++] = 't';
      case '\b' -> b[p++] = 'b';
      case '\f' -> b[p++] = 'f';
      default -> {
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
      }
    }
    return p;
  }
}
