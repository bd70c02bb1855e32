package dunes.lab.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.build.BuildSpec;
import dunes.database.DatabaseLoginRefusedException;
import dunes.database.DatabaseNotFoundException;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.secrets.SecretStore;
import dunes.secrets.TestSecrets;
import dunes.database.SnapshotIsolationResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void shouldBeOneServerForEveryServerObjectOnOneStateDirectory(@TempDir Path dir) throws IOException {
    LabJournal otherJournal = new LabJournal();
    LabSqlServer first = new LabSqlServer(List.of("vcvCO"), SECRETS, journal, dir, new LabFaults());
    LabSqlServer second = new LabSqlServer(List.of("vcvCO"), SECRETS, otherJournal, dir, new LabFaults());

    var changed = first.ensureSnapshotIsolation(database("vcvCO", "vco-db"));
    Files.writeString(dir.resolve("sqlserver.jsonl"), "{\"database\":\"vcvCO\",\"snapsh", StandardOpenOption.APPEND);
    var seen = second.ensureSnapshotIsolation(database("vcvCO", "vco-db"));
    var afterRestart = new LabSqlServer(List.of("vcvCO"), SECRETS, new LabJournal(), dir, new LabFaults())
        .ensureSnapshotIsolation(database("vcvCO", "vco-db"));

    assertThat(changed.changes()).hasSize(2);
    assertThat(seen.changed()).as("the other server object saw the options set").isFalse();
    assertThat(afterRestart.changed()).isFalse();
    assertThat(journal.entries("database")).hasSize(2);
    assertThat(otherJournal.entries("database")).isEmpty();
    assertThat(Files.readAllLines(dir.resolve("sqlserver.jsonl"))).as("one change; the torn line is gone")
        .containsExactly("{\"database\":\"vcvCO\",\"snapshotIsolationState\":1,\"readCommittedSnapshot\":true}");
  }

  @Test
  void shouldWaitForAnotherProcessHoldingTheServerAndSeeWhatItSet(@TempDir Path dir) throws Exception {
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SqlServerLockHolder.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      LabSqlServer server = new LabSqlServer(List.of("vcvCO"), SECRETS, journal, dir, new LabFaults());
      CompletableFuture<SnapshotIsolationResult> call =
          CompletableFuture.supplyAsync(() -> server.ensureSnapshotIsolation(database("vcvCO", "vco-db")));

      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !call.isDone());
      other.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      other.getOutputStream().flush();
      SnapshotIsolationResult result = call.get(10, TimeUnit.SECONDS);

      assertThat(result.changed()).as("the other process had set both options").isFalse();
      assertThat(result.state().bothOn()).isTrue();
      assertThat(journal.entries("database")).isEmpty();
    } finally {
      other.destroy();
    }
  }

  private static BuildSpec.Database database(String name, String passwordRef) {
    return new BuildSpec.Database("db.lab.local", 1433, null, name, "vco", passwordRef);
  }
}
