package dunes.edge.lock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.stereotype.Component;

/**
 * {@code dunes.edge.lock.*}: how long a build's hold on an edge lasts without a step renewing it,
 * how often a waiting build looks again (BPMN timers as {@code ${edgeLocking.pollInterval}}), and
 * how long it waits at most before the wait becomes an incident.
 */
@Component("edgeLocking")
@EnableConfigurationProperties(EdgeLockSettings.Values.class)
public class EdgeLockSettings {

  private final Values values;

  public EdgeLockSettings(Values values) {
    this.values = values;
  }

  public Duration lease() {
    return values.lease();
  }

  public Duration maxWait() {
    return values.maxWait();
  }

  /** ISO 8601 duration for the waiting build's timer, e.g. PT10S. */
  public String getPollInterval() {
    return values.pollInterval().toString();
  }

  /**
   * The job priority of the holder's steps (BPMN {@code camunda:jobPriority} as
   * {@code ${edgeLocking.holderJobPriority}}): with the engine acquiring by priority, the build that
   * holds the edge runs its next step before the queued steps of other builds, so its hold — which
   * every waiting build waits out — does not grow with the load.
   */
  public int getHolderJobPriority() {
    return values.holderJobPriority();
  }

  /**
   * @param lease longer than the slowest single edge call (a whole-configuration PUT): every step of
   *     the stage renews it, so only a holder that stopped (crashed, stuck in an incident) loses it
   * @param pollInterval between two looks of a waiting build
   * @param maxWait after this a waiting build stops as an incident that names the holder
   * @param holderJobPriority of the holder's steps; other jobs have 0
   */
  @ConfigurationProperties("dunes.edge.lock")
  public record Values(Duration lease, Duration pollInterval, Duration maxWait, Integer holderJobPriority) {
    public Values(Duration lease, Duration pollInterval, Duration maxWait) {
      this(lease, pollInterval, maxWait, null);
    }

    @ConstructorBinding
    public Values {
      holderJobPriority = holderJobPriority == null ? 100 : holderJobPriority;
      lease = lease == null ? Duration.ofMinutes(10) : lease;
      pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
      maxWait = maxWait == null ? Duration.ofHours(2) : maxWait;
      if (lease.isNegative() || lease.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("dunes.edge.lock.lease and poll-interval must be positive durations");
      }
    }

    public static Values defaults() {
      return new Values(null, null, null, null);
    }
  }
}
