package watchparty.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The summary for harnesses ({@code --json FILE}): the table's figures, machine-readable, with the options used. */
public final class SummaryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SummaryJson() {
  }

  public static ObjectNode of(SimulationOptions o, Summary s, List<Threshold.Result> results) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("tool", "player-status simulate");
    root.put("url", o.url());
    root.set("options", options(o));
    root.put("elapsedSeconds", s.elapsedSeconds());
    root.put("latencyUnit", "ms");
    root.put("latencyFrom", "intended start of each operation (corrected for coordinated omission)");
    ObjectNode metrics = root.putObject("metrics");
    for (Metric m : Metric.values()) {
      ObjectNode n = metrics.putObject(m.key());
      n.put("description", m.description());
      n.put("count", s.count(m));
      n.put("rate", s.rate(m));
      if (m.isOperation()) {
        n.put("errors", s.errors(m));
      }
      put(n, "min", s.minMs(m));
      put(n, "mean", s.meanMs(m));
      put(n, "max", s.maxMs(m));
      ObjectNode percentiles = n.putObject("percentiles");
      for (double p : o.percentiles()) {
        put(percentiles, Tables.percentileName(p), s.percentileMs(m, p));
      }
    }
    ObjectNode errors = root.putObject("errors");
    errors.put("total", s.errors());
    errors.put("rate", s.errorRate());
    ObjectNode kinds = errors.putObject("byKind");
    for (Map.Entry<String, Long> e : s.errorsByKind().entrySet()) {
      kinds.put(e.getKey(), e.getValue());
    }
    ObjectNode sockets = root.putObject("sockets");
    Summary.Sockets k = s.sockets();
    sockets.put("openAtEnd", k.total());
    sockets.put("webSockets", k.webSockets());
    sockets.put("httpConnections", k.httpConnections());
    sockets.put("viewers", k.viewers());
    sockets.put("viewersStarted", k.viewersStarted());
    sockets.put("liveViewers", k.liveViewers());
    root.put("reconnects", s.reconnects());
    ObjectNode traffic = root.putObject("liveFeed");
    traffic.put("messagesReceived", s.traffic().messagesReceived());
    traffic.put("bytesReceived", s.traffic().bytesReceived());
    traffic.put("messagesSent", s.traffic().messagesSent());
    ArrayNode thresholds = root.putArray("thresholds");
    boolean passed = true;
    for (Threshold.Result r : results) {
      ObjectNode t = thresholds.addObject();
      t.put("expression", r.threshold().expression());
      put(t, "actual", r.actual());
      t.put("unit", switch (r.threshold().kind()) {
        case LATENCY -> "ms";
        case PERCENT -> "%";
        case NUMBER -> "";
      });
      t.put("limit", r.threshold().limit());
      t.put("passed", r.passed());
      passed &= r.passed();
    }
    root.put("passed", passed);
    return root;
  }

  private static ObjectNode options(SimulationOptions o) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("mode", o.mode().name().toLowerCase(Locale.ROOT));
    n.put("rooms", o.rooms());
    n.put("roomSize", o.roomSize());
    n.put("viewers", o.viewers());
    n.put("rampMillis", o.rampMillis());
    n.put("durationMillis", o.durationMillis());
    n.put("seed", o.seed());
    n.put("loops", o.loops());
    n.put("progressMillis", o.progressMillis());
    n.put("actionIntervalMillis", o.actionGapMillis());
    n.put("timeoutMillis", o.timeoutMillis());
    ArrayNode p = n.putArray("percentiles");
    o.percentiles().forEach(p::add);
    ArrayNode t = n.putArray("thresholds");
    o.thresholds().forEach(th -> t.add(th.expression()));
    return n;
  }

  private static void put(ObjectNode n, String field, OptionalDouble v) {
    if (v.isPresent()) {
      n.put(field, v.getAsDouble());
    } else {
      n.putNull(field);
    }
  }

  public static String write(ObjectNode json) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
