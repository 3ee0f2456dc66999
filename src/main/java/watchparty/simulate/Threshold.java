package watchparty.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass condition on a run, like {@code delivery.p99<25ms} or {@code errors<0.1%}; a broken one
 * makes the run fail (exit 99, as k6 does). Forms:
 * <ul>
 * <li>{@code <metric>.p<N>|max|min|mean} with ms (default), s or us: a latency, in ms;</li>
 * <li>{@code <metric>.count}, {@code <metric>.rate} (a second): plain numbers;</li>
 * <li>{@code errors} or {@code <operation>.errors}: with %, the error rate; without, the count;</li>
 * <li>{@code reconnects}, {@code sockets} (open at the end): counts.</li>
 * </ul>
 * A threshold on a metric without samples is broken: the run cannot show it holds.
 */
public record Threshold(String expression, String subject, String stat, Comparison comparison, double limit,
    Kind kind) {

  /** What the limit is compared with. */
  public enum Kind {
    /** milliseconds */
    LATENCY,
    /** a count or a rate a second */
    NUMBER,
    /** a percentage */
    PERCENT
  }

  public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(double actual, double limit) {
      return switch (this) {
        case LT -> actual < limit;
        case LE -> actual <= limit;
        case GT -> actual > limit;
        case GE -> actual >= limit;
      };
    }

    static Comparison of(String symbol) {
      for (Comparison c : values()) {
        if (c.symbol.equals(symbol)) {
          return c;
        }
      }
      throw new IllegalArgumentException(symbol);
    }
  }

  /** A threshold checked against a run: the measured value (in the threshold's unit) and whether it held. */
  public record Result(Threshold threshold, OptionalDouble actual, boolean passed) {
    public String describe() {
      String value = actual.isEmpty() ? "no data" : threshold.formatValue(actual.getAsDouble());
      return threshold.expression + "  " + (passed ? "ok" : "BROKEN") + " (" + value + ")";
    }
  }

  private static final Pattern FORM = Pattern.compile(
      "([a-z]+)(?:\\.([a-z]+|p[0-9]+(?:\\.[0-9]+)?))?\\s*(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|us|%)?");

  /** Every threshold in a comma-separated list; IllegalArgumentException names the bad one. */
  public static List<Threshold> parseAll(String list) {
    List<Threshold> all = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        all.add(parse(part));
      }
    }
    return all;
  }

  public static Threshold parse(String text) {
    String expression = text.trim();
    Matcher m = FORM.matcher(expression.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("bad threshold '" + expression
          + "': expected like delivery.p99<25ms, errors<0.1%, reconnects<=10");
    }
    String subject = m.group(1);
    String stat = m.group(2);
    Comparison comparison = Comparison.of(m.group(3));
    double number = Double.parseDouble(m.group(4));
    String unit = m.group(5);
    Metric metric = Metric.byKey(subject);
    Kind kind;
    if (metric != null) {
      if (stat == null) {
        throw bad(expression, "name a statistic: " + subject + ".p99, .max, .mean, .min, .count, .rate or .errors");
      }
      if (stat.equals("count") || stat.equals("rate")) {
        kind = Kind.NUMBER;
      } else if (stat.equals("errors")) {
        if (!metric.isOperation()) {
          throw bad(expression, subject + " is a measure, not an operation: it has no errors");
        }
        kind = "%".equals(unit) ? Kind.PERCENT : Kind.NUMBER;
      } else if (stat.equals("max") || stat.equals("min") || stat.equals("mean") || stat.startsWith("p")) {
        kind = Kind.LATENCY;
        if (stat.startsWith("p")) {
          double p = Double.parseDouble(stat.substring(1));
          if (p <= 0 || p > 100) {
            throw bad(expression, "a percentile lies in (0, 100]");
          }
        }
      } else {
        throw bad(expression, "unknown statistic '" + stat + "'");
      }
    } else if (subject.equals("errors")) {
      if (stat != null) {
        throw bad(expression, "errors takes no statistic: errors<0.1% (rate) or errors<10 (count)");
      }
      kind = "%".equals(unit) ? Kind.PERCENT : Kind.NUMBER;
    } else if (subject.equals("reconnects") || subject.equals("sockets")) {
      if (stat != null) {
        throw bad(expression, subject + " takes no statistic");
      }
      kind = Kind.NUMBER;
    } else {
      throw bad(expression, "unknown metric '" + subject
          + "' (status, room, ack, ping, connect, delivery, sync, lag, errors, reconnects, sockets)");
    }
    double limit;
    if (kind == Kind.LATENCY) {
      if ("%".equals(unit)) {
        throw bad(expression, "a latency takes ms, s or us");
      }
      limit = unit == null || unit.equals("ms") ? number : unit.equals("s") ? number * 1000 : number / 1000;
    } else if (kind == Kind.PERCENT) {
      limit = number;
    } else {
      if (unit != null) {
        throw bad(expression, "a count or a rate takes no unit");
      }
      limit = number;
    }
    return new Threshold(expression, subject, stat, comparison, limit, kind);
  }

  private static IllegalArgumentException bad(String expression, String why) {
    return new IllegalArgumentException("bad threshold '" + expression + "': " + why);
  }

  /** The measured value in this threshold's unit (ms, percent or plain), or empty without samples. */
  public OptionalDouble actual(Summary s) {
    Metric metric = Metric.byKey(subject);
    if (metric == null) {
      return switch (subject) {
        case "errors" -> OptionalDouble.of(kind == Kind.PERCENT ? s.errorRate() * 100 : s.errors());
        case "reconnects" -> OptionalDouble.of(s.reconnects());
        default -> OptionalDouble.of(s.sockets().total());
      };
    }
    switch (stat) {
      case "count":
        return OptionalDouble.of(s.count(metric));
      case "rate":
        return OptionalDouble.of(s.rate(metric));
      case "errors":
        return OptionalDouble.of(kind == Kind.PERCENT ? s.errorRate(metric) * 100 : s.errors(metric));
      case "max":
        return s.maxMs(metric);
      case "min":
        return s.minMs(metric);
      case "mean":
        return s.meanMs(metric);
      default:
        return s.percentileMs(metric, Double.parseDouble(stat.substring(1)));
    }
  }

  public Result check(Summary s) {
    OptionalDouble actual = actual(s);
    return new Result(this, actual, actual.isPresent() && comparison.holds(actual.getAsDouble(), limit));
  }

  String formatValue(double v) {
    return switch (kind) {
      case LATENCY -> Tables.number(v) + " ms";
      case PERCENT -> Tables.number(v) + " %";
      case NUMBER -> Tables.number(v);
    };
  }
}
