package watchparty.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private long now = 1_000;

  @Test
  void aBurstPassesThenTheRateAndTheWaitIsTold() {
    RateLimiter limiter = new RateLimiter(() -> now, 10, 3);
    assertEquals(0, limiter.take("a"));
    assertEquals(0, limiter.take("a"));
    assertEquals(0, limiter.take("a"));
    assertEquals(100, limiter.take("a"), "one token every 100 ms");
    assertEquals(0, limiter.take("b"), "each key has its own bucket");
    now += 100;
    assertEquals(0, limiter.take("a"));
    assertTrue(limiter.take("a") > 0);
  }

  @Test
  void idleBucketsAreForgottenAndARateOfZeroIsOff() {
    RateLimiter limiter = new RateLimiter(() -> now, 10, 3);
    limiter.take("a");
    now += 1000;
    limiter.forgetIdle();
    assertEquals(0, limiter.size());
    RateLimiter off = new RateLimiter(() -> now, 0, 0);
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, off.take("a"));
    }
  }

  @Test
  void forwardedForIsBelievedOnlyFromTrustedProxies() {
    Set<String> proxies = Set.of("10.0.0.1", "10.0.0.2");
    assertEquals("203.0.113.9", RateLimiter.clientAddress("203.0.113.9", "1.2.3.4", proxies), "not a proxy: ignored");
    assertEquals("198.51.100.7", RateLimiter.clientAddress("10.0.0.1", "1.2.3.4, 198.51.100.7", proxies),
        "the right-most hop the proxy saw, not what the client wrote first");
    assertEquals("198.51.100.7", RateLimiter.clientAddress("10.0.0.1", "198.51.100.7, 10.0.0.2", proxies));
    assertEquals("10.0.0.1", RateLimiter.clientAddress("10.0.0.1", null, proxies));
  }
}
