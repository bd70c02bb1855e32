package dunes.database;

import static dunes.database.SnapshotIsolationState.IN_TRANSITION_TO_ON;
import static dunes.database.SnapshotIsolationState.OFF;
import static dunes.database.SnapshotIsolationState.ON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.TestSecrets;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The delegate over the real adapter and connection factory, with the driver replaced by {@link FakeSqlServer}. */
@ExtendWith(OutputCaptureExtension.class)
class PrepareDatabaseStepTest {

  /** A password that would change the URL if it ever got into it. */
  private static final String PASSWORD = "Pa55;trustServerCertificate=true;w0rd";

  private FakeSqlServer server = new FakeSqlServer();

  private PrepareDatabaseStep step() {
    PropertySecretStore secrets = TestSecrets.onLoopback(Map.of("vco-db", PASSWORD));
    SqlServerConnections connections = new SqlServerConnections(server.driver(), secrets, DatabaseProperties.defaults());
    return new PrepareDatabaseStep(new SqlServerDatabase(connections, new SnapshotIsolation(DatabaseProperties.defaults().statementTimeout())));
  }

  private static Map<String, Object> run(PrepareDatabaseStep step, BuildSpec.Database database) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(new BuildSpec("CHG42", "alice", null, null, null,
        null, null, null, null, database, null, null, null, null)));
    step.execute(execution(variables));
    return variables;
  }

  private static BuildSpec.Database database(String name) {
    return new BuildSpec.Database("db.lab.local", null, null, name, "vco", "vco-db");
  }

  private static DelegateExecution execution(Map<String, Object> variables) {
    return (DelegateExecution) Proxy.newProxyInstance(PrepareDatabaseStepTest.class.getClassLoader(),
        new Class<?>[] {DelegateExecution.class}, (self, method, args) -> switch (method.getName()) {
          case "getVariable" -> variables.get((String) args[0]);
          case "setVariable" -> variables.put((String) args[0], args[1]);
          case "toString" -> "fake execution";
          default -> throw new UnsupportedOperationException(method.toString());
        });
  }

  private Throwable failure(BuildSpec.Database database) {
    return catchThrowable(() -> run(step(), database));
  }

  private static List<String> messages(Throwable thrown) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages;
  }

  @Nested
  class Succeeding {

    @Test
    void shouldTurnBothOnAndRecordWhatChanged() {
      server.withDatabase("vcvCO", OFF, false);

      Map<String, Object> variables = run(step(), database("vcvCO"));

      assertThat(variables).containsEntry(PrepareDatabaseStep.DATABASE_SNAPSHOT_ISOLATION, "ON")
          .containsEntry(PrepareDatabaseStep.DATABASE_READ_COMMITTED_SNAPSHOT, "ON")
          .containsEntry(PrepareDatabaseStep.DATABASE_CHANGES, "ALLOW_SNAPSHOT_ISOLATION ON; READ_COMMITTED_SNAPSHOT ON");
      assertThat(server.alters()).hasSize(2);
      assertThat(server.openResources()).as("connection closed").isZero();
    }

    @Test
    void shouldRecordNoChangeWhenAlreadyOnAndOnTheSecondRun() {
      server.withDatabase("vcvCO", OFF, false);
      run(step(), database("vcvCO"));
      server.sent.clear();

      Map<String, Object> second = run(step(), database("vcvCO"));

      assertThat(second).containsEntry(PrepareDatabaseStep.DATABASE_CHANGES, "none: already on")
          .containsEntry(PrepareDatabaseStep.DATABASE_SNAPSHOT_ISOLATION, "ON")
          .containsEntry(PrepareDatabaseStep.DATABASE_READ_COMMITTED_SNAPSHOT, "ON");
      assertThat(server.alters()).isEmpty();
    }

    @Test
    void shouldLogInToMasterAsTheRequestedUserWithThePasswordOnlyAsAProperty() {
      server.withDatabase("vcvCO", ON, true);

      run(step(), database("vcvCO"));

      assertThat(server.logins).singleElement().satisfies(login -> {
        assertThat(login.url()).contains(";databaseName=master;encrypt=true;trustServerCertificate=false;")
            .contains(";loginTimeout=30;").doesNotContain(PASSWORD).doesNotContain("Pa55").doesNotContainIgnoringCase("password");
        assertThat(login.properties()).containsEntry("user", "vco").containsEntry("password", PASSWORD).hasSize(2);
      });
    }
  }

  @Nested
  class BpmnErrors {

    @Test
    void shouldReportARefusedLoginAsDatabaseLoginRefused() {
      server.withDatabase("vcvCO", OFF, false).failingConnect(FakeSqlServer.loginFailed("vco"));

      Throwable thrown = failure(database("vcvCO"));

      assertThat(thrown).isInstanceOfSatisfying(BpmnError.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(PrepareDatabaseStep.ERROR_LOGIN_REFUSED));
      assertThat(thrown.getMessage()).contains("SQL Server db.lab.local:1433 refused the login of 'vco' (error 18456)")
          .contains("the secret 'vco-db'").contains("Login failed for user 'vco'");
      assertThat(server.sent).isEmpty();
    }

    @Test
    void shouldTakeTheStandardAuthorizationSqlStateAsARefusedLoginToo() {
      server.withDatabase("vcvCO", OFF, false).failingConnect(new SQLException("password expired", "28000", 0));

      assertThat(failure(database("vcvCO"))).isInstanceOfSatisfying(BpmnError.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(PrepareDatabaseStep.ERROR_LOGIN_REFUSED));
    }

    @Test
    void shouldReportAMissingDatabaseAsDatabaseNotFound() {
      server.withDatabase("other", OFF, false);

      Throwable thrown = failure(database("vcvCO"));

      assertThat(thrown).isInstanceOfSatisfying(BpmnError.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(PrepareDatabaseStep.ERROR_NOT_FOUND));
      assertThat(thrown.getMessage()).contains("SQL Server db.lab.local:1433: database [vcvCO] does not exist");
      assertThat(server.alters()).isEmpty();
      assertThat(server.openResources()).isZero();
    }

    @Test
    void shouldRefuseAnUnusableNameBeforeTheDriverIsCalled() {
      for (String name : List.of("vco\u0000; DROP DATABASE master", "d".repeat(129), " ")) {
        Throwable thrown = failure(database(name));

        assertThat(thrown).isInstanceOfSatisfying(BpmnError.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(PrepareDatabaseStep.ERROR_REQUEST_INVALID));
      }
      assertThat(server.logins).isEmpty();
      assertThat(server.sent).isEmpty();
    }

    @Test
    void shouldRefuseAnInstanceNameThatWouldChangeTheUrlBeforeTheDriverIsCalled() {
      BuildSpec.Database database = new BuildSpec.Database("db.lab.local", null, "VCO;trustServerCertificate=true",
          "vcvCO", "vco", "vco-db");

      assertThat(failure(database)).isInstanceOfSatisfying(BpmnError.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(PrepareDatabaseStep.ERROR_REQUEST_INVALID));
      assertThat(server.logins).isEmpty();
    }
  }

  @Nested
  class Retried {

    @Test
    void shouldThrowANetworkFaultForTheRetryCycle() {
      server.failingConnect(FakeSqlServer.connectionReset());

      Throwable thrown = failure(database("vcvCO"));

      assertThat(thrown).isExactlyInstanceOf(DatabaseException.class)
          .hasMessageStartingWith("cannot turn snapshot isolation on for database [vcvCO] on SQL Server db.lab.local:1433"
              + " (SQLState 08S01, error 0): The TCP/IP connection");
    }

    @Test
    void shouldThrowAFaultOfAnAlterAndCloseTheConnection() {
      server.withDatabase("vcvCO", OFF, false).failingAlters(new SQLException("The query has timed out.", "HY008", 0));

      assertThat(failure(database("vcvCO"))).isExactlyInstanceOf(DatabaseException.class)
          .hasMessageContaining("The query has timed out.");
      assertThat(server.openResources()).isZero();
    }

    @Test
    void shouldThrowAStateInTransitionForTheRetryCycle() {
      server.withDatabase("vcvCO", IN_TRANSITION_TO_ON, false);

      assertThat(failure(database("vcvCO"))).isExactlyInstanceOf(SnapshotIsolationPendingException.class);
      assertThat(server.alters()).isEmpty();
    }

    @Test
    void shouldThrowOptionsStillOffAfterTheAlters() {
      server.withDatabase("vcvCO", OFF, false).ignoringAlters();

      assertThat(failure(database("vcvCO"))).isExactlyInstanceOf(SnapshotIsolationException.class)
          .isNotInstanceOf(BpmnError.class);
    }
  }

  @Test
  void shouldNeverShowThePasswordInSqlUrlsMessagesOrLogs(CapturedOutput output) {
    List<Throwable> failures = new ArrayList<>();
    server.withDatabase("vcvCO", OFF, false);
    run(step(), database("vcvCO"));
    server = new FakeSqlServer().failingConnect(FakeSqlServer.loginFailed("vco"));
    failures.add(failure(database("vcvCO")));
    server = new FakeSqlServer().failingConnect(FakeSqlServer.connectionReset());
    failures.add(failure(database("vcvCO")));
    server = new FakeSqlServer().withDatabase("vcvCO", OFF, false).ignoringAlters();
    failures.add(failure(database("vcvCO")));
    server = new FakeSqlServer().withDatabase("x", OFF, false);
    failures.add(failure(database("vcvCO")));

    assertThat(failures).hasSize(4).doesNotContainNull();
    assertThat(failures).flatMap(PrepareDatabaseStepTest::messages).noneMatch(m -> m.contains(PASSWORD) || m.contains("Pa55"));
    assertThat(failures).map(Throwable::toString).noneMatch(m -> m.contains("Pa55"));
    assertThat(output.getAll()).contains("database [vcvCO] on SQL Server db.lab.local:1433").doesNotContain("Pa55");
  }
}
