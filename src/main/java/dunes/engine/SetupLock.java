package dunes.engine;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
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
 * {@code SELECT ... FOR UPDATE} is not SQL Server syntax.
 */
@Component
public class SetupLock {

  static final String TABLE = "DUNES_SETUP";
  static final String COLUMNS = "NAME_ VARCHAR(64) NOT NULL PRIMARY KEY, LOCKED_ BIGINT NOT NULL";
  /** How long a node waits for another node's setup before it gives up starting. */
  static final Duration PATIENCE = Duration.ofMinutes(5);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public SetupLock(DataSource dataSource, PlatformTransactionManager transactionManager) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    DunesTables.createIfMissing(dataSource, TABLE, COLUMNS);
  }

  /** Runs {@code setup} while holding the row {@code name}, in one transaction. */
  public void run(String name, Runnable setup) {
    ensureRow(jdbc, name);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        transactions.executeWithoutResult(status -> {
          jdbc.update("UPDATE " + TABLE + " SET LOCKED_ = ? WHERE NAME_ = ?", System.currentTimeMillis(), name);
          setup.run();
        });
        return;
      } catch (PessimisticLockingFailureException busy) {
        // H2 stops waiting for a row lock after its lock timeout (1 s): the other node is still at it
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup '" + name + "' waited " + PATIENCE + " for another engine node"
              + " holding " + TABLE + "; is one stuck?", busy);
        }
      }
    }
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
