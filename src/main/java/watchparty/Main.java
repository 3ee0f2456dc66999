package watchparty;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import sun.misc.Signal;
import watchparty.config.ConfigException;
import watchparty.config.ServiceConfig;
import watchparty.logs.Logs;
import watchparty.metrics.ServiceMetrics;
import watchparty.simulate.SimulateCommand;
import watchparty.time.Clock;

/**
 * Starts the service; on SIGTERM or SIGINT drains it and exits 0. A bad setting exits 2.
 * {@code simulate ...} runs the watch-party simulator against a service instead.
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger("watchparty");

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("simulate")) {
      // the watch-party simulator ships in the same jar, so that load tests need nothing else
      System.exit(SimulateCommand.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
      return;
    }
    ServiceConfig config;
    try {
      config = ServiceConfig.load(System.getenv());
    } catch (ConfigException e) {
      System.err.println("player-status: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logs.configure(config.logFormat().equals("json"));
    // per-task bookkeeping the service never reads
    System.setProperty("vertx.disableContextTimings", "true");
    ServiceMetrics metrics = config.metricsEnabled() ? ServiceMetrics.create() : ServiceMetrics.NONE;
    Vertx vertx = metrics.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setDisableTCCL(true)
        .setPreferNativeTransport(true));
    Service service;
    try {
      service = Service.start(vertx, config, Clock.SYSTEM, metrics).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("player-status: cannot start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    LOG.info("player-status listening on " + config.host() + ":" + config.port() + " (" + config.describe()
        + " transport=" + (vertx.isNativeTransportEnabled() ? "epoll" : "nio") + ")");

    CountDownLatch signalled = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), sig -> signalled.countDown());
    Signal.handle(new Signal("INT"), sig -> signalled.countDown());
    signalled.await();
    LOG.info("player-status shutting down: finishing requests in flight");
    try {
      service.stop().await(config.shutdownTimeoutMs() + 5000, TimeUnit.MILLISECONDS);
      LOG.info("player-status stopped");
    } catch (Exception e) {
      LOG.warning("player-status stopped before every request finished: " + e);
    }
    // the process ends here: the in-memory state goes with it, so Vert.x needs no orderly close
    System.exit(0);
  }
}
