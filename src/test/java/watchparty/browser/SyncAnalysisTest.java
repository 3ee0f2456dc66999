package watchparty.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import watchparty.browser.SyncAnalysis.Result;

/** The analysis on synthetic samples whose errors are known. */
class SyncAnalysisTest {
  private static final double LEFT_AT = 10_000;

  /** Samples every 100 ms from `from` to `to` (ms) with the position (s) given by ct. */
  private static List<Sample> samples(double from, double to, DoubleUnaryOperator ct, double rate, boolean paused,
      String role) {
    List<Sample> out = new ArrayList<>();
    for (double t = from; t < to; t += 100) {
      out.add(new Sample(t, ct.applyAsDouble(t), rate, paused, false, role));
    }
    return out;
  }

  /** The host's position: plays from 0 at rate 1, seeks +30 s at 5 s. */
  private static double hostCt(double t) {
    return t / 1000 + (t >= 5000 ? 30 : 0);
  }

  private static Result analyse() {
    PageRecording host = new PageRecording("host", samples(0, LEFT_AT, SyncAnalysisTest::hostCt, 1, false, "host"),
        List.of());
    // 20 ms ahead all along; becomes the host 300 ms after the host left
    List<Sample> a = new ArrayList<>(samples(50, 10_350, t -> hostCt(t) + 0.020, 1, false, "follower"));
    a.addAll(samples(10_350, 14_000, t -> hostCt(t) + 0.020, 1, false, "host"));
    // 40 ms behind, but 500 ms behind (catching up at 1.05x) for a second after the seek; seeks at 5.1 s and 8 s
    List<Sample> b = new ArrayList<>(samples(50, 5050, t -> hostCt(t) - 0.040, 1, false, "follower"));
    b.addAll(samples(5050, 6050, t -> hostCt(t) - 0.500, 1.05, false, "follower"));
    b.addAll(samples(6050, 14_000, t -> hostCt(t) - 0.040, 1, false, "follower"));
    // never plays
    List<Sample> c = samples(50, 14_000, t -> 0, 1, true, "follower");
    List<PageRecording> followers = List.of(new PageRecording("a", a, List.of()),
        new PageRecording("b", b, List.of(new SeekEvent(5100, 35), new SeekEvent(8000, 38))),
        new PageRecording("c", c, List.of()));
    List<HostAction> actions = List.of(new HostAction("play", 0), new HostAction("seek +30 s", 5000),
        new HostAction("host leaves", LEFT_AT));
    return SyncAnalysis.analyse(host, followers, actions, LEFT_AT);
  }

  @Test
  void errorsAreMeasuredAgainstTheHostsExtrapolatedPosition() {
    Result result = analyse();
    assertEquals("a", result.newHost());
    // follower samples fall 50 ms after the host's: the host's position is extrapolated to them
    assertEquals(20, result.phase("steady play, a").max(), 1e-6);
    assertEquals(20, result.phase("steady play, a").p50(), 1e-6);
    // b against the old host (40 ms), then against a, the new host (60 ms)
    assertEquals(40, result.phase("steady play, b").p50(), 1e-6);
    assertEquals(60, result.phase("steady play, b").max(), 1e-6);
    // a is no follower once it is the host
    assertEquals(List.of(), result.points().get("a").stream().filter(p -> p.t() >= LEFT_AT).toList());
  }

  @Test
  void settleTimesSteadySeeksAndRates() {
    Result result = analyse();
    assertEquals(List.of("c"), result.neverPlayed());
    assertEquals(List.of("c"), result.phase("after seek +30 s").unsettled());
    assertNull(result.phase("after seek +30 s").settleMs());
    assertEquals(List.of(8000.0), result.steadySeeks().get("b"));
    assertEquals(1.05, result.highestRateRatio().rateRatio(), 1e-9);
    assertEquals("b", result.highestRateRatio().follower());
    assertEquals(1.0, result.lowestRateRatio().rateRatio(), 1e-9);
    List<SyncAnalysis.Point> bAfterSeek = result.points().get("b").stream().filter(p -> p.t() >= 5000 && p.t() < LEFT_AT).toList();
    assertEquals(1050, SyncAnalysis.settleTime(bAfterSeek, 5000), 1e-6);
    // steadiness is the host's: c, paused far behind a playing host, counts with its whole error
    assertEquals(result.phase("steady play, c").max(), result.phase("steady play").max());
  }

  @Test
  void aHostSampleFromBeforeTheHostsLatestActionIsNoReference() {
    // the host seeks +30 s at 4950 ms, between its samples at 4900 and 5000; the follower is there at 4960
    PageRecording host = new PageRecording("host", samples(0, 6000, t -> t / 1000 + (t >= 4950 ? 30 : 0), 1, false,
        "host"), List.of());
    PageRecording follower = new PageRecording("f", samples(60, 6000, t -> t / 1000 + (t >= 4950 ? 30 : 0), 1, false,
        "follower"), List.of());
    Result result = SyncAnalysis.analyse(host, List.of(follower), List.of(new HostAction("play", 0),
        new HostAction("seek +30 s", 4950)), Double.POSITIVE_INFINITY);
    assertEquals(List.of(), result.points().get("f").stream().filter(p -> p.t() > 4950 && p.t() < 5000).toList());
    assertEquals(0, result.phase("after seek +30 s").max(), 1e-6);
  }

  @Test
  void settleTimeIsWhenTheFollowerStaysWithinTheBand() {
    List<SyncAnalysis.Point> points = new ArrayList<>();
    for (double t = 5050; t < 10_000; t += 100) {
      points.add(new SyncAnalysis.Point("b", t, t < 6050 ? -500 : (t < 6150 ? -40 : (t < 6250 ? 150 : -40)), false, 1, 1));
    }
    // within the band at 6.05 s but out again at 6.15 s; within it for good from 6.25 s
    assertEquals(1250, SyncAnalysis.settleTime(points, 5000), 1e-6);
    assertNull(SyncAnalysis.settleTime(points.subList(0, 10), 5000));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] values = new double[20];
    for (int i = 0; i < 20; i++) {
      values[i] = i + 1;
    }
    assertEquals(10, SyncAnalysis.percentile(values, 0.50));
    assertEquals(19, SyncAnalysis.percentile(values, 0.95));
    assertEquals(Double.NaN, SyncAnalysis.percentile(new double[0], 0.5));
  }
}
