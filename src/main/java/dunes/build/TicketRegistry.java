package dunes.build;

import dunes.engine.DunesTables;
import dunes.engine.SavepointInsert;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One build per change ticket, enforced by the database: a ticket is claimed in the same
 * transaction that starts the build, under a primary key, so two requests racing on two engine
 * nodes cannot both start (the engine itself has no unique business key). The claim also records
 * who requested the build: a fact no process variable, completion or variable write can change,
 * which four eyes compares approvers with.
 */
@Component
public class TicketRegistry {

  static final String TABLE = "DUNES_TICKET";

  private final JdbcTemplate jdbc;
  private final SavepointInsert insert;

  public TicketRegistry(DataSource dataSource, SavepointInsert insert) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert = insert;
    DunesTables.createIfMissing(dataSource, TABLE, "TICKET_ID_ VARCHAR(64) NOT NULL PRIMARY KEY, PROC_INST_ID_ VARCHAR(64) NOT NULL,"
            + " CREATED_ BIGINT NOT NULL, REQUESTER_ VARCHAR(255)");
    DunesTables.addColumnIfMissing(dataSource, TABLE, "REQUESTER_", "VARCHAR(255)"); // a table from before requesters
  }

  /**
   * Claims {@code ticket} for the build {@code processInstanceId} requested by {@code requester};
   * the same build claiming again changes nothing.
   *
   * @throws DuplicateBuildException when another build holds the ticket
   */
  public void claim(String ticket, String processInstanceId, String requester) {
    Optional<String> holder = holder(ticket);
    if (holder.isPresent()) {
      if (holder.get().equals(processInstanceId)) {
        return;
      }
      throw new DuplicateBuildException(ticket, holder.get());
    }
    // a build starting on another engine node may commit the ticket first: it is that build's
    if (!insert.inserted("INSERT INTO " + TABLE + " (TICKET_ID_, PROC_INST_ID_, CREATED_, REQUESTER_) VALUES (?, ?, ?, ?)",
        ticket, processInstanceId, System.currentTimeMillis(), requester)) {
      throw new DuplicateBuildException(ticket, holder(ticket).orElse("another build"));
    }
  }

  public Optional<String> holder(String ticket) {
    List<String> ids = jdbc.queryForList(
        "SELECT PROC_INST_ID_ FROM " + TABLE + " WHERE TICKET_ID_ = ?", String.class, ticket);
    return ids.stream().findFirst();
  }

  /** The ticket the build {@code processInstanceId} holds; empty before its claim. */
  public Optional<String> ticketOf(String processInstanceId) {
    return jdbc.queryForList("SELECT TICKET_ID_ FROM " + TABLE + " WHERE PROC_INST_ID_ = ?", String.class,
        processInstanceId).stream().findFirst();
  }

  /** Who requested the ticket's build; empty for an unknown ticket or one claimed before requesters were recorded. */
  public Optional<String> requester(String ticket) {
    List<String> requesters = jdbc.queryForList(
        "SELECT REQUESTER_ FROM " + TABLE + " WHERE TICKET_ID_ = ?", String.class, ticket);
    return requesters.stream().filter(r -> r != null && !r.isBlank()).findFirst();
  }
}
