package dunes.lab.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.build.BuildSpec;
import dunes.database.DatabaseLoginRefusedException;
import dunes.database.DatabaseNotFoundException;
import dunes.lab.LabJournal;
import dunes.secrets.SecretStore;
import dunes.secrets.TestSecrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabSqlServerTest {

  private static final Map<String, String> VALUES = Map.of("vco-db", "Db-Pw-1", "wrong-db", "nope");
  private static final SecretStore SECRETS = TestSecrets.onLoopback(VALUES);

  private final LabJournal journal = new LabJournal();
  private final LabSqlServer server = new LabSqlServer(List.of("vcvCO"), SECRETS, journal);

  @Test
  void shouldTurnBothOptionsOnOnceAndChangeNothingTheSecondTime() {
    var first = server.ensureSnapshotIsolation(database("vcvCO", "vco-db"));
    var second = server.ensureSnapshotIsolation(database("vcvCO", "vco-db"));

    assertThat(first.changes()).containsExactly("ALLOW_SNAPSHOT_ISOLATION ON", "READ_COMMITTED_SNAPSHOT ON");
    assertThat(second.changed()).isFalse();
    assertThat(second.state().bothOn()).isTrue();
    assertThat(journal.entries("database")).extracting(LabJournal.Entry::detail)
        .containsExactly("ALLOW_SNAPSHOT_ISOLATION ON", "READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
  }

  @Test
  void shouldRefuseAWrongPasswordAndAnUnknownDatabase() {
    assertThatThrownBy(() -> server.ensureSnapshotIsolation(database("vcvCO", "wrong-db")))
        .isInstanceOf(DatabaseLoginRefusedException.class).hasMessageContaining("vco").hasMessageNotContaining("nope");
    assertThatThrownBy(() -> server.ensureSnapshotIsolation(database("other", "vco-db")))
        .isInstanceOf(DatabaseNotFoundException.class).hasMessageContaining("other");
    assertThat(journal.entries("database")).isEmpty();
  }

  private static BuildSpec.Database database(String name, String passwordRef) {
    return new BuildSpec.Database("db.lab.local", 1433, null, name, "vco", passwordRef);
  }
}
