package dunes.pki;

import dunes.engine.DunesTables;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What {@link ReadPresentedCertificateStep} read, per ConfirmCertificate instance: the one
 * fingerprint an operator's acceptance may pin. A table of Dunes's own, not a process variable: a
 * completion or a variable write can change the variable {@code certificateFingerprint} the form
 * shows, never this row. Written in the transaction of the read, so a retried read replaces it.
 */
@Component
public class PresentedCertificates {

  static final String TABLE = "DUNES_PRESENTED_CERTIFICATE";

  /** The certificate (or SSH host key) {@code endpoint} presented to Dunes at {@code readAt}. */
  public record Presented(String endpoint, String fingerprint, Instant readAt) {}

  private final JdbcTemplate jdbc;

  public PresentedCertificates(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    DunesTables.createIfMissing(dataSource, TABLE, "PROC_INST_ID_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " ENDPOINT_ VARCHAR(512) NOT NULL, FINGERPRINT_ VARCHAR(255) NOT NULL, READ_ BIGINT NOT NULL");
  }

  public void record(String processInstanceId, String endpoint, String fingerprint, Instant readAt) {
    int updated = jdbc.update("UPDATE " + TABLE + " SET ENDPOINT_ = ?, FINGERPRINT_ = ?, READ_ = ? WHERE PROC_INST_ID_ = ?",
        endpoint, fingerprint, readAt.toEpochMilli(), processInstanceId);
    if (updated == 0) {
      jdbc.update("INSERT INTO " + TABLE + " (PROC_INST_ID_, ENDPOINT_, FINGERPRINT_, READ_) VALUES (?, ?, ?, ?)",
          processInstanceId, endpoint, fingerprint, readAt.toEpochMilli());
    }
  }

  public Optional<Presented> find(String processInstanceId) {
    return jdbc.query("SELECT ENDPOINT_, FINGERPRINT_, READ_ FROM " + TABLE + " WHERE PROC_INST_ID_ = ?",
        (row, n) -> new Presented(row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))),
        processInstanceId).stream().findFirst();
  }
}
