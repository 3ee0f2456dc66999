package watchparty.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered, by route, method and status, and their response time, for one event loop's
 * front door. The meters of each (route, method, status) are looked up in the registry once and
 * kept here: a registry lookup per request was most of what metrics cost. Used from one event
 * loop only; the meters themselves are shared by every loop through the registry.
 *
 * <p>Named as Vert.x's own HTTP server metrics were, so that dashboards built on them still work.
 */
public final class HttpRequestMetrics {
  static final String REQUESTS = "vertx.http.server.requests";
  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  static final String ACTIVE = "vertx.http.server.active.requests";
  /** The methods labelled by name; any other is "other", so a client cannot mint label values. */
  private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "other"};
  /** 0.25 ms to 5 s: a request on loopback takes about a millisecond, a stalled loop shows up to seconds. */
  private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
      Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5)};

  /** Records nothing: for a service built without metrics. */
  static final HttpRequestMetrics NONE = new HttpRequestMetrics(null, new LongAdder());

  private final MeterRegistry registry;
  private final LongAdder active;
  /** Per route label, then per method and status. */
  private final HashMap<String, HashMap<Integer, Meters>> byRoute = new HashMap<>();

  private record Meters(Counter requests, Timer responseTime) {}

  HttpRequestMetrics(MeterRegistry registry, LongAdder active) {
    this.registry = registry;
    this.active = active;
  }

  /** A request begun: counted as active until {@link #ended} or {@link #abandoned}. */
  public void begun() {
    if (registry != null) {
      active.increment();
    }
  }

  /** A request answered with status after nanos since it began. */
  public void ended(String route, String method, int status, long nanos) {
    if (registry == null) {
      return;
    }
    active.decrement();
    int methodIndex = methodIndex(method);
    Integer key = methodIndex << 10 | (status & 0x3ff);
    HashMap<Integer, Meters> byKey = byRoute.computeIfAbsent(route, r -> new HashMap<>());
    Meters meters = byKey.get(key);
    if (meters == null) {
      meters = register(route, METHODS[methodIndex], status);
      byKey.put(key, meters);
    }
    meters.requests.increment();
    meters.responseTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A request whose connection closed before it was answered. */
  public void abandoned() {
    if (registry != null) {
      active.decrement();
    }
  }

  private Meters register(String route, String method, int status) {
    String code = Integer.toString(status);
    Counter requests = Counter.builder(REQUESTS).description("requests answered")
        .tag("route", route).tag("method", method).tag("code", code).register(registry);
    Timer responseTime = Timer.builder(RESPONSE_TIME).description("time from a request begun to its answer written")
        .tag("route", route).tag("method", method).tag("code", code)
        .serviceLevelObjectives(BUCKETS).register(registry);
    return new Meters(requests, responseTime);
  }

  static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length - 1; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length - 1;
  }
}
