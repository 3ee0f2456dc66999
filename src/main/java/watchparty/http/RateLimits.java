package watchparty.http;

import io.vertx.core.http.HttpServerRequest;
import watchparty.limit.RateLimiter;
import watchparty.limit.TrustedProxies;
import watchparty.time.Clock;

/**
 * The request budgets of one event loop: per client address, and per user for statuses. Each
 * loop keeps its own, so a client or user served on k loops has k budgets (see RateLimiter).
 */
public final class RateLimits {
  private final RateLimiter byAddress;
  private final RateLimiter byUser;
  private final TrustedProxies trustedProxies;

  public RateLimits(Clock clock, double perAddress, double perUser, TrustedProxies trustedProxies) {
    this.byAddress = new RateLimiter(clock, perAddress, perAddress * 2);
    this.byUser = new RateLimiter(clock, perUser, perUser * 2);
    this.trustedProxies = trustedProxies;
  }

  /** Null when the request's client may go on, else the 429 to answer. */
  public ApiError checkAddress(HttpServerRequest request) {
    if (!byAddress.enabled()) {
      return null;
    }
    String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    String client = RateLimiter.clientAddress(peer, request.getHeader("x-forwarded-for"), trustedProxies);
    return refusal(byAddress.take(client), byAddress, "this client address");
  }

  /** Null when the user may report another status, else the 429 to answer. */
  public ApiError checkUser(String userId) {
    return byUser.enabled() ? refusal(byUser.take(userId), byUser, "this user") : null;
  }

  private static ApiError refusal(long waitMs, RateLimiter limiter, String who) {
    if (waitMs == 0) {
      return null;
    }
    long seconds = Math.max(1, (waitMs + 999) / 1000);
    return new ApiError(429, "Too Many Requests", "More than " + (long) limiter.perSecond()
        + " requests a second from " + who + "; retry after " + seconds + " s").retryAfter(seconds);
  }

  /** Forgets idle clients; called periodically on the owning loop. */
  public void forgetIdle() {
    byAddress.forgetIdle();
    byUser.forgetIdle();
  }
}
