package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lab's knobs: a storm on {@code *}, its mix of faults and delays, and the counts of what it handed out. */
class LabFaultsTest {

  private final LabFaults faults = new LabFaults();

  @Test
  void shouldStrikeEveryEndpointWithEachOfTheFiveFaultsOrADelayWhenAStormCoversAll() {
    faults.storm("*", 1.0, Duration.ofMillis(1));
    Set<LabFaults.Kind> seen = EnumSet.noneOf(LabFaults.Kind.class);
    int delayed = 0;
    for (int i = 0; i < 600; i++) {
      Optional<LabFaults.Kind> fault = faults.next(i % 2 == 0 ? "vsphere:sdk" : "node:vcvco1:ssh");
      if (fault.isPresent()) {
        seen.add(fault.get());
      } else {
        delayed++;
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(LabFaults.Kind.HTTP_500, LabFaults.Kind.HTTP_503,
        LabFaults.Kind.TIMEOUT, LabFaults.Kind.RESET, LabFaults.Kind.GARBAGE);
    assertThat(delayed).as("one draw in six is a delay").isBetween(50, 150);
    Map<String, Map<String, Long>> injected = faults.injected();
    assertThat(injected.keySet()).containsExactlyInAnyOrder("vsphere:sdk", "node:vcvco1:ssh");
    assertThat(injected.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum())
        .isEqualTo(600);
    assertThat(injected.get("vsphere:sdk")).containsKey(LabFaults.LATENCY);
  }

  @Test
  void shouldLeaveCallsAloneWhenTheStormsProbabilityIsZeroOrItCoversAnotherPrefix() {
    faults.storm("ca", 1.0, java.time.Duration.ofMillis(1));
    faults.storm("edge", 0.0, null);
    for (int i = 0; i < 100; i++) {
      assertThat(faults.next("edge:api:config")).isEmpty();
      assertThat(faults.next("cache:x")).as("a prefix covers its own endpoints, not names that start alike").isEmpty();
    }
    // every call to ca:* draws: one of the five faults, or (one draw in six) a delay and no fault
    long faulted = java.util.stream.IntStream.range(0, 60).filter(i -> faults.next("ca:certfnsh").isPresent()).count();
    assertThat(faulted).isBetween(30L, 60L);
    assertThat(faults.injected()).containsOnlyKeys("ca:certfnsh");
    assertThat(faults.injected().get("ca:certfnsh").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
  }

  @Test
  void shouldKeepTheCountsWhenTheKnobsAreCleared() {
    faults.inject("changes:callback", LabFaults.Kind.HTTP_500, 2);
    faults.next("changes:callback");
    faults.clear();
    assertThat(faults.next("changes:callback")).isEmpty();
    assertThat(faults.injected()).isEqualTo(Map.of("changes:callback", Map.of("HTTP_500", 1L)));
  }

  @Test
  void shouldRefuseAStormWithoutProbabilityAndAProbabilityOutsideZeroToOne() {
    assertThatThrownBy(() -> new Knob("*", LabFaults.Kind.STORM, 3, null, null))
        .hasMessageContaining("storm on *").hasMessageContaining("probability");
    assertThatThrownBy(() -> new Knob("ca", LabFaults.Kind.RESET, null, 1.5, null)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> faults.inject("ca", LabFaults.Kind.STORM, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSetAStormFromConfigurationWithItsLatencyAsTheDelayOfItsLatencyDraws() {
    new Knob("node", LabFaults.Kind.STORM, null, 1.0, Duration.ofMillis(1)).applyTo(faults);
    assertThat(faults.latency("node:vcvco1:config")).as("not a delay on every call").isZero();
    for (int i = 0; i < 60; i++) {
      faults.next("node:vcvco1:config");
    }
    assertThat(faults.injected().get("node:vcvco1:config").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(60);
  }

  @Test
  void shouldNoteEachLatencyItHoldsACallForAsAnImposedDuration() {
    LabJournal journal = new LabJournal();
    LabFaults noted = new LabFaults(journal);
    noted.latency("ca", Duration.ofMillis(30));

    noted.delay("ca:certfnsh");
    noted.delay("edge:api");

    assertThat(journal.imposed()).singleElement().satisfies(i -> {
      assertThat(i.system()).isEqualTo("ca");
      assertThat(i.target()).isEqualTo("ca:certfnsh");
      assertThat(i.call()).isEqualTo("latency");
      assertThat(i.duration()).isEqualTo(Duration.ofMillis(30));
    });
  }
}
