package watchparty.simulate;

import java.util.Locale;

/** Durations as operators type them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
public final class Durations {
  private Durations() {
  }

  /** Milliseconds in text like {@code 1.5s}; IllegalArgumentException names what is wrong. */
  public static long parseMillis(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    int unitStart = s.length();
    while (unitStart > 0 && Character.isLetter(s.charAt(unitStart - 1))) {
      unitStart--;
    }
    String number = s.substring(0, unitStart).trim();
    String unit = s.substring(unitStart);
    double perUnit = switch (unit) {
      case "ms" -> 1;
      case "", "s" -> 1000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> throw new IllegalArgumentException("unknown unit '" + unit + "' in '" + text + "' (ms, s, m, h)");
    };
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (like 500ms, 30s, 2m)");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("a duration must be a finite number >= 0: '" + text + "'");
    }
    return Math.round(value * perUnit);
  }

  /** The shortest of {@code 250ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h} that is exact. */
  public static String format(long millis) {
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    if (millis > 1000 && millis % 100 == 0) {
      return millis / 1000.0 + "s";
    }
    return millis + "ms";
  }
}
