package watchparty.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import watchparty.limit.TrustedProxies;
import watchparty.sync.SyncPolicy;

/**
 * The service's settings: defaults from conf/config.json (or the copy inside the jar), each
 * overridden by its environment variable. Every value is checked here, so a bad one stops the
 * start with a message naming it instead of failing later under load.
 *
 * @param instances event loops, each serving HTTP and owning one shard of rooms (0: one per core)
 */
public record ServiceConfig(
    String host,
    int port,
    int instances,
    long statusTtlMs,
    int statusHistory,
    int maxBodyBytes,
    long expiryIntervalMs,
    long shutdownTimeoutMs,
    long heartbeatIntervalMs,
    int liveQueueBytes,
    long syncDeadBandMs,
    long syncSeekThresholdMs,
    int syncRateNudgePercent,
    String store,
    String redisUrl,
    long redisTimeoutMs,
    int redisPoolSize,
    String redisMode,
    String redisMasterName,
    int redisWaitReplicas,
    long idleTimeoutMs,
    int maxHeaderBytes,
    int maxRooms,
    int maxUsers,
    int maxUsersPerRoom,
    int maxSockets,
    long rateLimitPerAddress,
    long rateLimitPerUser,
    String trustedProxies,
    boolean metricsEnabled,
    String logFormat,
    boolean accessLog) {

  /** JSON key and the environment variable that overrides it. */
  private static final Map<String, String> ENV = new LinkedHashMap<>();

  static {
    ENV.put("host", "HOST");
    ENV.put("port", "PORT");
    ENV.put("instances", "INSTANCES");
    ENV.put("statusTtlMs", "STATUS_TTL_MS");
    ENV.put("statusHistory", "STATUS_HISTORY");
    ENV.put("maxBodyBytes", "MAX_BODY_BYTES");
    ENV.put("expiryIntervalMs", "EXPIRY_INTERVAL_MS");
    ENV.put("shutdownTimeoutMs", "SHUTDOWN_TIMEOUT_MS");
    ENV.put("heartbeatIntervalMs", "HEARTBEAT_INTERVAL_MS");
    ENV.put("liveQueueBytes", "LIVE_QUEUE_BYTES");
    ENV.put("syncDeadBandMs", "SYNC_DEAD_BAND_MS");
    ENV.put("syncSeekThresholdMs", "SYNC_SEEK_THRESHOLD_MS");
    ENV.put("syncRateNudgePercent", "SYNC_RATE_NUDGE_PERCENT");
    ENV.put("store", "STORE");
    ENV.put("redisUrl", "REDIS_URL");
    ENV.put("redisTimeoutMs", "REDIS_TIMEOUT_MS");
    ENV.put("redisPoolSize", "REDIS_POOL_SIZE");
    ENV.put("redisMode", "REDIS_MODE");
    ENV.put("redisMasterName", "REDIS_MASTER_NAME");
    ENV.put("redisWaitReplicas", "REDIS_WAIT_REPLICAS");
    ENV.put("idleTimeoutMs", "IDLE_TIMEOUT_MS");
    ENV.put("maxHeaderBytes", "MAX_HEADER_BYTES");
    ENV.put("maxRooms", "MAX_ROOMS");
    ENV.put("maxUsers", "MAX_USERS");
    ENV.put("maxUsersPerRoom", "MAX_USERS_PER_ROOM");
    ENV.put("maxSockets", "MAX_SOCKETS");
    ENV.put("rateLimitPerAddress", "RATE_LIMIT_PER_ADDRESS");
    ENV.put("rateLimitPerUser", "RATE_LIMIT_PER_USER");
    ENV.put("trustedProxies", "TRUSTED_PROXIES");
    ENV.put("metricsEnabled", "METRICS_ENABLED");
    ENV.put("logFormat", "LOG_FORMAT");
    ENV.put("accessLog", "ACCESS_LOG");
  }

  /** Event loops to run: the configured count, or one per core. */
  public int eventLoops() {
    return instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
  }

  /** Reads CONFIG_FILE, else conf/config.json, else the jar's copy; then the environment. */
  public static ServiceConfig load(Map<String, String> env) {
    JsonNode file = readDefaults(env.get("CONFIG_FILE"));
    Values v = new Values(file, env);
    return new ServiceConfig(
        v.text("host"),
        (int) v.number("port", 0, 65535),
        (int) v.number("instances", 0, 1024),
        v.number("statusTtlMs", 1000, 7L * 24 * 3600 * 1000),
        (int) v.number("statusHistory", 1, 1000),
        (int) v.number("maxBodyBytes", 256, 64L * 1024 * 1024),
        v.number("expiryIntervalMs", 10, 3_600_000),
        v.number("shutdownTimeoutMs", 0, 600_000),
        v.number("heartbeatIntervalMs", 100, 3_600_000),
        (int) v.number("liveQueueBytes", 1024, 64L * 1024 * 1024),
        v.number("syncDeadBandMs", 0, 60_000),
        v.number("syncSeekThresholdMs", 0, 3_600_000),
        (int) v.number("syncRateNudgePercent", 1, 50),
        v.choice("store", "memory", "redis"),
        v.text("redisUrl"),
        v.number("redisTimeoutMs", 10, 60_000),
        (int) v.number("redisPoolSize", 1, 1024),
        v.choice("redisMode", "standalone", "sentinel", "cluster"),
        v.text("redisMasterName"),
        (int) v.number("redisWaitReplicas", 0, 16),
        v.number("idleTimeoutMs", 1000, 3_600_000),
        (int) v.number("maxHeaderBytes", 1024, 1024 * 1024),
        (int) v.number("maxRooms", 1, Integer.MAX_VALUE),
        (int) v.number("maxUsers", 1, Integer.MAX_VALUE),
        (int) v.number("maxUsersPerRoom", 1, Integer.MAX_VALUE),
        (int) v.number("maxSockets", 1, Integer.MAX_VALUE),
        v.number("rateLimitPerAddress", 0, 10_000_000),
        v.number("rateLimitPerUser", 0, 1_000_000),
        v.optionalText("trustedProxies"),
        v.choice("metricsEnabled", "true", "false").equals("true"),
        v.choice("logFormat", "text", "json"),
        v.choice("accessLog", "true", "false").equals("true"))
        .checked();
  }

  /** The proxies whose X-Forwarded-For is believed: the addresses and CIDR blocks of TRUSTED_PROXIES. */
  public TrustedProxies trustedProxyRanges() {
    return TrustedProxies.parse(trustedProxies);
  }

  /** REDIS_URL's addresses: the server; or the sentinels; or the cluster's seed nodes. */
  public java.util.List<String> redisUrls() {
    return java.util.Arrays.stream(redisUrl.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }

  public boolean usesRedis() {
    return store.equals("redis");
  }

  private ServiceConfig checked() {
    for (String url : redisUrls()) {
      if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
        throw new ConfigException("REDIS_URL (redisUrl) must be redis://[:password@]host:port[/db] or rediss://..."
            + " (comma-separated for Sentinel and Cluster), got '" + masked(redisUrl) + "'");
      }
    }
    if (redisMode.equals("standalone") && redisUrls().size() != 1) {
      throw new ConfigException("REDIS_URL (redisUrl) names " + redisUrls().size() + " servers: REDIS_MODE=standalone "
          + "takes one (sentinel: the sentinels' addresses; cluster: seed nodes)");
    }
    if (heartbeatIntervalMs >= idleTimeoutMs) {
      // a live connection that only receives heartbeats would be closed as idle between two of them
      throw new ConfigException("HEARTBEAT_INTERVAL_MS (" + heartbeatIntervalMs + ") must be below IDLE_TIMEOUT_MS ("
          + idleTimeoutMs + ")");
    }
    try {
      trustedProxyRanges();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("TRUSTED_PROXIES (trustedProxies) must be comma-separated IP addresses or CIDR blocks "
          + "(10.0.0.0/8,::1/128): " + e.getMessage());
    }
    if (syncSeekThresholdMs < syncDeadBandMs) {
      throw new ConfigException("SYNC_SEEK_THRESHOLD_MS (" + syncSeekThresholdMs + ") must not be below SYNC_DEAD_BAND_MS ("
          + syncDeadBandMs + ")");
    }
    return this;
  }

  /** The drift correction these settings describe. */
  public SyncPolicy syncPolicy() {
    return new SyncPolicy(syncDeadBandMs, syncSeekThresholdMs, syncRateNudgePercent / 100.0);
  }

  private static JsonNode readDefaults(String configFile) {
    ObjectMapper json = new ObjectMapper();
    try {
      if (configFile != null && !configFile.isBlank()) {
        return json.readTree(Files.readAllBytes(Path.of(configFile)));
      }
      Path local = Path.of("conf", "config.json");
      if (Files.isRegularFile(local)) {
        return json.readTree(Files.readAllBytes(local));
      }
      try (InputStream in = ServiceConfig.class.getResourceAsStream("/config.json")) {
        if (in == null) {
          throw new ConfigException("no conf/config.json and none inside the jar");
        }
        return json.readTree(in);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read the configuration file " + (configFile != null ? configFile : "conf/config.json")
          + ": " + e.getMessage());
    }
  }

  /** Looks each key up in the environment first, then in the file. */
  private record Values(JsonNode file, Map<String, String> env) {
    String raw(String key) {
      String fromEnv = env.get(ENV.get(key));
      if (fromEnv != null) {
        return fromEnv.trim();
      }
      JsonNode node = file.get(key);
      if (node == null || node.isNull()) {
        throw new ConfigException(ENV.get(key) + " (" + key + ") is not set");
      }
      return node.asText().trim();
    }

    String choice(String key, String... allowed) {
      String s = raw(key).toLowerCase(Locale.ROOT);
      for (String a : allowed) {
        if (a.equals(s)) {
          return s;
        }
      }
      throw new ConfigException(ENV.get(key) + " (" + key + ") must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    }

    String optionalText(String key) {
      String fromEnv = env.get(ENV.get(key));
      JsonNode node = file.get(key);
      return fromEnv != null ? fromEnv.trim() : node == null || node.isNull() ? "" : node.asText().trim();
    }

    String text(String key) {
      String s = raw(key);
      if (s.isEmpty()) {
        throw new ConfigException(ENV.get(key) + " (" + key + ") must not be empty");
      }
      return s;
    }

    long number(String key, long min, long max) {
      String s = raw(key);
      long value;
      try {
        value = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new ConfigException(ENV.get(key) + " (" + key + ") must be a whole number, got '" + s + "'");
      }
      if (value < min || value > max) {
        throw new ConfigException(ENV.get(key) + " (" + key + ") must be from " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }

  /** One line for the start-up log. */
  public String describe() {
    return "host=" + host + " port=" + port + " eventLoops=" + eventLoops() + " statusTtlMs=" + statusTtlMs
        + " statusHistory=" + statusHistory + " maxBodyBytes=" + maxBodyBytes + " expiryIntervalMs=" + expiryIntervalMs
        + " shutdownTimeoutMs=" + shutdownTimeoutMs + " heartbeatIntervalMs=" + heartbeatIntervalMs
        + " liveQueueBytes=" + liveQueueBytes + " syncDeadBandMs=" + syncDeadBandMs + " syncSeekThresholdMs="
        + syncSeekThresholdMs + " syncRateNudgePercent=" + syncRateNudgePercent + " store=" + store
        + " idleTimeoutMs=" + idleTimeoutMs + " maxHeaderBytes=" + maxHeaderBytes + " maxRooms=" + maxRooms
        + " maxUsers=" + maxUsers + " maxUsersPerRoom=" + maxUsersPerRoom + " maxSockets=" + maxSockets
        + " rateLimitPerAddress=" + rateLimitPerAddress + " rateLimitPerUser=" + rateLimitPerUser
        + " trustedProxies=" + trustedProxies + " metricsEnabled=" + metricsEnabled + " logFormat=" + logFormat
        + " accessLog=" + accessLog
        + (usesRedis() ? " redisUrl=" + masked(redisUrl) + " redisTimeoutMs=" + redisTimeoutMs + " redisPoolSize=" + redisPoolSize
            + " redisMode=" + redisMode + (redisMode.equals("sentinel") ? " redisMasterName=" + redisMasterName : "")
            + " redisWaitReplicas=" + redisWaitReplicas : "");
  }

  /** The URL (or comma-separated URLs) with any password replaced, for logs and messages. */
  static String masked(String url) {
    return url.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://)[^@/,]*@", "$1***@");
  }
}
