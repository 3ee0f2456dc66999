package watchparty.http;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The service's log: java.util.logging, which Vert.x logs through too. */
final class Log {
  private static final Logger LOG = Logger.getLogger("watchparty");

  private Log() {
  }

  static void error(String message, Throwable e) {
    LOG.log(Level.SEVERE, message, e);
  }
}
