package dunes.build;

import dunes.engine.DunesTables;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One build per change ticket, enforced by the database: a ticket is claimed in the same
 * transaction that starts the build, under a primary key, so two requests racing on two engine
 * nodes cannot both start (the engine itself has no unique business key).
 */
@Component
public class TicketRegistry {

  static final String TABLE = "DUNES_TICKET";

  private final JdbcTemplate jdbc;

  public TicketRegistry(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    DunesTables.createIfMissing(dataSource, TABLE, "TICKET_ID_ VARCHAR(64) NOT NULL PRIMARY KEY, PROC_INST_ID_ VARCHAR(64) NOT NULL,"
            + " CREATED_ BIGINT NOT NULL");
  }

  /** @throws DuplicateBuildException when another build holds the ticket */
  public void claim(String ticket, String processInstanceId) {
    Optional<String> holder = holder(ticket);
    if (holder.isPresent()) {
      throw new DuplicateBuildException(ticket, holder.get());
    }
    try {
      jdbc.update("INSERT INTO " + TABLE + " (TICKET_ID_, PROC_INST_ID_, CREATED_) VALUES (?, ?, ?)",
          ticket, processInstanceId, System.currentTimeMillis());
    } catch (DuplicateKeyException raced) {
      throw new DuplicateBuildException(ticket, holder(ticket).orElse("another build"));
    }
  }

  public Optional<String> holder(String ticket) {
    List<String> ids = jdbc.queryForList(
        "SELECT PROC_INST_ID_ FROM " + TABLE + " WHERE TICKET_ID_ = ?", String.class, ticket);
    return ids.stream().findFirst();
  }

}
