package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code dunes.polling.*} as configuration binds it: production's defaults, one system's override, no zero. */
class PollIntervalsTest {

  @Test
  void shouldWaitTheProductionDefaultsWhenNothingIsSet() {
    PollIntervals intervals = bind(Map.of("dunes.polling.cancel", "PT2S"));

    assertThat(intervals.getVsphere()).isEqualTo("PT5S");
    assertThat(intervals.getAppliance()).isEqualTo("PT10S");
    assertThat(intervals.getConfigurationWorkflow()).isEqualTo("PT3S");
    assertThat(intervals.getCertificateAuthority()).isEqualTo("PT30S");
    assertThat(intervals.getCancel()).isEqualTo("PT2S");
  }

  @Test
  void shouldTakeEachSystemsIntervalFromItsOwnKey() {
    PollIntervals intervals = bind(Map.of("dunes.polling.certificate-authority", "1m",
        "dunes.polling.configuration-workflow", "500ms"));

    assertThat(intervals.getCertificateAuthority()).isEqualTo("PT1M");
    assertThat(intervals.getConfigurationWorkflow()).isEqualTo("PT0.5S");
    assertThat(intervals.getAppliance()).as("untouched").isEqualTo("PT10S");
  }

  @Test
  void shouldRefuseAZeroIntervalWhichWouldPollInABusyLoop() {
    assertThatThrownBy(() -> bind(Map.of("dunes.polling.vsphere", "PT0S")))
        .isInstanceOf(BindException.class).rootCause()
        .hasMessage("dunes.polling.vsphere must be a positive duration, not PT0S");
  }

  private static PollIntervals bind(Map<String, String> properties) {
    return new PollIntervals(new Binder(new MapConfigurationPropertySource(properties))
        .bind("dunes.polling", PollIntervals.Intervals.class).get());
  }
}
