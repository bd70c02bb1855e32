package dunes.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads every engine and Dunes table whole, for tests that prove no secret is stored. */
public final class EngineTables {

  private EngineTables() {}

  /** The engine's ACT_* and Dunes's DUNES_* tables. */
  public static List<String> names(DataSource dataSource) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'ACT\\_%'"
            + " OR TABLE_NAME LIKE 'DUNES\\_%'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  /** "TABLE.COLUMN holds a secret value" for every cell (text, bytes, blobs) that contains a needle. */
  public static List<String> hits(DataSource dataSource, List<String> needles) throws SQLException {
    List<String> hits = new ArrayList<>();
    for (String table : names(dataSource)) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : value instanceof java.sql.Blob blob ? new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8)
                : String.valueOf(value);
            for (String needle : needles) {
              if (text.contains(needle)) {
                hits.add(table + "." + rs.getMetaData().getColumnName(i) + " holds a secret value");
              }
            }
          }
        }
      }
    }
    return hits;
  }
}
