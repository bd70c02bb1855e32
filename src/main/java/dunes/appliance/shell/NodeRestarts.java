package dunes.appliance.shell;

import dunes.engine.DunesTables;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What Dunes changed on a node that vco-server reads only at start, and when it last restarted
 * vco-server there: both committed in transactions of their own before the call they announce, so
 * that after a crash a restart is decided by what happened on the node, not by a process variable
 * that rolled back with the job. A node needs a restart when a change was marked after the last
 * restart issued to it.
 *
 * <p>DUNES_NODE_CHANGE: one row per attempt to change a node (a configuration workflow, a step by
 * hand); an attempt that finds the change already made withdraws its own row. DUNES_NODE_RESTART:
 * one row per restart step (stage instance, activity), its time renewed at each issue.
 */
@Component
public class NodeRestarts {

  static final String RESTARTS = "DUNES_NODE_RESTART";
  static final String CHANGES = "DUNES_NODE_CHANGE";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public NodeRestarts(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.ownTransaction = DunesTables.ownTransaction(transactions);
    DunesTables.createIfMissing(dataSource, RESTARTS, "PROC_INST_ID_ VARCHAR(64) NOT NULL, ACT_ID_ VARCHAR(255) NOT NULL,"
        + " HOST_ VARCHAR(255) NOT NULL, ISSUED_ BIGINT NOT NULL, PRIMARY KEY (PROC_INST_ID_, ACT_ID_)");
    DunesTables.createIfMissing(dataSource, CHANGES, "ID_ VARCHAR(64) NOT NULL, HOST_ VARCHAR(255) NOT NULL,"
        + " MARKED_ BIGINT NOT NULL, PRIMARY KEY (ID_)");
  }

  /** Commits "a change of {@code host} may follow" before it is made; returns the mark's id. */
  public String markChange(String host) {
    String id = UUID.randomUUID().toString();
    ownTransaction.executeWithoutResult(status -> jdbc.update("INSERT INTO " + CHANGES + " (ID_, HOST_, MARKED_)"
        + " VALUES (?, ?, ?)", id, host, System.currentTimeMillis()));
    return id;
  }

  /** The attempt that marked {@code id} found its change already made: it announces nothing. */
  public void withdrawChange(String id) {
    ownTransaction.executeWithoutResult(status -> jdbc.update("DELETE FROM " + CHANGES + " WHERE ID_ = ?", id));
  }

  /** Whether a change of {@code host} was marked after the last restart issued to it (or ever, before the first). */
  public boolean changedSinceLastRestart(String host) {
    Long lastRestart = jdbc.queryForObject("SELECT MAX(ISSUED_) FROM " + RESTARTS + " WHERE HOST_ = ?", Long.class, host);
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + CHANGES + " WHERE HOST_ = ? AND MARKED_ > ?", Integer.class,
        host, lastRestart == null ? Long.MIN_VALUE : lastRestart) > 0;
  }

  /** Whether the restart step ({@code processInstanceId}, {@code activityId}) issued its restart before. */
  public boolean issued(String processInstanceId, String activityId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + RESTARTS + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ?",
        Integer.class, processInstanceId, activityId) > 0;
  }

  /** Commits, before the command, that this restart step restarts {@code host} now. */
  public void markRestart(String processInstanceId, String activityId, String host) {
    ownTransaction.executeWithoutResult(status -> {
      jdbc.update("DELETE FROM " + RESTARTS + " WHERE PROC_INST_ID_ = ? AND ACT_ID_ = ?", processInstanceId, activityId);
      jdbc.update("INSERT INTO " + RESTARTS + " (PROC_INST_ID_, ACT_ID_, HOST_, ISSUED_) VALUES (?, ?, ?, ?)",
          processInstanceId, activityId, host, System.currentTimeMillis());
    });
  }
}
