package watchparty.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A run from start to summary: checks the target answers, starts one Vert.x event loop per
 * {@code --loops} with its share of the rooms, prints a progress line every {@code --progress},
 * stops after the ramp and the duration, then prints the table, writes the JSON and checks the
 * thresholds. The calling thread only waits and reports; the loops do the work.
 */
public final class Simulation {
  /** A threshold broken, as k6 exits. */
  public static final int THRESHOLD_BROKEN = 99;
  /** Nothing reachable or nothing answered. */
  public static final int COULD_NOT_RUN = 1;

  private static final long MS = 1_000_000L;

  private Simulation() {
  }

  public static int run(SimulationOptions o, PrintStream out, PrintStream err) throws Exception {
    // closing the clients evicts every connect still pending against an overloaded target, each with a warning
    java.util.logging.Logger.getLogger("io.vertx.core.http.impl.HttpClientConnectionInternal")
        .setLevel(java.util.logging.Level.SEVERE);
    Target target = Target.of(o.url());
    Plan plan = Plan.of(runId(), o.rooms(), o.roomSize(), o.viewers(), o.mode(), o.rampMillis());
    RunMetrics metrics = new RunMetrics();
    // the loops are all the simulator's work; the worker pools are never used
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.loops()).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1).setPreferNativeTransport(true).setDisableTCCL(true));
    try {
      String unreachable = probe(vertx, target, plan, o.timeoutMillis());
      if (unreachable != null) {
        err.println("simulate: cannot run against " + o.url() + ": " + unreachable);
        return COULD_NOT_RUN;
      }
      SimulationClock clock = SimulationClock.now();
      JsonFactory json = new JsonFactory();
      List<SimulationLoop> loops = new ArrayList<>();
      for (int i = 0; i < o.loops(); i++) {
        loops.add(new SimulationLoop(o, target, metrics, clock, json));
      }
      for (Plan.RoomPlan room : plan.rooms()) {
        loops.get(room.index() % loops.size()).own(room);
      }
      for (SimulationLoop loop : loops) {
        // each deployment takes the next event loop in turn: one loop each
        vertx.deployVerticle(loop).await(30, TimeUnit.SECONDS);
      }
      err.println("simulate: " + o.describe() + " against " + o.url());
      long start = System.nanoTime() + 50 * MS;
      for (SimulationLoop loop : loops) {
        loop.beginOnLoop(start);
      }
      long end = start + (o.rampMillis() + o.durationMillis()) * MS;
      RunMetrics.Totals totals = metrics.totals();
      report(o, plan, metrics, totals, start, end, err);

      Summary.Sockets sockets = new Summary.Sockets(metrics.webSockets().get(), metrics.httpConnections().get(),
          plan.viewers(), metrics.viewersStarted().get(), plan.count(Plan.Mode.LIVE));
      double elapsed = (System.nanoTime() - start) / 1e9;
      metrics.stopping();
      List<Future<Void>> ends = new ArrayList<>();
      for (SimulationLoop loop : loops) {
        ends.add(loop.endOnLoop());
      }
      try {
        Future.join(ends).await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("simulate: sockets still closing after 10 s; summarising anyway");
      }
      totals.collect();
      Summary summary = totals.summary(elapsed, sockets);
      List<Threshold.Result> results = new ArrayList<>();
      for (Threshold t : o.thresholds()) {
        results.add(t.check(summary));
      }
      out.print(Tables.summary(o, summary, results));
      out.flush();
      if (o.json() != null) {
        write(o, summary, results, err);
      }
      if (summary.operations() == 0) {
        err.println("simulate: nothing answered: " + summary.errorsByKind());
        return COULD_NOT_RUN;
      }
      return results.stream().allMatch(Threshold.Result::passed) ? 0 : THRESHOLD_BROKEN;
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the process is ending or the test moves on: nothing depends on an orderly close
      }
    }
  }

  /** Waits out the run, printing a line each progress interval. */
  private static void report(SimulationOptions o, Plan plan, RunMetrics metrics, RunMetrics.Totals totals, long start,
      long end, PrintStream err) throws InterruptedException {
    long every = o.progressMillis() * MS;
    long last = start;
    long messages = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      long next = every > 0 ? Math.min(end, last + every) : end;
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - now));
      if (every > 0 && next < end) {
        java.util.Map<Metric, Histogram> interval = totals.collect();
        long received = metrics.messagesReceived();
        err.println(Tables.progress((next - start) / 1e9, (next - last) / 1e9, interval,
            metrics.viewersStarted().get(), plan.viewers(),
            metrics.webSockets().get() + metrics.httpConnections().get(), received - messages, metrics.errorTotal(),
            metrics.reconnectTotal()));
        messages = received;
        last = next;
      }
    }
  }

  private static void write(SimulationOptions o, Summary summary, List<Threshold.Result> results, PrintStream err)
      throws IOException {
    Files.writeString(o.json(), SummaryJson.write(SummaryJson.of(o, summary, results)) + "\n");
    err.println("simulate: summary written to " + o.json());
  }

  /** Null when a room read is answered 200, else why not: before any viewer starts, so a wrong URL fails fast. */
  private static String probe(Vertx vertx, Target target, Plan plan, long timeoutMillis) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(target.ssl())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    try {
      String room = plan.rooms().get(0).code();
      int status = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
              .setPort(target.port()).setURI(target.path("/api/player/status") + "?roomCode=" + room)
              .setIdleTimeout(timeoutMillis))
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .await(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
      return status == 200 ? null : "GET /api/player/status answered " + status;
    } catch (Exception e) {
      return ErrorKinds.of(e) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    } finally {
      client.close();
    }
  }

  /** Four random characters that keep this run's rooms apart from another run's within the retention window. */
  static String runId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
