package watchparty.support;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import watchparty.Service;
import watchparty.config.ServiceConfig;
import watchparty.time.Clock;

/** Starts the real service on a free loopback port for end-to-end tests. */
public final class TestServices {
  private TestServices() {
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ServiceConfig config(int port) {
    return new ServiceConfig("127.0.0.1", port, 2, 60_000, 5, 65_536, 20, 2_000, 15_000, 262_144, 500, 3_000, 5, "memory",
        "redis://127.0.0.1:6379", 2_000, 16);
  }

  /** The same settings, with the store in Redis at url. */
  public static ServiceConfig redis(ServiceConfig c, String url) {
    return new ServiceConfig(c.host(), c.port(), c.instances(), c.statusTtlMs(), c.statusHistory(), c.maxBodyBytes(),
        c.expiryIntervalMs(), c.shutdownTimeoutMs(), c.heartbeatIntervalMs(), c.liveQueueBytes(), c.syncDeadBandMs(),
        c.syncSeekThresholdMs(), c.syncRateNudgePercent(), "redis", url, 500, 16);
  }

  public static Service start(Vertx vertx, ServiceConfig config, Clock clock) throws Exception {
    return Service.start(vertx, config, clock).await(10, TimeUnit.SECONDS);
  }
}
