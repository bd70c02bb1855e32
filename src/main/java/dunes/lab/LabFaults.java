package dunes.lab;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Knobs on the lab's endpoints: latency, and faults injected by count or by probability. An
 * endpoint is named {@code system:name} (e.g. {@code ca:certfnsh}, {@code edge:api},
 * {@code node:vcvco1:config}); a knob set on a prefix (e.g. {@code node:vcvco1}) applies to every
 * endpoint below it.
 */
public final class LabFaults {

  public enum Kind {
    /** answers HTTP 500 */
    HTTP_500,
    /** answers HTTP 503, as an appliance still starting */
    HTTP_503,
    /** accepts the request and never answers (until the client gives up) */
    TIMEOUT,
    /** closes the connection without an answer */
    RESET,
    /** answers 200 with bytes that are no valid body */
    GARBAGE
  }

  private record Knob(Kind kind, AtomicInteger remaining, double probability) {}

  private final Map<String, Knob> faults = new ConcurrentHashMap<>();
  private final Map<String, Duration> latencies = new ConcurrentHashMap<>();

  /** The next {@code count} calls to the endpoint fail with {@code kind}. */
  public void inject(String endpoint, Kind kind, int count) {
    faults.put(endpoint, new Knob(kind, new AtomicInteger(count), 0));
  }

  /** Each call to the endpoint fails with {@code kind} with the given probability, until cleared. */
  public void injectWithProbability(String endpoint, Kind kind, double probability) {
    faults.put(endpoint, new Knob(kind, null, probability));
  }

  public void latency(String endpoint, Duration latency) {
    latencies.put(endpoint, latency);
  }

  public void clear() {
    faults.clear();
    latencies.clear();
  }

  /** The fault this call to {@code endpoint} suffers, if any (uses up one of a counted fault). */
  public Optional<Kind> next(String endpoint) {
    for (Map.Entry<String, Knob> e : faults.entrySet()) {
      if (!applies(e.getKey(), endpoint)) {
        continue;
      }
      Knob knob = e.getValue();
      if (knob.remaining() == null) {
        if (ThreadLocalRandom.current().nextDouble() < knob.probability()) {
          return Optional.of(knob.kind());
        }
      } else if (knob.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return Optional.of(knob.kind());
      }
    }
    return Optional.empty();
  }

  public Duration latency(String endpoint) {
    return latencies.entrySet().stream().filter(e -> applies(e.getKey(), endpoint))
        .map(Map.Entry::getValue).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private static boolean applies(String knob, String endpoint) {
    return endpoint.equals(knob) || endpoint.startsWith(knob + ":");
  }
}
