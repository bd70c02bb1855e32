package dunes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.build.BuildSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlServerUrlTest {

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

  private static BuildSpec.Database database(String host, Integer port, String instance) {
    return new BuildSpec.Database(host, port, instance, "vcvCO", "vco", "vco-db");
  }

  @Test
  void shouldConnectToMasterOverVerifiedTls() {
    assertThat(SqlServerUrl.forMaster(database("db.lab.local", null, null), LOGIN_TIMEOUT)).isEqualTo(
        "jdbc:sqlserver://db.lab.local:1433;databaseName=master;encrypt=true;trustServerCertificate=false"
            + ";loginTimeout=30;applicationName=dunes");
  }

  @Test
  void shouldNeverTrustAnyServerCertificate() {
    for (BuildSpec.Database d : new BuildSpec.Database[] {
        database("db.lab.local", null, null), database("10.0.0.5", 14330, "VCO"), database("db", 1433, "VCO")}) {
      String url = SqlServerUrl.forMaster(d, LOGIN_TIMEOUT);
      assertThat(url).contains(";encrypt=true;").contains(";trustServerCertificate=false;")
          .doesNotContainIgnoringCase("trustServerCertificate=true").doesNotContainIgnoringCase("encrypt=false");
    }
  }

  @Test
  void shouldLeaveTheDefaultPortOutForANamedInstanceSoTheDriverAsksTheBrowserService() {
    assertThat(SqlServerUrl.forMaster(database("db.lab.local", null, "VCO"), LOGIN_TIMEOUT)).isEqualTo(
        "jdbc:sqlserver://db.lab.local;databaseName=master;encrypt=true;trustServerCertificate=false"
            + ";instanceName=VCO;loginTimeout=30;applicationName=dunes");
  }

  @Test
  void shouldKeepAnExplicitPortWithANamedInstance() {
    assertThat(SqlServerUrl.forMaster(database("db.lab.local", 14330, "VCO"), LOGIN_TIMEOUT))
        .startsWith("jdbc:sqlserver://db.lab.local:14330;").contains(";instanceName=VCO;");
  }

  @Test
  void shouldTreatABlankInstanceAsTheDefaultInstance() {
    assertThat(SqlServerUrl.forMaster(database("db.lab.local", null, " "), LOGIN_TIMEOUT))
        .startsWith("jdbc:sqlserver://db.lab.local:1433;").doesNotContain("instanceName");
  }

  @Test
  void shouldTakeTheLoginTimeoutInWholeSecondsRoundedUp() {
    assertThat(SqlServerUrl.forMaster(database("db", null, null), Duration.ofSeconds(45))).contains(";loginTimeout=45;");
    assertThat(SqlServerUrl.forMaster(database("db", null, null), Duration.ofMillis(1500))).contains(";loginTimeout=2;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db;trustServerCertificate=true", "db:1433", "db\\VCO", "{db}", "", " db", "db=x"})
  void shouldRefuseAHostThatCouldChangeTheUrl(String host) {
    assertThatThrownBy(() -> SqlServerUrl.forMaster(database(host, null, null), LOGIN_TIMEOUT))
        .isInstanceOf(InvalidDatabaseRequestException.class).hasMessageStartingWith("database.host ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"VCO;trustServerCertificate=true", "VCO}", "V CO", "SEVENTEEN_CHARS_X", "1VCO", "VCO\u0000"})
  void shouldRefuseAnInstanceThatIsNotAnInstanceName(String instance) {
    assertThatThrownBy(() -> SqlServerUrl.forMaster(database("db.lab.local", null, instance), LOGIN_TIMEOUT))
        .isInstanceOf(InvalidDatabaseRequestException.class).hasMessageStartingWith("database.instance ");
  }

  @Test
  void shouldDescribeTheServerForMessages() {
    assertThat(SqlServerUrl.server(database("db.lab.local", null, null))).isEqualTo("db.lab.local:1433");
    assertThat(SqlServerUrl.server(database("db.lab.local", null, "VCO"))).isEqualTo("db.lab.local\\VCO");
    assertThat(SqlServerUrl.server(database("db.lab.local", 14330, "VCO"))).isEqualTo("db.lab.local\\VCO:14330");
  }
}
