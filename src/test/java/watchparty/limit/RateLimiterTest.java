package watchparty.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.1,10.0.0.2");
    assertEquals("203.0.113.9", RateLimiter.clientAddress("203.0.113.9", "1.2.3.4", proxies), "not a proxy: ignored");
    assertEquals("198.51.100.7", RateLimiter.clientAddress("10.0.0.1", "1.2.3.4, 198.51.100.7", proxies),
        "the right-most hop the proxy saw, not what the client wrote first");
    assertEquals("198.51.100.7", RateLimiter.clientAddress("10.0.0.1", "198.51.100.7, 10.0.0.2", proxies));
    assertEquals("10.0.0.1", RateLimiter.clientAddress("10.0.0.1", null, proxies));
  }

  @Test
  void everyAddressOfATrustedBlockIsAProxyHop() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8,fd00::/8");
    assertEquals("198.51.100.7", RateLimiter.clientAddress("10.3.0.1", "198.51.100.7, 10.9.9.9, fd00::5", proxies),
        "hops inside the blocks are stepped over");
    assertEquals("2001:db8::7", RateLimiter.clientAddress("fd00::1", "2001:db8::7", proxies));
    assertEquals("11.0.0.1", RateLimiter.clientAddress("11.0.0.1", "198.51.100.7", proxies), "outside: not a proxy");
    assertEquals("10.0.0.1", RateLimiter.clientAddress("10.0.0.1", "10.0.0.2, 10.0.0.3", proxies),
        "only proxies: the peer itself");
  }
}
