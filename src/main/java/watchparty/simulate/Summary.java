package watchparty.simulate;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * A run's results: a histogram (microseconds) per {@link Metric}, errors by kind and by
 * operation, and the sockets and reconnects seen. Pure data with derived figures; the table
 * and the JSON are written from it.
 */
public final class Summary {
  private final Map<Metric, Histogram> histograms;
  private final Map<Metric, Long> operationErrors;
  private final Map<String, Long> errorsByKind;
  private final double elapsedSeconds;
  private final Sockets sockets;
  private final long reconnects;
  private final Traffic traffic;

  /** Sockets open when the run ended (before the simulator closed its own), and viewers started. */
  public record Sockets(int webSockets, int httpConnections, int viewers, int viewersStarted, int liveViewers) {
    public int total() {
      return webSockets + httpConnections;
    }
  }

  /** Live-feed messages the viewers received (and their bytes) and sent. */
  public record Traffic(long messagesReceived, long bytesReceived, long messagesSent) {
    public static final Traffic NONE = new Traffic(0, 0, 0);
  }

  public Summary(Map<Metric, Histogram> histograms, Map<Metric, Long> operationErrors,
      Map<String, Long> errorsByKind, double elapsedSeconds, Sockets sockets, long reconnects, Traffic traffic) {
    this.histograms = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      Histogram h = histograms.get(m);
      this.histograms.put(m, h != null ? h : new Histogram(3));
    }
    this.operationErrors = new EnumMap<>(Metric.class);
    this.operationErrors.putAll(operationErrors);
    this.errorsByKind = Collections.unmodifiableMap(sortedByCount(errorsByKind));
    this.elapsedSeconds = elapsedSeconds;
    this.sockets = sockets;
    this.reconnects = reconnects;
    this.traffic = traffic;
  }

  private static Map<String, Long> sortedByCount(Map<String, Long> errors) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  public Histogram histogram(Metric m) {
    return histograms.get(m);
  }

  /** Samples recorded: for an operation, the ones answered. */
  public long count(Metric m) {
    return histograms.get(m).getTotalCount();
  }

  /** Samples a second over the run. */
  public double rate(Metric m) {
    return elapsedSeconds > 0 ? count(m) / elapsedSeconds : 0;
  }

  /** Errors of one operation (errors of no operation, such as socket closes, are only in {@link #errorsByKind}). */
  public long errors(Metric m) {
    return operationErrors.getOrDefault(m, 0L);
  }

  /** The value at percentile p (0-100) in milliseconds; empty without samples. */
  public OptionalDouble percentileMs(Metric m, double p) {
    Histogram h = histograms.get(m);
    return h.getTotalCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.getValueAtPercentile(p) / 1000.0);
  }

  public OptionalDouble maxMs(Metric m) {
    Histogram h = histograms.get(m);
    return h.getTotalCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.getMaxValue() / 1000.0);
  }

  public OptionalDouble minMs(Metric m) {
    Histogram h = histograms.get(m);
    return h.getTotalCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.getMinValue() / 1000.0);
  }

  public OptionalDouble meanMs(Metric m) {
    Histogram h = histograms.get(m);
    return h.getTotalCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.getMean() / 1000.0);
  }

  public Map<String, Long> errorsByKind() {
    return errorsByKind;
  }

  public long errors() {
    long total = 0;
    for (long n : errorsByKind.values()) {
      total += n;
    }
    return total;
  }

  /** Operations answered, of every kind. */
  public long operations() {
    long total = 0;
    for (Metric m : Metric.values()) {
      if (m.isOperation()) {
        total += count(m);
      }
    }
    return total;
  }

  /** Errors over operations answered plus errors: a fraction, 0 when nothing was tried. */
  public double errorRate() {
    long errors = errors();
    long tried = operations() + errors;
    return tried == 0 ? 0 : (double) errors / tried;
  }

  /** One operation's errors over its answered ones plus its errors. */
  public double errorRate(Metric m) {
    long errors = errors(m);
    long tried = count(m) + errors;
    return tried == 0 ? 0 : (double) errors / tried;
  }

  public double elapsedSeconds() {
    return elapsedSeconds;
  }

  public Sockets sockets() {
    return sockets;
  }

  public long reconnects() {
    return reconnects;
  }

  public Traffic traffic() {
    return traffic;
  }
}
