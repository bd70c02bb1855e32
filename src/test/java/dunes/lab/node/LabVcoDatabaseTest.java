package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster's membership as the shared database keeps it, on a clock the test turns. */
class LabVcoDatabaseTest {

  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  final TestClock clock = new TestClock();
  final LabVcoDatabase database = new LabVcoDatabase(clock);

  @Test
  void shouldListEveryStartedNodeSortedByNameWithoutClusterModeAllRunning() {
    database.claimActive("vcvco2");
    database.claimActive("vcvco1");

    assertThat(database.members()).containsExactly(Map.entry("vcvco1", NodeState.RUNNING),
        Map.entry("vcvco2", NodeState.RUNNING));
  }

  @Test
  void shouldRecordARefusedNodeAsStandbyAndPromoteItWhenThePlaceIsLeft() {
    database.configure(ClusterSettings.cluster(1, HEARTBEAT, 12));
    assertThat(database.claimActive("vcvco1")).isTrue();
    assertThat(database.claimActive("vcvco2")).isFalse();

    assertThat(database.members()).containsExactly(Map.entry("vcvco1", NodeState.RUNNING),
        Map.entry("vcvco2", NodeState.STANDBY));
    assertThat(database.activeNodes()).containsExactly("vcvco1");

    database.leave("vcvco1");
    assertThat(database.members()).containsExactly(Map.entry("vcvco2", NodeState.STANDBY));
    assertThat(database.claimActive("vcvco2")).as("the standby node's next heartbeat").isTrue();
    assertThat(database.members()).containsExactly(Map.entry("vcvco2", NodeState.RUNNING));
  }

  @Test
  void shouldRemoveAStandbyNodeThatStopsCleanly() {
    database.configure(ClusterSettings.cluster(1, HEARTBEAT, 12));
    database.claimActive("vcvco1");
    database.claimActive("vcvco2");

    database.leave("vcvco2");

    assertThat(database.members()).containsOnlyKeys("vcvco1");
  }

  @Test
  void shouldForgetASilentStandbyNodeAfterTheFailoverTimeoutUnlessItHeartbeats() {
    database.configure(ClusterSettings.cluster(1, HEARTBEAT, 3)); // 15 s
    database.claimActive("vcvco1");
    database.claimActive("vcvco2");
    database.claimActive("vcvco3");

    for (int turn = 0; turn < 4; turn++) { // 20 s: vcvco1 and vcvco2 heartbeat, vcvco3 is silent
      clock.advance(HEARTBEAT);
      database.heartbeat("vcvco1");
      assertThat(database.claimActive("vcvco2")).isFalse();
    }

    assertThat(database.members()).containsExactly(Map.entry("vcvco1", NodeState.RUNNING),
        Map.entry("vcvco2", NodeState.STANDBY));
  }

  @Test
  void shouldForgetASilentActiveNodeAtTheFailoverTimeoutAndLetTheStandbyNodeTakeItsPlace() {
    database.configure(ClusterSettings.cluster(1, HEARTBEAT, 3));
    database.claimActive("vcvco1");
    database.claimActive("vcvco2");

    clock.advance(Duration.ofSeconds(15));
    assertThat(database.members()).as("silent for exactly the timeout: still listed").containsKey("vcvco1");
    clock.advance(Duration.ofMillis(1));

    assertThat(database.members()).isEmpty();
    assertThat(database.claimActive("vcvco2")).isTrue();
    assertThat(database.members()).containsExactly(Map.entry("vcvco2", NodeState.RUNNING));
  }

  @Test
  void shouldNotBringBackAForgottenActiveNodeByItsHeartbeatAlone() {
    database.configure(ClusterSettings.cluster(1, HEARTBEAT, 1));
    database.claimActive("vcvco1");
    clock.advance(Duration.ofSeconds(6));
    assertThat(database.members()).isEmpty();

    database.heartbeat("vcvco1");

    assertThat(database.members()).isEmpty();
  }

  @Test
  void shouldGiveAReadOnlyCopy() {
    database.claimActive("vcvco1");
    Map<String, NodeState> members = database.members();

    database.leave("vcvco1");

    assertThat(members).containsOnlyKeys("vcvco1");
    assertThat(database.members()).isEmpty();
  }

  /** A clock that moves only when told. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
