package dunes.engine;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dunes's own tables (DUNES_*) beside the engine's, in the engine's database: created at start
 * when missing. Columns use types that mean the same on H2, PostgreSQL and SQL Server (VARCHAR,
 * BIGINT epoch millis).
 */
public final class DunesTables {

  /**
   * Creates {@code table} with {@code columns} (the text between the parentheses) unless it exists.
   * Two engine nodes starting together may both find it missing: the one whose CREATE loses finds
   * it there afterwards, which is success too.
   */
  public static void createIfMissing(DataSource dataSource, String table, String columns) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      if (!exists(connection, table)) {
        try {
          connection.createStatement().execute("CREATE TABLE " + table + " (" + columns + ")");
        } catch (SQLException raced) {
          if (!exists(connection, table)) {
            throw raced;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds {@code column} of {@code type} to a table made by an earlier version of Dunes. Another
   * engine node adding it at the same moment is fine: the column is there either way.
   */
  public static void addColumnIfMissing(DataSource dataSource, String table, String column, String type) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      if (hasColumn(connection, table, column)) {
        return;
      }
      try {
        connection.createStatement().execute("ALTER TABLE " + table + " ADD " + column + " " + type);
      } catch (SQLException raced) {
        if (!hasColumn(connection, table, column)) {
          throw raced;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add column " + column + " to " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * The column type for text of any length (a JSON document): none is common to the three databases,
   * so it is the database's own: {@code TEXT} on PostgreSQL, {@code NVARCHAR(MAX)} on SQL Server,
   * {@code CLOB} elsewhere (H2). Each reads back with {@code getString}.
   */
  public static String largeText(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
      return product.contains("postgres") ? "TEXT" : product.contains("microsoft") ? "NVARCHAR(MAX)" : "CLOB";
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's product name: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the table is in the schema this connection creates tables in: another schema of the
   * same database may hold a Dunes of its own. PostgreSQL folds unquoted names to lower case, H2
   * and SQL Server keep them; '_' in a name is a metadata wildcard, so it is escaped.
   */
  private static boolean exists(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    for (String name : List.of(table, table.toLowerCase())) {
      try (ResultSet tables = meta.getTables(null, schema(connection), escaped(meta, name), null)) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    for (String name : List.of(table, table.toLowerCase())) {
      String columnName = name.equals(table) ? column : column.toLowerCase();
      try (ResultSet columns = meta.getColumns(null, schema(connection), escaped(meta, name), escaped(meta, columnName))) {
        if (columns.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The connection's current schema as a metadata pattern; null (any) where the driver cannot tell. */
  private static String schema(Connection connection) throws SQLException {
    String schema = connection.getSchema();
    return schema == null ? null : escaped(connection.getMetaData(), schema);
  }

  private static String escaped(DatabaseMetaData meta, String name) throws SQLException {
    String escape = meta.getSearchStringEscape();
    return escape == null || escape.isEmpty() ? name
        : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }

  private DunesTables() {}

  /**
   * A transaction of its own (REQUIRES_NEW) for a marker or a lock row: committed before the
   * external call it guards, whatever the job's own transaction does afterwards.
   */
  public static TransactionTemplate ownTransaction(PlatformTransactionManager transactions) {
    TransactionTemplate own = new TransactionTemplate(transactions);
    own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    return own;
  }
}
