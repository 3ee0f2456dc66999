package watchparty.simulate;

import java.nio.file.Path;
import java.util.List;

/** A run's settings, validated: what the command line asked for, in the units the simulator uses. */
public record SimulationOptions(String url, Plan.Mode mode, int rooms, int roomSize, int viewers, long rampMillis,
    long durationMillis, long seed, Path json, List<Threshold> thresholds, long progressMillis, int loops,
    List<Double> percentiles, long actionGapMillis, long timeoutMillis) {

  public SimulationOptions {
    thresholds = List.copyOf(thresholds);
    percentiles = List.copyOf(percentiles);
  }

  /** The header of reports: what was run against what. */
  public String describe() {
    return mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + rooms + (rooms == 1 ? " room" : " rooms")
        + " of " + roomSize + " (" + viewers + " viewers), ramp " + Durations.format(rampMillis) + ", duration "
        + Durations.format(durationMillis) + ", seed " + seed + ", " + loops + (loops == 1 ? " loop" : " loops");
  }
}
