package dunes.database;

import dunes.build.BuildSpec;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link DatabasePort} over mssql-jdbc: one connection per call, closed before returning. */
class SqlServerDatabase implements DatabasePort {

  private static final Logger LOG = LoggerFactory.getLogger(SqlServerDatabase.class);

  private final SqlServerConnections connections;
  private final SnapshotIsolation snapshotIsolation;

  SqlServerDatabase(SqlServerConnections connections, SnapshotIsolation snapshotIsolation) {
    this.connections = connections;
    this.snapshotIsolation = snapshotIsolation;
  }

  @Override
  public SnapshotIsolationResult ensureSnapshotIsolation(BuildSpec.Database database) {
    DatabaseName name = DatabaseName.of(database.name());
    String server = SqlServerUrl.server(database);
    try (Connection connection = connections.open(database)) {
      SnapshotIsolationResult result = snapshotIsolation.ensureOn(connection, name);
      LOG.info("database {} on SQL Server {}: {} (changed: {})",
          DatabaseName.printable(name.quoted()), server, result.state(), result.summary());
      return result;
    } catch (SQLException e) {
      throw new DatabaseException("cannot turn snapshot isolation on for database " + DatabaseName.printable(name.quoted())
          + " on SQL Server " + server + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + "): "
          + e.getMessage(), e);
    }
  }
}
