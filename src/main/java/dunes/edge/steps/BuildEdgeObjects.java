package dunes.edge.steps;

import dunes.engine.DunesTables;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ids of the edge objects a build created (DUNES_EDGE_OBJECT), recorded by the step that
 * created or found them under the build's mark, so the undo removes exactly those by id. Kept in
 * the engine's database rather than in a variable: the stage is a called process whose variables
 * never reach the caller when it is interrupted, and the undo runs in the caller.
 */
@Component
public class BuildEdgeObjects {

  static final String TABLE = "DUNES_EDGE_OBJECT";
  static final String POOL = "pool";
  static final String VIRTUAL_SERVER = "virtualServer";

  /** One recorded object: its kind ({@value #POOL} or {@value #VIRTUAL_SERVER}), id and name. */
  public record EdgeObject(String kind, String id, String name) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;

  public BuildEdgeObjects(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.savepoint = new TransactionTemplate(transactions);
    savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    DunesTables.createIfMissing(dataSource, TABLE, "TICKET_ID_ VARCHAR(64) NOT NULL, EDGE_KEY_ VARCHAR(255) NOT NULL,"
        + " KIND_ VARCHAR(32) NOT NULL, OBJECT_ID_ VARCHAR(64) NOT NULL, NAME_ VARCHAR(255) NOT NULL,"
        + " CREATED_AT_ BIGINT NOT NULL, PRIMARY KEY (TICKET_ID_, EDGE_KEY_, KIND_, OBJECT_ID_)");
  }

  /** Records an object of the build's; a second record of it changes nothing. */
  public void record(String ticket, String edge, String kind, String id, String name) {
    if (!list(ticket, edge, kind).stream().map(EdgeObject::id).toList().contains(id)) {
      try {
        // inside a savepoint: PostgreSQL aborts a whole transaction on a failed statement
        savepoint.executeWithoutResult(status -> jdbc.update("INSERT INTO " + TABLE
            + " (TICKET_ID_, EDGE_KEY_, KIND_, OBJECT_ID_, NAME_, CREATED_AT_) VALUES (?, ?, ?, ?, ?, ?)",
            ticket, edge, kind, id, name, ClockUtil.getCurrentTime().getTime()));
      } catch (DuplicateKeyException raced) {
        // recorded by a concurrent run of the same step: the record is what matters
      }
    }
  }

  public List<EdgeObject> list(String ticket, String edge, String kind) {
    return jdbc.query("SELECT KIND_, OBJECT_ID_, NAME_ FROM " + TABLE
        + " WHERE TICKET_ID_ = ? AND EDGE_KEY_ = ? AND KIND_ = ? ORDER BY CREATED_AT_, OBJECT_ID_",
        (rs, i) -> new EdgeObject(rs.getString(1), rs.getString(2), rs.getString(3)), ticket, edge, kind);
  }

  /** The object is gone from the edge: its record goes too. */
  public void forget(String ticket, String edge, String kind, String id) {
    jdbc.update("DELETE FROM " + TABLE + " WHERE TICKET_ID_ = ? AND EDGE_KEY_ = ? AND KIND_ = ? AND OBJECT_ID_ = ?",
        ticket, edge, kind, id);
  }
}
