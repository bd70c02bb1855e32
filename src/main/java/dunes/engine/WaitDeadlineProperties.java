package dunes.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each kind of poll loop may wait, from its first look ({@code dunes.deadlines.*};
 * docs/configuration.md). Defaults suit a production site; the lab and the tests shorten them.
 */
@ConfigurationProperties("dunes.deadlines")
public record WaitDeadlineProperties(Duration vsphereTask, Duration powerState, Duration serviceStart,
    Duration configurationWorkflow, Duration clusterFormed, Duration certificateIssue, Duration nodeStates,
    Duration applianceAnswer) {

  public WaitDeadlineProperties {
    vsphereTask = orDefault(vsphereTask, Duration.ofHours(2)); // an OVF import or a clone of a large disk
    powerState = orDefault(powerState, Duration.ofMinutes(15)); // a guest shutdown waits for the guest OS
    serviceStart = orDefault(serviceStart, Duration.ofMinutes(10));
    configurationWorkflow = orDefault(configurationWorkflow, Duration.ofMinutes(30));
    clusterFormed = orDefault(clusterFormed, Duration.ofMinutes(15));
    certificateIssue = orDefault(certificateIssue, Duration.ofHours(8)); // a CA manager's working day
    nodeStates = orDefault(nodeStates, Duration.ofMinutes(15));
    applianceAnswer = orDefault(applianceAnswer, Duration.ofMinutes(15)); // a powered-on appliance boots for minutes
  }

  /** Every deadline at its production default. */
  public static WaitDeadlineProperties defaults() {
    return new WaitDeadlineProperties(null, null, null, null, null, null, null, null);
  }

  Duration of(Wait wait) {
    return switch (wait) {
      case VSPHERE_TASK -> vsphereTask;
      case POWER_STATE -> powerState;
      case SERVICE_START -> serviceStart;
      case CONFIGURATION_WORKFLOW -> configurationWorkflow;
      case CLUSTER_FORMED -> clusterFormed;
      case CERTIFICATE_ISSUE -> certificateIssue;
      case NODE_STATES -> nodeStates;
      case APPLIANCE_ANSWER -> applianceAnswer;
    };
  }

  private static Duration orDefault(Duration value, Duration otherwise) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException("dunes.deadlines: a deadline must be positive, not " + value);
    }
    return value == null ? otherwise : value;
  }
}
