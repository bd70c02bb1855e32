package dunes.lab.database;

import static java.nio.charset.StandardCharsets.UTF_8;

import dunes.build.BuildSpec;
import dunes.build.SecretUses;
import dunes.database.DatabaseException;
import dunes.database.DatabaseLoginRefusedException;
import dunes.database.DatabaseName;
import dunes.database.DatabaseNotFoundException;
import dunes.database.DatabasePort;
import dunes.database.SnapshotIsolationResult;
import dunes.database.SnapshotIsolationState;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's vCO database server. No SQL Server runs here and none can be simulated at the wire
 * (TDS), so the lab stands in at the port: databases the lab knows ({@code dunes.lab.database.names})
 * start with both snapshot options OFF, the login is the request's user with the lab's
 * {@code vco-db} secret, and each option set is journaled (system {@code database}) — the same
 * read-compare-set contract as {@code SnapshotIsolation} on a real server. The lab's knobs on
 * {@code database:<name>} fail a call before it changes anything, as the product's adapter reports
 * mssql-jdbc's faults ({@link DatabaseException} around the driver's {@link SQLException}).
 */
public final class LabSqlServer implements DatabasePort {

  private final Map<String, SnapshotIsolationState> databases = new ConcurrentHashMap<>();
  private final SecretStore secrets;
  private final Secret password;
  private final LabJournal journal;
  private final LabFaults faults;

  public LabSqlServer(List<String> names, SecretStore secrets, LabJournal journal) {
    this(names, secrets, journal, new LabFaults());
  }

  public LabSqlServer(List<String> names, SecretStore secrets, LabJournal journal, LabFaults faults) {
    names.forEach(n -> databases.put(n, new SnapshotIsolationState(SnapshotIsolationState.OFF, false)));
    this.secrets = secrets;
    this.password = secrets.resolve(new SecretRef("vco-db"));
    this.journal = journal;
    this.faults = faults;
  }

  @Override
  public synchronized SnapshotIsolationResult ensureSnapshotIsolation(BuildSpec.Database database) {
    faults.next("database:" + database.name()).ifPresent(fault -> {
      throw fault(database, fault);
    });
    // as the product's adapter: the password goes only where its binding allows
    Secret given = secrets.resolveFor(new SecretRef(database.passwordRef()), SecretUses.database(database));
    if (!MessageDigest.isEqual(given.revealAsString().getBytes(UTF_8), password.revealAsString().getBytes(UTF_8))) {
      throw new DatabaseLoginRefusedException("SQL Server at " + database.host() + " refused the login of '"
          + database.username() + "' (Login failed, error 18456)", null);
    }
    SnapshotIsolationState state = databases.get(database.name());
    if (state == null) {
      throw new DatabaseNotFoundException(DatabaseName.of(database.name()));
    }
    List<String> changes = new ArrayList<>();
    if (!state.snapshotIsolationOn()) {
      changes.add("ALLOW_SNAPSHOT_ISOLATION ON");
      journal.record("database", database.name(), "alter", "ALLOW_SNAPSHOT_ISOLATION ON");
    }
    if (!state.readCommittedSnapshot()) {
      changes.add("READ_COMMITTED_SNAPSHOT ON");
      journal.record("database", database.name(), "alter", "READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
    }
    SnapshotIsolationState after = new SnapshotIsolationState(SnapshotIsolationState.ON, true);
    databases.put(database.name(), after);
    return new SnapshotIsolationResult(after, changes);
  }

  /** What mssql-jdbc surfaces for each fault (its messages and SQLStates), in the adapter's words. */
  private static DatabaseException fault(BuildSpec.Database database, LabFaults.Kind kind) {
    SQLException cause = switch (kind) {
      case RESET -> new SQLTransientConnectionException("Connection reset", "08S01");
      case GARBAGE -> new SQLTransientConnectionException("The TDS protocol stream is not valid.", "08S01");
      case TIMEOUT -> new SQLTransientConnectionException("Read timed out", "08S01");
      // a server busy with the database: ALTER DATABASE cannot lock it (error 5061)
      default -> new SQLException("ALTER DATABASE failed because a lock could not be placed on database '"
          + database.name() + "'. Try again later.", "S0001", 5061);
    };
    return new DatabaseException("cannot turn snapshot isolation on for database [" + database.name()
        + "] on SQL Server " + database.host() + " (SQLState " + cause.getSQLState() + ", error "
        + cause.getErrorCode() + "): " + cause.getMessage(), cause);
  }
}
