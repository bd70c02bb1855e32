package dunes.engine;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time setup that engine nodes sharing a database must not do twice: each setup has a row in
 * DUNES_SETUP, and its work runs in one transaction that first updates that row. The update holds
 * the row's write lock until the commit, so a second node starting at the same moment waits there
 * and then finds the work done. Engine calls made inside join the transaction (the engine takes
 * Spring's transaction manager). An UPDATE locks a row alike on H2, PostgreSQL and SQL Server;
 * {@code SELECT ... FOR UPDATE} is not SQL Server syntax. PostgreSQL and SQL Server wait for a
 * row lock without end, so the UPDATE carries a statement timeout: a stuck node is named, not
 * waited for forever.
 */
@Component
public class SetupLock {

  static final String TABLE = "DUNES_SETUP";
  static final String COLUMNS = "NAME_ VARCHAR(64) NOT NULL PRIMARY KEY, LOCKED_ BIGINT NOT NULL";
  /** How long a node waits for another node's setup before it gives up starting. */
  static final Duration PATIENCE = Duration.ofMinutes(5);

  private final JdbcTemplate jdbc;
  private final JdbcTemplate locking;
  private final TransactionTemplate transactions;
  private final Duration patience;

  @Autowired
  public SetupLock(DataSource dataSource, PlatformTransactionManager transactionManager) {
    this(dataSource, transactionManager, PATIENCE);
  }

  SetupLock(DataSource dataSource, PlatformTransactionManager transactionManager, Duration patience) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.locking = locking(dataSource, patience);
    this.transactions = new TransactionTemplate(transactionManager);
    this.patience = patience;
    DunesTables.createIfMissing(dataSource, TABLE, COLUMNS);
  }

  /** Runs {@code setup} while holding the row {@code name}, in one transaction. */
  public void run(String name, Runnable setup) {
    ensureRow(jdbc, name);
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        transactions.executeWithoutResult(status -> {
          take(locking, name, patience);
          setup.run();
        });
        return;
      } catch (PessimisticLockingFailureException busy) {
        // H2 stops waiting for a row lock after its lock timeout (1 s): the other node is still at it
        if (System.nanoTime() > deadline) {
          throw stuck(name, patience, busy);
        }
      }
    }
  }

  /** Statements that give up after {@code patience} (JDBC's query timeout, which all three databases honour). */
  static JdbcTemplate locking(DataSource dataSource, Duration patience) {
    JdbcTemplate template = new JdbcTemplate(dataSource);
    template.setQueryTimeout((int) Math.max(1, patience.toSeconds()));
    return template;
  }

  /** Locks the row {@code name} in the current transaction, waiting at most as long as {@code locking} lets it. */
  static void take(JdbcTemplate locking, String name, Duration patience) {
    try {
      locking.update("UPDATE " + TABLE + " SET LOCKED_ = ? WHERE NAME_ = ?", System.currentTimeMillis(), name);
    } catch (QueryTimeoutException waitedOut) {
      throw stuck(name, patience, waitedOut);
    }
  }

  static IllegalStateException stuck(String name, Duration patience, Exception cause) {
    return new IllegalStateException("'" + name + "' waited " + patience + " for another engine node holding "
        + TABLE + " row '" + name + "'; is one stuck?", cause);
  }

  static void ensureRow(JdbcTemplate jdbc, String name) {
    Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE NAME_ = ?", Integer.class, name);
    if (rows == null || rows == 0) {
      try {
        jdbc.update("INSERT INTO " + TABLE + " (NAME_, LOCKED_) VALUES (?, 0)", name);
      } catch (DuplicateKeyException raced) {
        // another node inserted it first: the row is what matters
      }
    }
  }
}
