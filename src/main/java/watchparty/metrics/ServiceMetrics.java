package watchparty.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import watchparty.store.Loops;

/**
 * What operators see at /metrics (Prometheus): requests by route, method and status with latency
 * histograms, Vert.x's own event-bus and pool metrics, and the service's: rooms, users and
 * statuses held, open live connections, messages fanned out, store errors, requests refused by
 * reason. Micrometer's
 * meters are thread-safe, so each event loop updates them directly.
 */
public final class ServiceMetrics {
  /** A no-op instance for services built without metrics (tests, benchmarks of the core). */
  public static final ServiceMetrics NONE = new ServiceMetrics(null);

  private final PrometheusMeterRegistry registry;
  private final Counter fannedOut;
  private final Counter storeErrors;
  private final Timer fanOut;
  private final ConcurrentHashMap<String, Counter> refused = new ConcurrentHashMap<>();
  private final AtomicLong sockets = new AtomicLong();
  private final LongAdder activeRequests = new LongAdder();

  private ServiceMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      fannedOut = null;
      storeErrors = null;
      fanOut = null;
      return;
    }
    fannedOut = Counter.builder("watchparty.live.messages.sent").description("messages written to live connections")
        .register(registry);
    storeErrors = Counter.builder("watchparty.store.errors").description("requests the store could not answer")
        .register(registry);
    // buckets of 0.1 ms to 1 s: delivery on loopback is sub-millisecond, a stalled loop shows up to 1 s
    fanOut = Timer.builder("watchparty.live.fanout")
        .description("from a status accepted by the store to the last live listener's write of it issued")
        .serviceLevelObjectives(FANOUT_BUCKETS).register(registry);
    Gauge.builder(HttpRequestMetrics.ACTIVE, activeRequests, LongAdder::sum)
        .description("requests begun and not yet answered").register(registry);
    Gauge.builder("watchparty.live.connections", sockets, AtomicLong::get).description("open WebSocket and SSE connections")
        .register(registry);
  }

  private static final Duration[] FANOUT_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1)};

  /** Vert.x registers some pool gauges once per pool and Micrometer warns of the repeats: noise. */
  private static final java.util.logging.Logger REPEATS = java.util.logging.Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  /** A new registry with the service's meters on it. */
  public static ServiceMetrics create() {
    REPEATS.setLevel(java.util.logging.Level.SEVERE);
    return new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * A Vert.x instance whose own metrics (event bus, worker pools, verticles) feed the registry.
   * Its per-connection and per-request metrics stay off: requests are counted by the front door
   * ({@link #httpRequests}), at a fraction of the cost.
   */
  public Vertx vertx(VertxOptions options) {
    if (registry == null) {
      return Vertx.vertx(options);
    }
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    for (MetricsDomain perConnection : PER_CONNECTION) {
      metricsOptions.addDisabledMetricsCategory(perConnection);
    }
    options.setMetricsOptions(metricsOptions);
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  private static final EnumSet<MetricsDomain> PER_CONNECTION = EnumSet.of(MetricsDomain.HTTP_SERVER,
      MetricsDomain.HTTP_CLIENT, MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT, MetricsDomain.DATAGRAM_SOCKET);

  /** The request meters for one event loop's front door; records nothing without metrics. */
  public HttpRequestMetrics httpRequests() {
    return registry == null ? HttpRequestMetrics.NONE : new HttpRequestMetrics(registry, activeRequests);
  }

  public boolean enabled() {
    return registry != null;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry == null ? "" : registry.scrape();
  }

  /** A gauge read from the service when scraped (rooms, users, statuses held). */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    if (registry != null) {
      Gauge.builder(name, source, value).description(description).register(registry);
    }
  }

  public void fannedOut() {
    if (fannedOut != null) {
      fannedOut.increment();
    }
  }

  /** Records each event's fan-out time into the histogram; empty without metrics. */
  public Optional<Loops.FanOutTimer> fanOutTimer() {
    Timer timer = fanOut;
    return timer == null ? Optional.empty() : Optional.of(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
  }

  public void storeError() {
    if (storeErrors != null) {
      storeErrors.increment();
    }
  }

  /** A request refused, by reason: invalid, too_large, rate_limited, cap, not_found, ... */
  public void refused(String reason) {
    if (registry != null) {
      refused.computeIfAbsent(reason, r -> Counter.builder("watchparty.requests.refused").tag("reason", r)
          .description("requests refused, by reason").register(registry)).increment();
    }
  }

  public void socketOpened() {
    sockets.incrementAndGet();
  }

  public void socketClosed() {
    sockets.decrementAndGet();
  }
}
