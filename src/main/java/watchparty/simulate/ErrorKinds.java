package watchparty.simulate;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** A failure as a short, countable kind: what an operator acts on, without the per-request detail. */
final class ErrorKinds {
  private ErrorKinds() {
  }

  static String of(Throwable e) {
    if (e instanceof TimeoutException || e instanceof io.netty.channel.ConnectTimeoutException) {
      return e instanceof TimeoutException ? "timeout" : "connect timeout";
    }
    if (e instanceof UpgradeRejectedException u) {
      return "upgrade refused: http " + u.getStatus();
    }
    if (e instanceof ConnectException) {
      return "connect refused";
    }
    if (e instanceof HttpClosedException) {
      return "connection closed";
    }
    String name = e.getClass().getSimpleName();
    return name.isEmpty() ? "error" : name;
  }

  /** A WebSocket closed by the other side (or dropped: no close frame is 1006, RFC 6455). */
  static String close(Short code, String reason) {
    if (code == null) {
      return "close 1006";
    }
    return "close " + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
