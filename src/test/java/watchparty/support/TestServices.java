package watchparty.support;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
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

  /** The defaults of conf/config.json, on loopback, two event loops, quick expiry and shutdown. */
  public static ServiceConfig config(int port) {
    return config(port, Map.of());
  }

  /** The same, with more settings given as their environment variables. */
  public static ServiceConfig config(int port, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(Map.of("HOST", "127.0.0.1", "PORT", Integer.toString(port),
        "INSTANCES", "2", "EXPIRY_INTERVAL_MS", "20", "SHUTDOWN_TIMEOUT_MS", "2000", "REDIS_TIMEOUT_MS", "500",
        "REDIS_POOL_SIZE", "16"));
    env.putAll(settings);
    return ServiceConfig.load(env);
  }

  /** The store in Redis at url. */
  public static ServiceConfig redis(int port, String url) {
    return config(port, Map.of("STORE", "redis", "REDIS_URL", url));
  }

  public static Service start(Vertx vertx, ServiceConfig config, Clock clock) throws Exception {
    return Service.start(vertx, config, clock).await(10, TimeUnit.SECONDS);
  }
}
