package dunes.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How long a build waits between two looks at something it awaits ({@code dunes.polling.*}), one
 * interval per system, used in BPMN timers as {@code ${pollIntervals.vsphere}}: seconds against the
 * real products, tenths in the lab. The edge lock's wait is the edge's own
 * ({@code dunes.edge.lock.poll-interval}). Why each default: docs/configuration.md, "Waits".
 */
@Component("pollIntervals")
@EnableConfigurationProperties(PollIntervals.Intervals.class)
public class PollIntervals {

  private final Intervals intervals;

  public PollIntervals(Intervals intervals) {
    this.intervals = intervals;
  }

  /** ISO 8601 duration for a timer, e.g. PT5S: between two looks at a vSphere task, an OVF import or a power state. */
  public String getVsphere() {
    return intervals.vsphere().toString();
  }

  /** Between two looks at a starting vco-server or a forming cluster (each look an SSH or REST call to the node). */
  public String getAppliance() {
    return intervals.appliance().toString();
  }

  /** Between two looks at a Configuration plug-in workflow's run (one REST GET of its execution). */
  public String getConfigurationWorkflow() {
    return intervals.configurationWorkflow().toString();
  }

  /** Between two looks at the CA for an approved request it still holds (a person issues it there). */
  public String getCertificateAuthority() {
    return intervals.certificateAuthority().toString();
  }

  /** Between two looks for the build a recorded cancel is for, while its start may still be committing. */
  public String getCancel() {
    return intervals.cancel().toString();
  }

  @ConfigurationProperties("dunes.polling")
  public record Intervals(Duration vsphere, Duration appliance, Duration configurationWorkflow,
      Duration certificateAuthority, Duration cancel) {
    public Intervals {
      vsphere = positive("vsphere", vsphere, Duration.ofSeconds(5));
      appliance = positive("appliance", appliance, Duration.ofSeconds(10));
      configurationWorkflow = positive("configuration-workflow", configurationWorkflow, Duration.ofSeconds(3));
      certificateAuthority = positive("certificate-authority", certificateAuthority, Duration.ofSeconds(30));
      cancel = positive("cancel", cancel, Duration.ofSeconds(2));
    }

    private static Duration positive(String key, Duration value, Duration otherwise) {
      if (value == null) {
        return otherwise;
      }
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("dunes.polling." + key + " must be a positive duration, not " + value);
      }
      return value;
    }
  }
}
