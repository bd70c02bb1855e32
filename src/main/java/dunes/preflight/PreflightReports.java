package dunes.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.engine.DunesTables;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The preflight report of each build, by its business key (the change ticket), as JSON: the
 * certificates a plan shows and its approval pins come from here, a table of Dunes's own that no
 * variable write can change. A retried preflight replaces its build's report. The report holds no
 * credential: names, addresses and certificates only.
 */
@Component
public class PreflightReports {

  static final String TABLE = "DUNES_PREFLIGHT_REPORT";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public PreflightReports(DataSource dataSource, ObjectMapper json) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.json = json;
    DunesTables.createIfMissing(dataSource, TABLE, "BUILD_KEY_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " REPORT_ " + DunesTables.largeText(dataSource) + " NOT NULL, CREATED_ BIGINT NOT NULL");
  }

  public void save(String buildKey, PreflightReport report) {
    String text = write(report);
    long now = System.currentTimeMillis();
    if (jdbc.update("UPDATE " + TABLE + " SET REPORT_ = ?, CREATED_ = ? WHERE BUILD_KEY_ = ?", text, now, buildKey) == 0) {
      jdbc.update("INSERT INTO " + TABLE + " (BUILD_KEY_, REPORT_, CREATED_) VALUES (?, ?, ?)", buildKey, text, now);
    }
  }

  public Optional<PreflightReport> find(String buildKey) {
    return jdbc.queryForList("SELECT REPORT_ FROM " + TABLE + " WHERE BUILD_KEY_ = ?", String.class, buildKey)
        .stream().findFirst().map(this::read);
  }

  private String write(PreflightReport report) {
    try {
      return json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the preflight report as JSON: " + e.getMessage(), e);
    }
  }

  private PreflightReport read(String text) {
    try {
      return json.readValue(text, PreflightReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored preflight report is not readable: " + e.getMessage(), e);
    }
  }
}
