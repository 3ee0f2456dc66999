package watchparty.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** Header names and values encoded once, so that answers copy bytes instead of encoding text. */
public final class Headers {
  static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence ALLOW_ORIGIN = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN;
  static final CharSequence ANY = HttpHeaders.createOptimized("*");
  static final CharSequence ALLOW_METHODS = HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS;
  static final CharSequence METHODS = HttpHeaders.createOptimized("GET, POST, OPTIONS");
  /** A 405's Allow on a path that only reads (OPTIONS is answered on any path). */
  static final CharSequence GET_ONLY = HttpHeaders.createOptimized("GET, OPTIONS");
  /** A 405's Allow on a served file's path. */
  static final CharSequence GET_HEAD = HttpHeaders.createOptimized("GET, HEAD, OPTIONS");
  static final CharSequence ALLOW_HEADERS = HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS;
  // '*' covers any header but Authorization, which browsers require named (logged-in clients send it)
  static final CharSequence REQUEST_HEADERS = HttpHeaders.createOptimized("*, Content-Type, Authorization");
  static final CharSequence MAX_AGE = HttpHeaders.ACCESS_CONTROL_MAX_AGE;
  static final CharSequence DAY = HttpHeaders.createOptimized("86400");
  static final CharSequence ALLOW = HttpHeaders.ALLOW;
  static final CharSequence CONNECTION = HttpHeaders.CONNECTION;
  static final CharSequence CLOSE = HttpHeaders.CLOSE;
  static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("x-content-type-options");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("x-frame-options");
  static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("referrer-policy");
  static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  static final CharSequence CSP_NAME = HttpHeaders.createOptimized("content-security-policy");
  static final CharSequence NO_SCRIPTS = HttpHeaders.createOptimized("script-src 'none'; frame-ancestors 'none';");
  static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  /** The server's clock in epoch milliseconds, on every answer, so any client can estimate its offset. */
  static final CharSequence SERVER_TIME = HttpHeaders.createOptimized("x-server-time");
  static final CharSequence EXPOSE_HEADERS = HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS;

  private Headers() {
  }

  /** What every answer carries: CORS for any origin, and the seed backend's hardening. */
  public static void common(MultiMap headers) {
    headers.add(ALLOW_ORIGIN, ANY)
        .add(EXPOSE_HEADERS, SERVER_TIME)
        .add(NOSNIFF_NAME, NOSNIFF)
        .add(FRAME_NAME, DENY)
        .add(REFERRER_NAME, NO_REFERRER)
        .add(CSP_NAME, NO_SCRIPTS)
        .add(CACHE_CONTROL, NO_STORE);
  }
}
