package watchparty.browser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How closely the followers' videos tracked the host's, from the pages' samples alone (no browser).
 *
 * <p>A follower sample at wall time t is compared with the host's position at t: the host's latest
 * sample at most 150 ms older (and not older than the host's latest action), advanced by the
 * elapsed time x rate while the host played. Before the
 * host leaves, the host is the host page; after, the page whose sampled role is 'host' (no longer
 * counted as a follower).
 */
final class SyncAnalysis {
  /** Older host samples are no reference: the host page was gone or stalled. */
  static final double HOST_SAMPLE_MAX_AGE_MS = 150;
  /** Play after a host action counts as steady once this long has passed. */
  static final double ACTION_SETTLING_MS = 1500;
  /** A follower has settled once within this of the host ... */
  static final double SETTLED_WITHIN_MS = 100;
  /** ... and stays within it this long. */
  static final double SETTLED_FOR_MS = 500;
  /** Errors this small count as locked on the host (where the follower should be at the host's rate). */
  static final double LOCKED_WITHIN_MS = 5;

  /** One follower sample against the host. */
  record Point(String follower, double t, double errorMs, boolean steady, double followerRate, double hostRate) {
    double rateRatio() {
      return followerRate / hostRate;
    }
  }

  /**
   * |error| statistics of a phase, in ms; for an action's phase also the settle time in ms (null
   * when some follower never settled) and the followers that never settled.
   */
  record Phase(String name, int samples, double p50, double p95, double max, Double settleMs,
      String lastToSettle, List<String> unsettled) {
  }

  record Result(double start, List<HostAction> actions, List<String> followers, String newHost,
      List<Phase> phases, Map<String, List<Point>> points, Map<String, List<Double>> steadySeeks,
      Point lowestRateRatio, Point highestRateRatio, int lockedSamples, int lockedAtHostRate,
      List<String> neverPlayed) {

    Phase phase(String name) {
      return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    int steadySeekCount() {
      return steadySeeks.values().stream().mapToInt(List::size).sum();
    }

    /** Session time in s (0 at the host's first action) of a wall time in ms. */
    double sessionSeconds(double t) {
      return (t - start) / 1000;
    }
  }

  static final String STEADY = "steady play";

  private final List<HostAction> actions;
  private final double hostLeftAt;
  private final List<Sample> reference = new ArrayList<>();
  private double[] referenceTimes;

  private SyncAnalysis(List<HostAction> actions, double hostLeftAt) {
    this.actions = actions.stream().sorted(Comparator.comparingDouble(HostAction::t)).toList();
    this.hostLeftAt = hostLeftAt;
  }

  /**
   * @param actions the host's actions, the first being its first play
   * @param hostLeftAt when the host page closed (also an action), or +infinity if it never did
   */
  static Result analyse(PageRecording host, List<PageRecording> followers, List<HostAction> actions, double hostLeftAt) {
    return new SyncAnalysis(actions, hostLeftAt).run(host, followers);
  }

  private Result run(PageRecording host, List<PageRecording> followers) {
    double start = actions.get(0).t();
    PageRecording newHost = newHost(followers);
    host.samples().stream().filter(s -> s.t() < hostLeftAt).forEach(reference::add);
    if (newHost != null) {
      newHost.samples().stream().filter(s -> s.t() >= hostLeftAt && "host".equals(s.role())).forEach(reference::add);
    }
    reference.sort(Comparator.comparingDouble(Sample::t));
    referenceTimes = reference.stream().mapToDouble(Sample::t).toArray();

    Map<String, List<Point>> points = new LinkedHashMap<>();
    Map<String, List<Double>> steadySeeks = new LinkedHashMap<>();
    List<String> neverPlayed = new ArrayList<>();
    for (PageRecording follower : followers) {
      double until = follower == newHost ? hostLeftAt : Double.POSITIVE_INFINITY;
      List<Point> own = new ArrayList<>();
      boolean played = false;
      for (Sample s : follower.samples()) {
        if (s.t() < start || s.t() >= until) {
          continue;
        }
        played |= !s.paused();
        Sample h = hostAt(s.t());
        if (h != null) {
          double error = (s.ct() - hostPosition(h, s.t())) * 1000;
          own.add(new Point(follower.name(), s.t(), error, steady(s.t(), h), s.rate(), h.rate()));
        }
      }
      points.put(follower.name(), own);
      if (!played) {
        neverPlayed.add(follower.name());
      }
      List<Double> seeks = new ArrayList<>();
      for (SeekEvent e : follower.seeks()) {
        Sample h = e.t() >= start && e.t() < until ? hostAt(e.t()) : null;
        if (h != null && steady(e.t(), h)) {
          seeks.add(e.t());
        }
      }
      steadySeeks.put(follower.name(), seeks);
    }

    List<Point> all = points.values().stream().flatMap(List::stream).toList();
    List<Phase> phases = new ArrayList<>();
    phases.add(stats(STEADY, all.stream().filter(Point::steady).toList()));
    for (String name : points.keySet()) {
      phases.add(stats(STEADY + ", " + name, points.get(name).stream().filter(Point::steady).toList()));
    }
    for (int i = 0; i < actions.size(); i++) {
      HostAction action = actions.get(i);
      double end = i + 1 < actions.size() ? actions.get(i + 1).t() : Double.POSITIVE_INFINITY;
      phases.add(actionPhase(action, end, points, newHost));
    }

    Point lowest = all.stream().min(Comparator.comparingDouble(Point::rateRatio)).orElse(null);
    Point highest = all.stream().max(Comparator.comparingDouble(Point::rateRatio)).orElse(null);
    List<Point> locked = all.stream().filter(p -> p.steady() && Math.abs(p.errorMs()) <= LOCKED_WITHIN_MS).toList();
    int atHostRate = (int) locked.stream().filter(p -> Math.abs(p.followerRate() - p.hostRate()) < 1e-9).count();
    return new Result(start, actions, followers.stream().map(PageRecording::name).toList(),
        newHost == null ? null : newHost.name(), phases, points, steadySeeks, lowest, highest, locked.size(),
        atHostRate, neverPlayed);
  }

  /** The follower that took the host's role first after the host left, if any did. */
  private PageRecording newHost(List<PageRecording> followers) {
    PageRecording first = null;
    double firstAt = Double.POSITIVE_INFINITY;
    for (PageRecording f : followers) {
      for (Sample s : f.samples()) {
        if (s.t() >= hostLeftAt && "host".equals(s.role()) && s.t() < firstAt) {
          first = f;
          firstAt = s.t();
          break;
        }
      }
    }
    return first;
  }

  private Phase actionPhase(HostAction action, double end, Map<String, List<Point>> points, PageRecording newHost) {
    List<Point> window = new ArrayList<>();
    Double settle = 0.0;
    String lastToSettle = null;
    List<String> unsettled = new ArrayList<>();
    for (Map.Entry<String, List<Point>> e : points.entrySet()) {
      if (newHost != null && e.getKey().equals(newHost.name()) && action.t() >= hostLeftAt) {
        continue;
      }
      List<Point> own = e.getValue().stream().filter(p -> p.t() >= action.t() && p.t() < end).toList();
      window.addAll(own);
      Double followerSettle = settleTime(own, action.t());
      if (followerSettle == null) {
        unsettled.add(e.getKey());
      } else if (followerSettle >= settle) {
        settle = followerSettle;
        lastToSettle = e.getKey();
      }
    }
    Phase stats = stats("after " + action.label(), window);
    return new Phase(stats.name(), stats.samples(), stats.p50(), stats.p95(), stats.max(),
        unsettled.isEmpty() ? settle : null, lastToSettle, unsettled);
  }

  /**
   * Time from the action until the follower is within 100 ms of the host and stays within it for
   * 500 ms (the samples must cover at least 400 ms of that), or null if it never does in its window.
   */
  static Double settleTime(List<Point> own, double actionT) {
    for (int j = 0; j < own.size(); j++) {
      Point candidate = own.get(j);
      if (Math.abs(candidate.errorMs()) > SETTLED_WITHIN_MS) {
        continue;
      }
      boolean stayed = true;
      double covered = candidate.t();
      for (int k = j + 1; k < own.size() && own.get(k).t() <= candidate.t() + SETTLED_FOR_MS; k++) {
        if (Math.abs(own.get(k).errorMs()) > SETTLED_WITHIN_MS) {
          stayed = false;
          break;
        }
        covered = own.get(k).t();
      }
      if (stayed && covered >= candidate.t() + SETTLED_FOR_MS - 100) {
        return candidate.t() - actionT;
      }
    }
    return null;
  }

  static Phase stats(String name, List<Point> points) {
    double[] errors = points.stream().mapToDouble(p -> Math.abs(p.errorMs())).sorted().toArray();
    return new Phase(name, errors.length, percentile(errors, 0.50), percentile(errors, 0.95),
        errors.length == 0 ? Double.NaN : errors[errors.length - 1], null, null, List.of());
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * The host's latest sample at most 150 ms before t, or null; also null when the host acted
   * between that sample and t, since the sample then no longer tells where the host is (a follower
   * quick to follow a seek would otherwise be measured against the position before it).
   */
  private Sample hostAt(double t) {
    int i = Arrays.binarySearch(referenceTimes, t);
    int latest = i >= 0 ? i : -i - 2;
    if (latest < 0) {
      return null;
    }
    Sample s = reference.get(latest);
    if (t - s.t() > HOST_SAMPLE_MAX_AGE_MS) {
      return null;
    }
    for (HostAction a : actions) {
      if (a.t() > s.t() && a.t() <= t) {
        return null;
      }
    }
    return s;
  }

  static double hostPosition(Sample host, double t) {
    boolean advancing = !host.paused() && !host.seeking();
    return advancing ? host.ct() + (t - host.t()) / 1000 * host.rate() : host.ct();
  }

  /** The host plays, and its latest action (the first play included) is at least 1.5 s old. */
  private boolean steady(double t, Sample host) {
    if (host.paused() || host.seeking()) {
      return false;
    }
    double latestAction = Double.NaN;
    for (HostAction a : actions) {
      if (a.t() <= t) {
        latestAction = a.t();
      }
    }
    return !Double.isNaN(latestAction) && t >= latestAction + ACTION_SETTLING_MS;
  }
}
