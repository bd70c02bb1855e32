package dunes.engine;

import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An INSERT that may lose a race on its key to another engine node, run inside a savepoint of the
 * caller's transaction: PostgreSQL aborts the whole transaction on a failed statement, so without
 * the savepoint the caller could not even read who won. Outside a transaction it runs in its own.
 */
@Component
public class SavepointInsert {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;

  public SavepointInsert(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.savepoint = new TransactionTemplate(transactions);
    savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** Runs the INSERT {@code sql}; false when the key was there already (the caller's transaction goes on). */
  public boolean inserted(String sql, Object... parameters) {
    try {
      savepoint.executeWithoutResult(status -> jdbc.update(sql, parameters));
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }
}
