package watchparty.simulate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/** The text a person reads: the summary table at the end and the progress line while a run goes on. */
public final class Tables {
  private static final List<Metric> ROWS = List.of(Metric.STATUS, Metric.ROOM, Metric.ACK, Metric.PING,
      Metric.CONNECT, Metric.DELIVERY, Metric.SYNC, Metric.LAG);

  /** Past this, the simulator itself ran late enough to count in every latency it measured. */
  static final double LATE_LAG_P99_MS = 50;

  private Tables() {
  }

  /** A figure with three significant digits at most, never in exponent form: 0.412, 4.21, 42.1, 12345. */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double abs = Math.abs(v);
    int decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String percentileName(double p) {
    return "p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
  }

  /** The summary table, with the thresholds' verdicts. */
  public static String summary(SimulationOptions o, Summary s, List<Threshold.Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("watch-party simulation of ").append(o.url()).append(": ").append(o.describe()).append('\n');
    b.append("ran ").append(number(s.elapsedSeconds())).append(" s; latencies in ms, from each operation's intended")
        .append(" start (corrected for coordinated omission)\n\n");
    b.append(String.format(Locale.ROOT, "%-10s %9s %9s %7s", "", "count", "rate/s", "errors"));
    for (double p : o.percentiles()) {
      b.append(String.format(Locale.ROOT, " %8s", percentileName(p)));
    }
    b.append(String.format(Locale.ROOT, " %8s%n", "max"));
    for (Metric m : ROWS) {
      if (s.count(m) == 0 && s.errors(m) == 0) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "%-10s %9d %9s %7s", m.key(), s.count(m), number(s.rate(m)),
          m.isOperation() ? Long.toString(s.errors(m)) : "-"));
      for (double p : o.percentiles()) {
        b.append(String.format(Locale.ROOT, " %8s", ms(s.percentileMs(m, p))));
      }
      b.append(String.format(Locale.ROOT, " %8s   %s%n", ms(s.maxMs(m)), m.description()));
    }
    b.append('\n');
    b.append("errors      ").append(s.errors()).append(" (").append(number(s.errorRate() * 100))
        .append(" % of operations)");
    String sep = ": ";
    for (Map.Entry<String, Long> e : s.errorsByKind().entrySet()) {
      b.append(sep).append(e.getKey()).append(" x").append(e.getValue());
      sep = ", ";
    }
    b.append('\n');
    Summary.Sockets k = s.sockets();
    b.append("sockets     ").append(k.total()).append(" open at the end: ").append(k.webSockets())
        .append(" WebSocket (").append(k.liveViewers()).append(" live viewers), ").append(k.httpConnections())
        .append(" HTTP; ").append(k.viewersStarted()).append(" of ").append(k.viewers()).append(" viewers started\n");
    b.append("reconnects  ").append(s.reconnects()).append('\n');
    Summary.Traffic t = s.traffic();
    if (t.messagesReceived() + t.messagesSent() > 0) {
      b.append("live feed   ").append(t.messagesReceived()).append(" messages received (")
          .append(number(t.bytesReceived() / 1e6)).append(" MB, ")
          .append(number(t.messagesReceived() / Math.max(1e-9, s.elapsedSeconds()))).append("/s), ")
          .append(t.messagesSent()).append(" sent\n");
    }
    OptionalDouble lag = s.percentileMs(Metric.LAG, 99);
    if (lag.isPresent() && lag.getAsDouble() > LATE_LAG_P99_MS) {
      b.append("note        the simulator ran its operations late (lag p99 ").append(number(lag.getAsDouble()))
          .append(" ms): it was short of CPU, and every latency above includes that delay\n");
    }
    String label = "thresholds  ";
    for (Threshold.Result r : results) {
      b.append(label).append(r.describe()).append('\n');
      label = "            ";
    }
    return b.toString();
  }

  private static String ms(OptionalDouble v) {
    return v.isPresent() ? number(v.getAsDouble()) : "-";
  }

  /**
   * One line for the interval just ended: rates, the p99s that matter, live-feed messages
   * received in it, errors and reconnects so far.
   */
  public static String progress(double elapsedSeconds, double intervalSeconds, Map<Metric, Histogram> interval,
      int viewersStarted, int viewers, int sockets, long messages, long errors, long reconnects) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%6.0fs  viewers %d/%d  sockets %d", elapsedSeconds, viewersStarted, viewers,
        sockets));
    if (messages > 0) {
      b.append("  feed ").append(number(messages / intervalSeconds)).append(" msg/s");
    }
    for (Metric m : List.of(Metric.STATUS, Metric.ROOM, Metric.ACK, Metric.DELIVERY)) {
      Histogram h = interval.get(m);
      if (h == null || h.getTotalCount() == 0) {
        continue;
      }
      b.append("  ").append(m.key()).append(' ');
      if (m.isOperation()) {
        b.append(number(h.getTotalCount() / intervalSeconds)).append("/s ");
      }
      b.append("p99 ").append(number(h.getValueAtPercentile(99) / 1000.0)).append("ms");
    }
    Histogram sync = interval.get(Metric.SYNC);
    if (sync != null && sync.getTotalCount() > 0) {
      b.append("  sync p95 ").append(number(sync.getValueAtPercentile(95) / 1000.0)).append("ms");
    }
    b.append("  errors ").append(errors).append("  reconnects ").append(reconnects);
    return b.toString();
  }
}
