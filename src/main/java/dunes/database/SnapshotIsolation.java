package dunes.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Converges a database to {@code ALLOW_SNAPSHOT_ISOLATION ON} and {@code READ_COMMITTED_SNAPSHOT ON},
 * which vCO (and Camunda's own engine database) need on SQL Server: read {@code sys.databases},
 * alter only what is off, read again and verify. Both already ON: nothing is altered.
 *
 * <p>{@code READ_COMMITTED_SNAPSHOT} can only change while no other connection uses the database;
 * without a termination clause the ALTER would wait for them indefinitely. {@code WITH ROLLBACK
 * IMMEDIATE} rolls back the open transactions of other sessions at once. That is acceptable here
 * because the database is new: vCO is not configured against it yet (this step runs before the
 * configurator's "create tables"), so nothing of value can be in flight. Run against a database in
 * use, it would cut those sessions' work.
 *
 * <p>The connection must be in auto-commit mode (ALTER DATABASE is refused inside a transaction)
 * and is best on {@code master}, so that this session is not itself a user of the database.
 */
public class SnapshotIsolation {

  static final String READ_STATE =
      "SELECT snapshot_isolation_state, is_read_committed_snapshot_on FROM sys.databases WHERE name = ?";
  public static final String ALLOW_SNAPSHOT_ISOLATION_ON = "ALLOW_SNAPSHOT_ISOLATION ON";
  public static final String READ_COMMITTED_SNAPSHOT_ON = "READ_COMMITTED_SNAPSHOT ON";

  private final int statementTimeoutSeconds;

  /** @param statementTimeout the longest one statement may run (an ALTER may wait for open transactions) */
  public SnapshotIsolation(Duration statementTimeout) {
    this.statementTimeoutSeconds = DatabaseProperties.seconds(statementTimeout);
  }

  /**
   * @throws DatabaseNotFoundException when {@code sys.databases} has no such database
   * @throws SnapshotIsolationPendingException while snapshot isolation is changing state
   * @throws SnapshotIsolationException when the options are not ON after the ALTERs
   * @throws SQLException on any fault of the connection or the server
   */
  public SnapshotIsolationResult ensureOn(Connection connection, DatabaseName database) throws SQLException {
    SnapshotIsolationState before = read(connection, database);
    requireKnown(database, before);
    List<String> changes = new ArrayList<>();
    if (!before.snapshotIsolationOn()) {
      execute(connection, allowSnapshotIsolationOn(database));
      changes.add(ALLOW_SNAPSHOT_ISOLATION_ON);
    }
    if (!before.readCommittedSnapshot()) {
      execute(connection, readCommittedSnapshotOn(database));
      changes.add(READ_COMMITTED_SNAPSHOT_ON);
    }
    if (changes.isEmpty()) {
      return new SnapshotIsolationResult(before, changes);
    }
    SnapshotIsolationState after = read(connection, database);
    requireKnown(database, after);
    if (!after.bothOn()) {
      throw new SnapshotIsolationException("database " + DatabaseName.printable(database.quoted())
          + " still has " + after + " after " + String.join(" and ", changes) + " was set");
    }
    return new SnapshotIsolationResult(after, changes);
  }

  /** The database's current state; never alters anything. */
  public SnapshotIsolationState read(Connection connection, DatabaseName database) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ_STATE)) {
      statement.setQueryTimeout(statementTimeoutSeconds);
      statement.setNString(1, database.name());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new DatabaseNotFoundException(database);
        }
        return new SnapshotIsolationState(
            row.getInt("snapshot_isolation_state"), row.getBoolean("is_read_committed_snapshot_on"));
      }
    }
  }

  static String allowSnapshotIsolationOn(DatabaseName database) {
    return "ALTER DATABASE " + database.quoted() + " SET " + ALLOW_SNAPSHOT_ISOLATION_ON;
  }

  static String readCommittedSnapshotOn(DatabaseName database) {
    return "ALTER DATABASE " + database.quoted() + " SET " + READ_COMMITTED_SNAPSHOT_ON + " WITH ROLLBACK IMMEDIATE";
  }

  private void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(statementTimeoutSeconds);
      statement.execute(sql);
    }
  }

  private static void requireKnown(DatabaseName database, SnapshotIsolationState state) {
    if (state.snapshotIsolationInTransition()) {
      throw new SnapshotIsolationPendingException(database, state);
    }
    if (state.snapshotIsolation() != SnapshotIsolationState.OFF && !state.snapshotIsolationOn()) {
      throw new SnapshotIsolationException("database " + DatabaseName.printable(database.quoted())
          + " reports " + state + ", a state SQL Server does not document");
    }
  }
}
