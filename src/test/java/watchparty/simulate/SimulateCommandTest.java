package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SimulateCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static SimulationOptions options(String... args) {
    SimulateCommand command = new SimulateCommand(System.out, System.err);
    CommandLine line = new CommandLine(command);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.parseArgs(args);
    return command.options();
  }

  @Test
  void defaultsAreTenLiveRoomsOfTwenty() {
    SimulationOptions o = options();
    assertEquals("http://127.0.0.1:8080", o.url());
    assertEquals(Plan.Mode.LIVE, o.mode());
    assertEquals(10, o.rooms());
    assertEquals(200, o.viewers());
    assertEquals(30_000, o.rampMillis());
    assertEquals(60_000, o.durationMillis());
    assertEquals(42, o.seed());
    assertEquals(1, o.loops());
    assertEquals(List.of(50.0, 90.0, 95.0, 99.0, 99.9), o.percentiles());
    assertEquals(5000, o.progressMillis());
  }

  @Test
  void viewersMakeRoomsOfTheRoomSize() {
    SimulationOptions o = options("--viewers", "10000", "--room-size", "20", "--mode", "MIXED", "--ramp", "20s",
        "--threshold", "delivery.p99<25ms,errors<0.1%", "--threshold", "reconnects<=0", "--percentiles", "50,99");
    assertEquals(500, o.rooms());
    assertEquals(10_000, o.viewers());
    assertEquals(Plan.Mode.MIXED, o.mode());
    assertEquals(20_000, o.rampMillis());
    assertEquals(3, o.thresholds().size());
    assertEquals(List.of(50.0, 99.0), o.percentiles());
    assertEquals(3, options("--viewers", "45").rooms());
  }

  @Test
  void badArgumentsExitTwoAndSayWhy() {
    for (List<String> args : List.of(List.of("--rooms", "2", "--viewers", "40"), List.of("--threshold", "speed<1"),
        List.of("--mode", "carrier-pigeon"), List.of("--ramp", "soon"), List.of("--url", "ftp://h"),
        List.of("--percentiles", "0"), List.of("--duration", "0s"), List.of("--loops", "0"), List.of("--rooms", "0"),
        List.of("--bogus"))) {
      err.reset();
      assertEquals(2, run(args.toArray(String[]::new)), args.toString());
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage"), args + ": " + err);
    }
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertEquals(0, run("--help"));
    String usage = out.toString(StandardCharsets.UTF_8);
    assertTrue(usage.contains("--threshold=EXPR"), usage);
    assertTrue(usage.contains("99   a threshold was broken"), usage);
    assertTrue(usage.contains("errors<0.1%"), usage);
  }
}
