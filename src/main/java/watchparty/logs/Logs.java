package watchparty.logs;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Sets up the service's log (java.util.logging, which Vert.x uses too): text or JSON lines. */
public final class Logs {
  /** The access log's logger: one line a request, when ACCESS_LOG is on. */
  public static final Logger ACCESS = Logger.getLogger("watchparty.access");

  private Logs() {
  }

  public static void configure(boolean json) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
    Formatter formatter = json ? new JsonLogFormatter() : new SimpleFormatter();
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(formatter);
    root.addHandler(console);
  }
}
