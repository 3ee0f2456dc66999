package watchparty.simulate;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code player-status simulate}: the command line of the watch-party simulator. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    version = "player-status simulate 1.0.0",
    description = {
        "Simulates watch parties against a player-status service (or the seed, or anything behind a balancer):"
            + " rooms of one host and followers, ramped up, for a duration. Hosts play, pause, seek and change"
            + " speed at random, from a seed. Prints a progress line while it runs and a summary at the end.",
        "",
        "Latencies are measured from each operation's intended start (corrected for coordinated omission).",
        "Metrics for thresholds: status, room, ack, ping, connect, delivery, sync, lag (.p<N>, .max, .min, .mean,"
            + " .count, .rate; operations also .errors); errors (%% for the rate), reconnects, sockets."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the run passed its thresholds", "1:could not run: nothing reachable, or nothing answered",
        "2:bad arguments", "99:a threshold was broken"})
public final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
      description = "the service: http(s)://host:port[/prefix] (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--mode", defaultValue = "live", paramLabel = "MODE",
      description = "poll: the seed's client (POST statuses, GET the room every second); live: the service's"
          + " client (one WebSocket); mixed: half of each room on each (default: ${DEFAULT-VALUE})")
  Plan.Mode mode;

  @Option(names = "--rooms", paramLabel = "N", description = "rooms to fill (default: 10 unless --viewers is given)")
  Integer rooms;

  @Option(names = "--viewers", paramLabel = "N", description = "viewers in all, in rooms of --room-size")
  Integer viewers;

  @Option(names = "--room-size", defaultValue = "20", paramLabel = "N",
      description = "viewers a room: 1 host and N-1 followers (default: ${DEFAULT-VALUE})")
  int roomSize;

  @Option(names = "--ramp", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "viewers join evenly over this time (default: ${DEFAULT-VALUE})")
  long rampMillis;

  @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "how long the run goes on after the ramp (default: ${DEFAULT-VALUE})")
  long durationMillis;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "seeds the hosts' actions, so that a run can be repeated (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON, for harnesses")
  Path json;

  @Option(names = "--threshold", paramLabel = "EXPR",
      description = "a pass condition, repeatable or comma-separated: 'delivery.p99<25ms,errors<0.1%%'")
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--progress", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "a progress line this often; 0 for none (default: ${DEFAULT-VALUE})")
  long progressMillis;

  @Option(names = "--loops", defaultValue = "1", paramLabel = "N",
      description = "event loops the simulator runs on: 1 uses one core at most (default: ${DEFAULT-VALUE})")
  int loops;

  @Option(names = "--percentiles", defaultValue = "50,90,95,99,99.9", split = ",", paramLabel = "P",
      description = "percentiles in the summary (default: ${DEFAULT-VALUE})")
  List<Double> percentiles;

  @Option(names = "--action-interval", defaultValue = "20s", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "a host acts (pause, seek, speed) this often on average while playing (default: ${DEFAULT-VALUE})")
  long actionIntervalMillis;

  @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "an HTTP request or a connect not answered by then is an error (default: ${DEFAULT-VALUE})")
  long timeoutMillis;

  private final PrintStream out;
  private final PrintStream err;

  SimulateCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command with args; returns the exit status. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine line = new CommandLine(new SimulateCommand(out, err));
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setCommandName("player-status simulate");
    return line.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  @Override
  public Integer call() throws Exception {
    return Simulation.run(options(), out, err);
  }

  /** The options checked and resolved; a ParameterException (exit 2) names what is wrong. */
  SimulationOptions options() {
    if (rooms != null && viewers != null) {
      throw bad("give --rooms or --viewers, not both");
    }
    if (roomSize < 1) {
      throw bad("--room-size must be at least 1");
    }
    int roomCount;
    int viewerCount;
    if (viewers != null) {
      if (viewers < 1) {
        throw bad("--viewers must be at least 1");
      }
      viewerCount = viewers;
      roomCount = Plan.roomsFor(viewers, roomSize);
    } else {
      roomCount = rooms == null ? 10 : rooms;
      if (roomCount < 1) {
        throw bad("--rooms must be at least 1");
      }
      viewerCount = roomCount * roomSize;
    }
    if (durationMillis <= 0) {
      throw bad("--duration must be more than 0");
    }
    if (loops < 1 || loops > 256) {
      throw bad("--loops must be between 1 and 256");
    }
    if (timeoutMillis <= 0) {
      throw bad("--timeout must be more than 0");
    }
    for (double p : percentiles) {
      if (!(p > 0 && p <= 100)) {
        throw bad("a percentile lies in (0, 100]: " + p);
      }
    }
    try {
      Target.of(url);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    List<Threshold> parsed = new ArrayList<>();
    for (String t : thresholds) {
      try {
        parsed.addAll(Threshold.parseAll(t));
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
    }
    return new SimulationOptions(url, mode, roomCount, roomSize, viewerCount, rampMillis, durationMillis, seed, json,
        parsed, progressMillis, loops, percentiles, actionIntervalMillis, timeoutMillis);
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** 500ms, 30s, 2m, 1h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Durations.parseMillis(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
