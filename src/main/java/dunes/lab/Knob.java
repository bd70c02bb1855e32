package dunes.lab;

import java.time.Duration;

/**
 * One knob on a lab endpoint, as set in configuration ({@code dunes.lab.knobs[i].*}) or through
 * {@code POST /lab/api/faults}: a fault by count or probability, and/or latency.
 */
public record Knob(String endpoint, LabFaults.Kind kind, Integer count, Double probability, Duration latency) {

  public Knob {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("a lab knob needs an endpoint, e.g. ca:certfnsh");
    }
    if (kind != null && count == null && probability == null) {
      throw new IllegalArgumentException("the knob on " + endpoint + " names a fault but neither count nor probability");
    }
  }

  public void applyTo(LabFaults faults) {
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
