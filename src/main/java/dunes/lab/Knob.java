package dunes.lab;

import java.time.Duration;

/**
 * One knob on a lab endpoint, as set in configuration ({@code dunes.lab.knobs[i].*}) or through
 * {@code POST /lab/api/faults}: a fault by count or probability, and/or latency; or a storm
 * ({@code kind: STORM}, a probability, and the latency of its latency draws).
 */
public record Knob(String endpoint, LabFaults.Kind kind, Integer count, Double probability, Duration latency) {

  public Knob {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("a lab knob needs an endpoint, e.g. ca:certfnsh");
    }
    if (kind != null && count == null && probability == null) {
      throw new IllegalArgumentException("the knob on " + endpoint + " names a fault but neither count nor probability");
    }
    if (kind == LabFaults.Kind.STORM && probability == null) {
      throw new IllegalArgumentException("the storm on " + endpoint + " needs a probability, e.g. 0.1");
    }
    if (probability != null && (probability < 0 || probability > 1)) {
      throw new IllegalArgumentException("the knob on " + endpoint + " has probability " + probability
          + ": it must lie between 0 and 1");
    }
  }

  public void applyTo(LabFaults faults) {
    if (kind == LabFaults.Kind.STORM) {
      faults.storm(endpoint, probability, latency); // its latency is that of the storm's latency draws
      return;
    }
    if (kind != null && count != null) {
      faults.inject(endpoint, kind, count);
    } else if (kind != null) {
      faults.injectWithProbability(endpoint, kind, probability);
    }
    if (latency != null) {
      faults.latency(endpoint, latency);
    }
  }
}
