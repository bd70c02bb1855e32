package dunes.lab;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Knobs on the lab's endpoints: latency, and faults injected by count or by probability. An
 * endpoint is named {@code system:name} (e.g. {@code ca:certfnsh}, {@code edge:api},
 * {@code node:vcvco1:config}); a knob set on a prefix (e.g. {@code node:vcvco1}) applies to every
 * endpoint below it, and a knob on {@code *} to every endpoint of the lab. Every fault handed out
 * is counted per endpoint and kind ({@link #injected()}).
 */
public final class LabFaults {

  /** A {@link Kind#STORM} knob without a latency of its own delays its latency draws this long. */
  public static final Duration STORM_LATENCY = Duration.ofSeconds(2);
  /** The name {@link #injected()} counts a storm's latency draws under. */
  public static final String LATENCY = "LATENCY";

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
    GARBAGE,
    /**
     * a knob only, never a call's fault: each call, with the knob's probability, suffers one of the
     * five faults above or the knob's latency, chosen at random with equal chances
     */
    STORM
  }

  private static final Kind[] STORM_FAULTS = {Kind.HTTP_500, Kind.HTTP_503, Kind.TIMEOUT, Kind.RESET, Kind.GARBAGE};

  private record Knob(Kind kind, AtomicInteger remaining, double probability, Duration latency) {}

  /** where the latencies it holds calls for are noted as imposed durations; null: nowhere */
  private final LabJournal journal;
  private final Map<String, Knob> faults = new ConcurrentHashMap<>();
  private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

  /** Knobs whose latencies are noted nowhere (the adapter tests' labs). */
  public LabFaults() {
    this(null);
  }

  /** Knobs whose latencies, each time they hold a call, are noted in {@code journal} as imposed durations. */
  public LabFaults(LabJournal journal) {
    this.journal = journal;
  }

  /** The next {@code count} calls to the endpoint fail with {@code kind}. */
  public void inject(String endpoint, Kind kind, int count) {
    requireFault(kind);
    faults.put(endpoint, new Knob(kind, new AtomicInteger(count), 0, null));
  }

  /** Each call to the endpoint fails with {@code kind} with the given probability, until cleared. */
  public void injectWithProbability(String endpoint, Kind kind, double probability) {
    requireFault(kind);
    faults.put(endpoint, new Knob(kind, null, probability, null));
  }

  /**
   * A fault storm: each call to the endpoint (or below it; {@code *} for all), with the given
   * probability, fails with one of the five faults or is delayed by {@code latency}, at random.
   */
  public void storm(String endpoint, double probability, Duration latency) {
    faults.put(endpoint, new Knob(Kind.STORM, null, probability, latency == null ? STORM_LATENCY : latency));
  }

  public void latency(String endpoint, Duration latency) {
    latencies.put(endpoint, latency);
  }

  /** Removes every knob; the counts of faults already injected stay. */
  public void clear() {
    faults.clear();
    latencies.clear();
  }

  /**
   * The fault this call to {@code endpoint} suffers, if any (uses up one of a counted fault). A
   * storm's latency draw holds the calling thread here and then lets the call through.
   */
  public Optional<Kind> next(String endpoint) {
    for (Map.Entry<String, Knob> e : faults.entrySet()) {
      if (!applies(e.getKey(), endpoint)) {
        continue;
      }
      Knob knob = e.getValue();
      if (knob.kind() == Kind.STORM) {
        if (ThreadLocalRandom.current().nextDouble() < knob.probability()) {
          int draw = ThreadLocalRandom.current().nextInt(STORM_FAULTS.length + 1);
          if (draw < STORM_FAULTS.length) {
            return Optional.of(count(endpoint, STORM_FAULTS[draw]));
          }
          count(endpoint, LATENCY);
          hold(endpoint, knob.latency());
          return Optional.empty();
        }
      } else if (knob.remaining() == null) {
        if (ThreadLocalRandom.current().nextDouble() < knob.probability()) {
          return Optional.of(count(endpoint, knob.kind()));
        }
      } else if (knob.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return Optional.of(count(endpoint, knob.kind()));
      }
    }
    return Optional.empty();
  }

  /** Holds the calling thread for the endpoint's latency, if it has one (a slow peer). */
  public void delay(String endpoint) {
    hold(endpoint, latency(endpoint));
  }

  public Duration latency(String endpoint) {
    return latencies.entrySet().stream().filter(e -> applies(e.getKey(), endpoint))
        .map(Map.Entry::getValue).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** Faults handed out since the lab started, per endpoint and kind ({@link #LATENCY} for a storm's delays). */
  public Map<String, Map<String, Long>> injected() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    injected.forEach((key, n) -> {
      int split = key.lastIndexOf(' ');
      counts.computeIfAbsent(key.substring(0, split), k -> new TreeMap<>()).put(key.substring(split + 1), n.get());
    });
    return counts;
  }

  private Kind count(String endpoint, Kind kind) {
    count(endpoint, kind.name());
    return kind;
  }

  private void count(String endpoint, String kind) {
    injected.computeIfAbsent(endpoint + " " + kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static void requireFault(Kind kind) {
    if (kind == Kind.STORM) {
      throw new IllegalArgumentException("a storm is set with storm(endpoint, probability, latency)");
    }
  }

  private void hold(String endpoint, Duration duration) {
    if (duration.isZero()) {
      return;
    }
    if (journal != null) {
      journal.imposed(endpoint.split(":", 2)[0], endpoint, "latency", java.time.Instant.now(), duration);
    }
    pause(duration);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis()); // lab only: a slow peer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean applies(String knob, String endpoint) {
    return knob.equals("*") || endpoint.equals(knob) || endpoint.startsWith(knob + ":");
  }
}
