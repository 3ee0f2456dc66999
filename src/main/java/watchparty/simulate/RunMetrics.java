package watchparty.simulate;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the event loops record while a run goes on, and what the reporter reads: histograms as
 * HdrHistogram {@link Recorder}s (wait-free for the writers, read an interval at a time),
 * counters as adders. The reporter keeps the totals ({@link Totals}); nothing here blocks a loop.
 */
public final class RunMetrics {
  /** Distinct error kinds kept; more are counted as "other", so a flood of messages cannot grow the map. */
  static final int MAX_ERROR_KINDS = 64;

  private final Map<Metric, Recorder> recorders = new EnumMap<>(Metric.class);
  private final Map<Metric, LongAdder> operationErrors = new EnumMap<>(Metric.class);
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder messagesReceived = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final AtomicInteger webSockets = new AtomicInteger();
  private final AtomicInteger httpConnections = new AtomicInteger();
  private final AtomicInteger viewersStarted = new AtomicInteger();
  private volatile boolean stopping;

  public RunMetrics() {
    for (Metric m : Metric.values()) {
      recorders.put(m, new Recorder(3));
      operationErrors.put(m, new LongAdder());
    }
  }

  /** A sample in nanoseconds, kept in microseconds. */
  public void recordNanos(Metric m, long nanos) {
    recorders.get(m).recordValue(Math.max(0, nanos / 1000));
  }

  public void recordMicros(Metric m, long micros) {
    recorders.get(m).recordValue(Math.max(0, micros));
  }

  /** An operation that failed, by kind ("http 503", "timeout"). Ignored once the run is stopping. */
  public void error(Metric operation, String kind) {
    if (stopping) {
      return;
    }
    if (operation != null) {
      operationErrors.get(operation).increment();
    }
    LongAdder n = errors.get(kind);
    if (n == null) {
      n = errors.size() < MAX_ERROR_KINDS ? errors.computeIfAbsent(kind, k -> new LongAdder())
          : errors.computeIfAbsent("other", k -> new LongAdder());
    }
    n.increment();
  }

  public void reconnect() {
    if (!stopping) {
      reconnects.increment();
    }
  }

  /** A live-feed message of length bytes received. */
  public void received(int length) {
    messagesReceived.increment();
    bytesReceived.add(length);
  }

  public void sent() {
    messagesSent.increment();
  }

  public AtomicInteger webSockets() {
    return webSockets;
  }

  public AtomicInteger httpConnections() {
    return httpConnections;
  }

  public AtomicInteger viewersStarted() {
    return viewersStarted;
  }

  /** From now on closes and failures are the simulator's own doing, not errors. */
  public void stopping() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  /** The totals, owned by one reader thread: each {@link #collect} adds the interval since the last. */
  public final class Totals {
    private final Map<Metric, Histogram> total = new EnumMap<>(Metric.class);
    private final Map<Metric, Histogram> interval = new EnumMap<>(Metric.class);

    Totals() {
      for (Metric m : Metric.values()) {
        total.put(m, new Histogram(3));
      }
    }

    /** Moves what was recorded since the last call into the totals; returns that interval. */
    public Map<Metric, Histogram> collect() {
      for (Metric m : Metric.values()) {
        Histogram h = recorders.get(m).getIntervalHistogram(interval.get(m));
        interval.put(m, h);
        total.get(m).add(h);
      }
      return interval;
    }

    public Summary summary(double elapsedSeconds, Summary.Sockets sockets) {
      Map<Metric, Histogram> copies = new EnumMap<>(Metric.class);
      total.forEach((m, h) -> copies.put(m, h.copy()));
      Map<Metric, Long> byOperation = new EnumMap<>(Metric.class);
      operationErrors.forEach((m, n) -> byOperation.put(m, n.sum()));
      return new Summary(copies, byOperation, errorCounts(), elapsedSeconds, sockets, reconnects.sum(),
          new Summary.Traffic(messagesReceived.sum(), bytesReceived.sum(), messagesSent.sum()));
    }
  }

  public Totals totals() {
    return new Totals();
  }

  public Map<String, Long> errorCounts() {
    Map<String, Long> counts = new HashMap<>();
    errors.forEach((k, n) -> counts.put(k, n.sum()));
    return counts;
  }

  public long errorTotal() {
    long total = 0;
    for (LongAdder n : errors.values()) {
      total += n.sum();
    }
    return total;
  }

  public long messagesReceived() {
    return messagesReceived.sum();
  }

  public long reconnectTotal() {
    return reconnects.sum();
  }
}
