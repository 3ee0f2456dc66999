package watchparty.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
  @Test
  void defaultsComeFromConfJsonAsTheSeedHasThem() {
    ServiceConfig c = ServiceConfig.load(Map.of());
    assertEquals(8080, c.port());
    assertEquals(60_000, c.statusTtlMs());
    assertEquals(5, c.statusHistory());
    assertEquals(65_536, c.maxBodyBytes());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.eventLoops());
  }

  @Test
  void byDefaultNoAddressIsLimitedAndEveryUserIs() {
    // a load test from one address, or every client behind one proxy, is one address
    ServiceConfig c = ServiceConfig.load(Map.of());
    assertEquals(0, c.rateLimitPerAddress());
    assertEquals(50, c.rateLimitPerUser());
    assertFalse(c.trustedProxyRanges().contains("127.0.0.1"));
  }

  @Test
  void trustedProxiesAreAddressesAndCidrBlocksOfEitherFamily() {
    ServiceConfig c = ServiceConfig.load(Map.of("TRUSTED_PROXIES", "10.0.0.0/8,192.168.0.0/16,::1/128,127.0.0.1"));
    assertTrue(c.trustedProxyRanges().contains("10.20.30.40"));
    assertTrue(c.trustedProxyRanges().contains("0:0:0:0:0:0:0:1"));
    assertTrue(c.trustedProxyRanges().contains("127.0.0.1"));
    assertFalse(c.trustedProxyRanges().contains("127.0.0.2"));
  }

  @Test
  void aBadTrustedProxyStopsTheStartNamingTheVariableAndTheEntry() {
    for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/8,proxy.internal", "::1/129", "10.0.0/8"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("TRUSTED_PROXIES", bad)));
      assertTrue(e.getMessage().startsWith("TRUSTED_PROXIES (trustedProxies) must be comma-separated IP addresses or CIDR"),
          e.getMessage());
      String entry = bad.substring(bad.indexOf(',') + 1);
      assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }
  }

  @Test
  void sentinelAndClusterTakeTheirAddressesAsOneCommaSeparatedList() {
    ServiceConfig sentinel = ServiceConfig.load(Map.of("STORE", "redis", "REDIS_MODE", "sentinel",
        "REDIS_URL", "redis://s1:26379, redis://:secret@s2:26379", "REDIS_MASTER_NAME", "films", "REDIS_WAIT_REPLICAS", "1"));
    assertEquals(java.util.List.of("redis://s1:26379", "redis://:secret@s2:26379"), sentinel.redisUrls());
    assertEquals("films", sentinel.redisMasterName());
    assertEquals(1, sentinel.redisWaitReplicas());
    assertFalse(sentinel.describe().contains("secret"), "passwords are masked in every address: " + sentinel.describe());

    ConfigException two = assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of(
        "REDIS_URL", "redis://a:6379,redis://b:6379")));
    assertTrue(two.getMessage().contains("REDIS_MODE=standalone takes one"), two.getMessage());
    ConfigException mode = assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("REDIS_MODE", "replicated")));
    assertTrue(mode.getMessage().contains("REDIS_MODE"), mode.getMessage());
    ConfigException scheme = assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("REDIS_MODE", "cluster",
        "REDIS_URL", "redis://a:7000,b:7001")));
    assertTrue(scheme.getMessage().startsWith("REDIS_URL (redisUrl) must be redis://"), scheme.getMessage());
  }

  @Test
  void environmentOverridesTheFile() {
    ServiceConfig c = ServiceConfig.load(Map.of("PORT", "9090", "STATUS_TTL_MS", "5000", "STATUS_HISTORY", "3",
        "MAX_BODY_BYTES", "1024", "INSTANCES", "4"));
    assertEquals(9090, c.port());
    assertEquals(5000, c.statusTtlMs());
    assertEquals(3, c.statusHistory());
    assertEquals(1024, c.maxBodyBytes());
    assertEquals(4, c.eventLoops());
  }

  @Test
  void theStoreIsMemoryUnlessRedisIsChosenWithAUsableUrl() {
    assertEquals(false, ServiceConfig.load(Map.of()).usesRedis());
    ServiceConfig redis = ServiceConfig.load(Map.of("STORE", "redis", "REDIS_URL", "redis://:s3cret@cache:6380/2"));
    assertTrue(redis.usesRedis());
    assertTrue(redis.describe().contains("redis://***@cache:6380/2"), "the password never reaches the log");
    assertTrue(assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("STORE", "disk")))
        .getMessage().startsWith("STORE"));
    ConfigException bad = assertThrows(ConfigException.class,
        () -> ServiceConfig.load(Map.of("REDIS_URL", "http://:pw@cache:6379")));
    assertTrue(bad.getMessage().startsWith("REDIS_URL") && !bad.getMessage().contains("pw"), bad.getMessage());
  }

  @Test
  void aBadValueIsRefusedByName() {
    assertTrue(assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("PORT", "eighty")))
        .getMessage().startsWith("PORT"));
    assertTrue(assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("STATUS_TTL_MS", "-1")))
        .getMessage().startsWith("STATUS_TTL_MS"));
    assertTrue(assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("MAX_BODY_BYTES", "")))
        .getMessage().startsWith("MAX_BODY_BYTES"));
    assertTrue(assertThrows(ConfigException.class, () -> ServiceConfig.load(Map.of("CONFIG_FILE", "/nonexistent.json")))
        .getMessage().contains("/nonexistent.json"));
  }

  @Test
  void heartbeatsMustComeMoreOftenThanTheIdleTimeoutClosesAConnection() {
    ConfigException slow = assertThrows(ConfigException.class,
        () -> ServiceConfig.load(Map.of("HEARTBEAT_INTERVAL_MS", "30000", "IDLE_TIMEOUT_MS", "30000")));
    assertTrue(slow.getMessage().startsWith("HEARTBEAT_INTERVAL_MS (30000) must be below IDLE_TIMEOUT_MS (30000)"),
        slow.getMessage());
    assertEquals(29_999, ServiceConfig.load(Map.of("HEARTBEAT_INTERVAL_MS", "29999", "IDLE_TIMEOUT_MS", "30000"))
        .heartbeatIntervalMs());
  }
}
