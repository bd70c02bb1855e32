package dunes.engine;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

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
      if (!exists(connection.getMetaData(), table)) {
        try {
          connection.createStatement().execute("CREATE TABLE " + table + " (" + columns + ")");
        } catch (SQLException raced) {
          if (!exists(connection.getMetaData(), table)) {
            throw raced;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table " + table + ": " + e.getMessage(), e);
    }
  }

  /** PostgreSQL folds unquoted names to lower case, H2 and SQL Server keep them. */
  private static boolean exists(DatabaseMetaData meta, String table) throws SQLException {
    for (String name : List.of(table, table.toLowerCase())) {
      try (ResultSet tables = meta.getTables(null, null, name, null)) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private DunesTables() {}
}
