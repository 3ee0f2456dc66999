package watchparty.simulate;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Summaries with known contents. */
final class SummaryFixtures {
  private SummaryFixtures() {
  }

  /** Histograms of values in ms (recorded as microseconds, as the simulator records them). */
  static Map<Metric, Histogram> histograms(Object... metricAndMillis) {
    Map<Metric, Histogram> map = new EnumMap<>(Metric.class);
    for (int i = 0; i < metricAndMillis.length; i += 2) {
      Histogram h = new Histogram(3);
      for (double ms : (double[]) metricAndMillis[i + 1]) {
        h.recordValue(Math.round(ms * 1000));
      }
      map.put((Metric) metricAndMillis[i], h);
    }
    return map;
  }

  /** 1..100 ms, one each. */
  static double[] oneToHundred() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + 1;
    }
    return v;
  }

  /** delivery 1..100 ms, 1000 acks of 2 ms, status 200 of 5 ms with 1 error, 4 errors in all, 10 s long. */
  static Summary typical() {
    double[] acks = new double[1000];
    java.util.Arrays.fill(acks, 2);
    double[] statuses = new double[200];
    java.util.Arrays.fill(statuses, 5);
    return new Summary(histograms(Metric.DELIVERY, oneToHundred(), Metric.ACK, acks, Metric.STATUS, statuses),
        Map.of(Metric.STATUS, 1L),
        Map.of("http 503", 1L, "close 1008 (slow consumer: outgoing queue full)", 3L), 10.0,
        new Summary.Sockets(18, 2, 20, 20, 18), 3, new Summary.Traffic(5000, 2_500_000, 1200));
  }
}
