package dunes.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How long a build waits between two looks at a long operation ({@code dunes.polling.*}), used in
 * BPMN timers as {@code ${pollIntervals.vsphere}}: seconds against a real vCenter, tenths in the lab.
 */
@Component("pollIntervals")
@EnableConfigurationProperties(PollIntervals.Intervals.class)
public class PollIntervals {

  private final Intervals intervals;

  public PollIntervals(Intervals intervals) {
    this.intervals = intervals;
  }

  /** ISO 8601 duration for a timer, e.g. PT5S. */
  public String getVsphere() {
    return intervals.vsphere().toString();
  }

  /** Between two looks at a configuration workflow or a starting vco-server. */
  public String getAppliance() {
    return intervals.appliance().toString();
  }

  /** Between two looks for the build a recorded cancel is for, while its start may still be committing. */
  public String getCancel() {
    return intervals.cancel().toString();
  }

  @ConfigurationProperties("dunes.polling")
  public record Intervals(Duration vsphere, Duration appliance, Duration cancel) {
    public Intervals {
      vsphere = vsphere == null ? Duration.ofSeconds(5) : vsphere;
      appliance = appliance == null ? Duration.ofSeconds(10) : appliance;
      cancel = cancel == null ? Duration.ofSeconds(2) : cancel;
    }
  }
}
