package dunes.build;

import dunes.engine.DunesTables;
import dunes.engine.SavepointInsert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.camunda.bpm.engine.BadUserRequestException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Cancellations of change tickets, one row per ticket, kept whatever the build's state: written in
 * the transaction that starts a {@code CancelBuild} delivery (so it commits before the cancel is
 * answered, and apart from the build's own transactions, which a running job can roll back), and
 * marked honoured in the transaction that interrupts the build. A cancelled ticket never builds.
 */
@Component
public class CancelRegistry {

  static final String TABLE = "DUNES_CANCEL";

  /** A change ticket's cancellation: who asked and when; which build took it, and when. */
  public record Cancellation(String ticket, String requestedBy, Instant requestedAt, String processInstanceId,
      Instant honouredAt) {}

  private final JdbcTemplate jdbc;
  private final SavepointInsert insert;

  public CancelRegistry(DataSource dataSource, SavepointInsert insert) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert = insert;
    DunesTables.createIfMissing(dataSource, TABLE, "TICKET_ID_ VARCHAR(64) NOT NULL PRIMARY KEY,"
        + " REQUESTED_BY_ VARCHAR(255), REQUESTED_AT_ BIGINT NOT NULL, PROC_INST_ID_ VARCHAR(64), HONOURED_AT_ BIGINT");
  }

  /**
   * Records the cancellation of {@code ticket} unless it is recorded already: the first request
   * stays (who and when), so a repeat changes nothing.
   *
   * @throws BadUserRequestException when {@code ticket} is no change ticket id
   */
  public Cancellation record(String ticket, String requestedBy) {
    if (ticket == null || !BuildSpecValidator.TICKET.matcher(ticket).matches()) {
      throw new BadUserRequestException("a cancel names its change ticket as business key: 1-64 letters, digits,"
          + " '.', '_' or '-'");
    }
    Optional<Cancellation> recorded = find(ticket);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    // false when another cancel of the ticket committed first: its record stands
    insert.inserted("INSERT INTO " + TABLE + " (TICKET_ID_, REQUESTED_BY_, REQUESTED_AT_) VALUES (?, ?, ?)",
        ticket, requestedBy, System.currentTimeMillis());
    return find(ticket).orElseThrow();
  }

  /** The build {@code processInstanceId} took the cancellation: its cancel path runs. */
  public void honoured(String ticket, String processInstanceId) {
    jdbc.update("UPDATE " + TABLE + " SET PROC_INST_ID_ = ?, HONOURED_AT_ = ? WHERE TICKET_ID_ = ?",
        processInstanceId, System.currentTimeMillis(), ticket);
  }

  public Optional<Cancellation> find(String ticket) {
    List<Cancellation> rows = jdbc.query("SELECT TICKET_ID_, REQUESTED_BY_, REQUESTED_AT_, PROC_INST_ID_, HONOURED_AT_"
        + " FROM " + TABLE + " WHERE TICKET_ID_ = ?", (rs, i) -> new Cancellation(rs.getString(1), rs.getString(2),
            Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), instant(rs.getObject(5))), ticket);
    return rows.stream().findFirst();
  }

  private static Instant instant(Object millis) {
    return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
  }
}
