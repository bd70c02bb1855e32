package dunes.database;

import static dunes.database.SnapshotIsolationState.IN_TRANSITION_TO_OFF;
import static dunes.database.SnapshotIsolationState.IN_TRANSITION_TO_ON;
import static dunes.database.SnapshotIsolationState.OFF;
import static dunes.database.SnapshotIsolationState.ON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check-alter-verify logic through java.sql, against {@link FakeSqlServer}. */
class SnapshotIsolationTest {

  private static final String SELECT =
      "SELECT snapshot_isolation_state, is_read_committed_snapshot_on FROM sys.databases WHERE name = ?";
  private static final String ALTER_SNAPSHOT = "ALTER DATABASE [vcvCO] SET ALLOW_SNAPSHOT_ISOLATION ON";
  private static final String ALTER_RCSI = "ALTER DATABASE [vcvCO] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE";

  private final SnapshotIsolation snapshotIsolation = new SnapshotIsolation(Duration.ofSeconds(60));

  private SnapshotIsolationResult ensureOn(FakeSqlServer server, String name) throws SQLException {
    Connection connection = server.connection();
    try {
      return snapshotIsolation.ensureOn(connection, DatabaseName.of(name));
    } finally {
      assertThat(server.openResources()).as("statements and result sets closed").isEqualTo(1);
      connection.close();
    }
  }

  @Nested
  class Converging {

    @Test
    void shouldTurnBothOnInOrderThenVerify() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, false);

      SnapshotIsolationResult result = ensureOn(server, "vcvCO");

      assertThat(server.statements()).containsExactly(SELECT, ALTER_SNAPSHOT, ALTER_RCSI, SELECT);
      assertThat(server.sent.get(0).parameters()).containsExactly("vcvCO");
      assertThat(server.sent.get(3).parameters()).containsExactly("vcvCO");
      assertThat(result.state().bothOn()).isTrue();
      assertThat(result.changes()).containsExactly("ALLOW_SNAPSHOT_ISOLATION ON", "READ_COMMITTED_SNAPSHOT ON");
      assertThat(result.summary()).isEqualTo("ALLOW_SNAPSHOT_ISOLATION ON; READ_COMMITTED_SNAPSHOT ON");
      assertThat(server.state("vcvCO").bothOn()).isTrue();
    }

    @Test
    void shouldAlterNothingWhenBothAreOn() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", ON, true);

      SnapshotIsolationResult result = ensureOn(server, "vcvCO");

      assertThat(server.statements()).containsExactly(SELECT);
      assertThat(result.changed()).isFalse();
      assertThat(result.summary()).isEqualTo("none: already on");
      assertThat(result.state()).isEqualTo(new SnapshotIsolationState(ON, true));
    }

    @Test
    void shouldAlterNothingOnASecondRun() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, false);
      ensureOn(server, "vcvCO");
      server.sent.clear();

      SnapshotIsolationResult second = ensureOn(server, "vcvCO");

      assertThat(server.alters()).isEmpty();
      assertThat(second.summary()).isEqualTo("none: already on");
    }

    @Test
    void shouldOnlyTurnOnReadCommittedSnapshotWhenSnapshotIsolationIsOn() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", ON, false);

      SnapshotIsolationResult result = ensureOn(server, "vcvCO");

      assertThat(server.statements()).containsExactly(SELECT, ALTER_RCSI, SELECT);
      assertThat(result.summary()).isEqualTo("READ_COMMITTED_SNAPSHOT ON");
    }

    @Test
    void shouldOnlyTurnOnSnapshotIsolationWhenReadCommittedSnapshotIsOn() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, true);

      SnapshotIsolationResult result = ensureOn(server, "vcvCO");

      assertThat(server.statements()).containsExactly(SELECT, ALTER_SNAPSHOT, SELECT);
      assertThat(result.summary()).isEqualTo("ALLOW_SNAPSHOT_ISOLATION ON");
    }

    @Test
    void shouldBoundEveryStatementByTheStatementTimeout() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, false);

      ensureOn(server, "vcvCO");

      assertThat(server.queryTimeouts).hasSize(4).containsOnly(60);
    }
  }

  @Nested
  class HostileNames {

    @ParameterizedTest
    @ValueSource(strings = {
        "x]; DROP DATABASE master; --", "a]]b", "]", "[", "[vco]", "]]]] SET OFFLINE --", "it's \"quoted\"",
        "O'Brien'; EXEC xp_cmdshell 'dir' --", "Grüße-数据库-🚀", "name with spaces", "/* */"})
    void shouldAlterExactlyTheNamedDatabaseAndNothingElse(String name) throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase(name, OFF, false).withDatabase("master", OFF, false);

      ensureOn(server, name);

      String quoted = "[" + name.replace("]", "]]") + "]";
      assertThat(server.alters()).containsExactly(
          "ALTER DATABASE " + quoted + " SET ALLOW_SNAPSHOT_ISOLATION ON",
          "ALTER DATABASE " + quoted + " SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
      assertThat(server.state(name).bothOn()).as("the fake parsed the identifier back to the name").isTrue();
      assertThat(server.state("master")).isEqualTo(new SnapshotIsolationState(OFF, false));
      assertThat(server.sent).filteredOn(s -> s.sql().startsWith("SELECT"))
          .allSatisfy(s -> assertThat(s.parameters()).containsExactly(name));
    }

    @Test
    void shouldPutTheNameIntoTheQueryOnlyAsAParameter() throws SQLException {
      String name = "x' OR name = 'master";
      FakeSqlServer server = new FakeSqlServer().withDatabase(name, ON, true);

      ensureOn(server, name);

      assertThat(server.sent).singleElement().satisfies(s -> {
        assertThat(s.sql()).isEqualTo(SELECT);
        assertThat(s.parameters()).containsExactly(name);
      });
    }
  }

  @Nested
  class Failing {

    @Test
    void shouldReportAMissingDatabaseByNameWithoutAltering() {
      FakeSqlServer server = new FakeSqlServer().withDatabase("other", OFF, false);

      assertThatThrownBy(() -> ensureOn(server, "vcvCO"))
          .isInstanceOf(DatabaseNotFoundException.class)
          .hasMessageStartingWith("database [vcvCO] does not exist");
      assertThat(server.statements()).containsExactly(SELECT);
    }

    @ParameterizedTest
    @ValueSource(ints = {IN_TRANSITION_TO_OFF, IN_TRANSITION_TO_ON})
    void shouldWaitForAStateInTransitionWithoutAltering(int state) {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", state, false);

      assertThatThrownBy(() -> ensureOn(server, "vcvCO"))
          .isInstanceOf(SnapshotIsolationPendingException.class)
          .hasMessageContaining("is IN_TRANSITION_TO_")
          .hasMessageContaining("retried");
      assertThat(server.alters()).isEmpty();
    }

    @Test
    void shouldWaitWhenSnapshotIsolationIsStillPendingAfterTheAlter() {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, true)
          .snapshotIsolationAfterAlter(IN_TRANSITION_TO_ON);

      assertThatThrownBy(() -> ensureOn(server, "vcvCO"))
          .isInstanceOf(SnapshotIsolationPendingException.class)
          .hasMessageContaining("[vcvCO] is IN_TRANSITION_TO_ON");
      assertThat(server.statements()).containsExactly(SELECT, ALTER_SNAPSHOT, SELECT);
    }

    @Test
    void shouldContinueOnceThePendingStateHasEnded() throws SQLException {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", IN_TRANSITION_TO_ON, true);
      assertThatThrownBy(() -> ensureOn(server, "vcvCO")).isInstanceOf(SnapshotIsolationPendingException.class);
      server.withDatabase("vcvCO", ON, true); // the open transactions ended

      assertThat(ensureOn(server, "vcvCO").summary()).isEqualTo("none: already on");
      assertThat(server.alters()).isEmpty();
    }

    @Test
    void shouldFailWhenTheOptionsAreStillOffAfterTheAlters() {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, false).ignoringAlters();

      assertThatThrownBy(() -> ensureOn(server, "vcvCO"))
          .isExactlyInstanceOf(SnapshotIsolationException.class)
          .hasMessage("database [vcvCO] still has ALLOW_SNAPSHOT_ISOLATION OFF, READ_COMMITTED_SNAPSHOT OFF"
              + " after ALLOW_SNAPSHOT_ISOLATION ON and READ_COMMITTED_SNAPSHOT ON was set");
      assertThat(server.statements()).containsExactly(SELECT, ALTER_SNAPSHOT, ALTER_RCSI, SELECT);
    }

    @Test
    void shouldRefuseAnUndocumentedStateWithoutAltering() {
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", 7, false);

      assertThatThrownBy(() -> ensureOn(server, "vcvCO"))
          .isExactlyInstanceOf(SnapshotIsolationException.class)
          .hasMessageContaining("unknown state 7");
      assertThat(server.alters()).isEmpty();
    }

    @Test
    void shouldPassOnAFaultOfTheServerAndCloseTheStatement() {
      SQLException timeout = new SQLException("The query has timed out.", "HY008", 0);
      FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", OFF, false).failingAlters(timeout);

      assertThatThrownBy(() -> ensureOn(server, "vcvCO")).isSameAs(timeout);
      assertThat(server.statements()).containsExactly(SELECT, ALTER_SNAPSHOT);
    }
  }

  @Test
  void shouldBuildTheStatementsFromTheQuotedName() {
    DatabaseName name = DatabaseName.of("x]; DROP DATABASE master; --");
    assertThat(SnapshotIsolation.allowSnapshotIsolationOn(name))
        .isEqualTo("ALTER DATABASE [x]]; DROP DATABASE master; --] SET ALLOW_SNAPSHOT_ISOLATION ON");
    assertThat(SnapshotIsolation.readCommittedSnapshotOn(name))
        .isEqualTo("ALTER DATABASE [x]]; DROP DATABASE master; --] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
    assertThat(List.of(SnapshotIsolation.READ_STATE)).containsExactly(SELECT);
  }
}
