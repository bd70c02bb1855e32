package dunes.engine;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Engine nodes starting together on an empty database would each create the engine's schema, and
 * all but one fail ("relation already exists"); the starter's admin user is made check-then-insert
 * too. So the engine's build (schema creation or update, then the other plugins' work) runs while
 * this node holds the {@code engine-start} row of {@link SetupLock#TABLE} in an open transaction
 * on a connection of its own: a second node waits in {@link #preInit} until the first has built
 * its engine, then finds the schema and the admin in place. The last plugin, so it lets go last.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class EngineStartLock extends AbstractProcessEnginePlugin {

  static final String ROW = "engine-start";
  private static final Logger LOG = LoggerFactory.getLogger(EngineStartLock.class);

  private final DataSource dataSource;
  private Connection held;

  public EngineStartLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    DunesTables.createIfMissing(dataSource, SetupLock.TABLE, SetupLock.COLUMNS);
    SetupLock.ensureRow(new JdbcTemplate(dataSource), ROW);
    long deadline = System.nanoTime() + SetupLock.PATIENCE.toNanos();
    try {
      held = dataSource.getConnection();
      held.setAutoCommit(false);
      JdbcTemplate locking = SetupLock.locking(new SingleConnectionDataSource(held, true), SetupLock.PATIENCE);
      while (true) {
        try {
          SetupLock.take(locking, ROW, SetupLock.PATIENCE);
          return;
        } catch (PessimisticLockingFailureException busy) {
          // H2 stops waiting after its lock timeout; PostgreSQL and SQL Server wait in the UPDATE
          held.rollback();
          if (System.nanoTime() > deadline) {
            throw SetupLock.stuck(ROW, SetupLock.PATIENCE, busy);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      release();
      throw e instanceof IllegalStateException stuck ? stuck
          : new IllegalStateException("cannot take the engine start lock: " + e.getMessage(), e);
    }
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    release();
  }

  /** Commits (ends the lock); a node whose engine build failed lets go when its JVM ends. */
  private synchronized void release() {
    if (held == null) {
      return;
    }
    try (Connection connection = held) {
      connection.commit();
    } catch (SQLException e) {
      LOG.warn("releasing the engine start lock: {}", e.getMessage());
    } finally {
      held = null;
    }
  }
}
