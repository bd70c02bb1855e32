package dunes.edge.lock;

import dunes.edge.EdgePort;
import dunes.engine.DunesTables;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One build at a time on an edge, across builds and engine nodes: a row per (manager, edge) in
 * DUNES_EDGE_LOCK, in the engine's database. The vShield Manager has no version check on the load
 * balancer configuration or a vNIC, so two builds that each read, edit and PUT back would drop
 * each other's changes; the row makes them take turns.
 *
 * <p>Taken by an INSERT under the primary key (a second INSERT fails on the key) or by a
 * conditional UPDATE of a row whose lease ran out (a crashed holder blocks nobody for longer than
 * its lease); renewed by its holder with an UPDATE that names it. Each call commits on its own
 * (REQUIRES_NEW): the hold must be visible to other nodes at once, and must not wait for the job
 * that took it, whose HTTP calls can take a minute. Times come from the engine's clock, so the
 * nodes' clocks must agree, as the engine's own job locks already require.
 */
@Component
public class EdgeLocks {

  static final String TABLE = "DUNES_EDGE_LOCK";
  private static final String COLUMNS = "EDGE_KEY_, TICKET_ID_, PROC_INST_ID_, ACQUIRED_AT_, EXPIRES_AT_";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate own;
  private final EdgeLockSettings settings;

  public EdgeLocks(DataSource dataSource, PlatformTransactionManager transactions, EdgeLockSettings settings) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.own = DunesTables.ownTransaction(transactions);
    this.settings = settings;
    DunesTables.createIfMissing(dataSource, TABLE, "EDGE_KEY_ VARCHAR(255) NOT NULL PRIMARY KEY,"
        + " TICKET_ID_ VARCHAR(64) NOT NULL, PROC_INST_ID_ VARCHAR(64), ACQUIRED_AT_ BIGINT NOT NULL,"
        + " EXPIRES_AT_ BIGINT NOT NULL");
  }

  /** The lock's name for a target: the manager's scheme, host and port, and the edge id. */
  public static String key(EdgePort.Target target) {
    URI uri = URI.create(target.managerUrl());
    int port = uri.getPort() == -1 ? 443 : uri.getPort();
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port
        + "/" + target.edgeId();
  }

  /**
   * Takes or renews the edge for {@code ticket}.
   *
   * @return empty when {@code ticket} holds it now; else the other build that does
   */
  public Optional<EdgeLockHolder> tryAcquire(String edge, String ticket, String processInstanceId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (Boolean.TRUE.equals(own.execute(status -> take(status, edge, ticket, processInstanceId)))) {
        return Optional.empty();
      }
      Optional<EdgeLockHolder> holder = holder(edge);
      if (holder.isPresent() && !holder.get().ticket().equals(ticket) && holder.get().until().toEpochMilli() >= now()) {
        return holder;
      }
      // released or run out between the attempt and the read: once more
    }
    throw new IllegalStateException("edge " + edge + " changed hands three times while build " + ticket
        + " asked for it; the job is retried");
  }

  private boolean take(TransactionStatus status, String edge, String ticket, String processInstanceId) {
    long now = now();
    long until = now + settings.lease().toMillis();
    // a renewal keeps the hold's start; a takeover of a run-out lease starts a new one
    if (jdbc.update("UPDATE " + TABLE + " SET EXPIRES_AT_ = ?, PROC_INST_ID_ = ? WHERE EDGE_KEY_ = ? AND TICKET_ID_ = ?",
        until, processInstanceId, edge, ticket) == 1) {
      return true;
    }
    if (jdbc.update("UPDATE " + TABLE + " SET TICKET_ID_ = ?, PROC_INST_ID_ = ?, ACQUIRED_AT_ = ?, EXPIRES_AT_ = ?"
        + " WHERE EDGE_KEY_ = ? AND EXPIRES_AT_ < ?", ticket, processInstanceId, now, until, edge, now) == 1) {
      return true;
    }
    try {
      jdbc.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
          edge, ticket, processInstanceId, now, until);
      return true;
    } catch (DuplicateKeyException held) {
      status.setRollbackOnly(); // PostgreSQL has aborted the transaction: the holder is read after it
      return false;
    }
  }

  /**
   * Takes or renews the edge for {@code ticket}, or throws naming who holds it.
   *
   * @throws EdgeLockedException when another build holds it
   */
  public void hold(String edge, String ticket, String processInstanceId) {
    Optional<EdgeLockHolder> other = tryAcquire(edge, ticket, processInstanceId);
    if (other.isPresent()) {
      throw new EdgeLockedException("build " + ticket + " cannot change edge " + edge, other.get());
    }
  }

  /** Gives the edge up if {@code ticket} holds it; another build's hold stays. */
  public void release(String edge, String ticket) {
    own.executeWithoutResult(status ->
        jdbc.update("DELETE FROM " + TABLE + " WHERE EDGE_KEY_ = ? AND TICKET_ID_ = ?", edge, ticket));
  }

  /** The row as it is, expired or not. */
  public Optional<EdgeLockHolder> holder(String edge) {
    List<EdgeLockHolder> rows = jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE EDGE_KEY_ = ?",
        (rs, i) -> new EdgeLockHolder(rs.getString(1), rs.getString(2), rs.getString(3),
            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))), edge);
    return rows.stream().findFirst();
  }

  private static long now() {
    return ClockUtil.getCurrentTime().getTime();
  }
}
