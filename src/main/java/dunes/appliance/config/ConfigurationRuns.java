package dunes.appliance.config;

import dunes.engine.DunesTables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Dunes's own record of the configuration runs it started, by node, workflow id and a digest of
 * the inputs (names, types and values; a SecureString by name only, never its value). The node's
 * execution history alone cannot carry the converge rule: switching vCO to SQL Server ("Microsoft
 * SQL Server", effective at the next vco-server start) leaves the runs in the embedded database
 * behind, and the nodes of a cluster share one history. So a run counts as done when this table
 * says so; the node's history is read only to follow a run recorded here.
 *
 * <p>Each write commits on its own connection, outside the job's transaction: the {@link
 * State#PENDING} marker is in before the POST, so a crash after the POST but before the job
 * commits still leaves the trace the next attempt needs.
 */
public final class ConfigurationRuns {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigurationRuns.class);

  static final String TABLE = "DUNES_VCO_RUN";

  public enum State {
    /** committed before the POST: the run may or may not have been started */
    PENDING,
    /** vCO accepted the POST; {@code href} is the execution */
    STARTED,
    /** the execution completed */
    COMPLETED
  }

  /**
   * One recorded run. {@code href} is null while PENDING.
   *
   * @param started when Dunes last committed the marker for it (epoch millis)
   */
  public record Run(String node, String workflowId, String digest, State state, String href, long started) {}

  private final DataSource dataSource;

  public ConfigurationRuns(DataSource dataSource) {
    this.dataSource = dataSource;
    DunesTables.createIfMissing(dataSource, TABLE, "NODE_ VARCHAR(255) NOT NULL,"
            + " WORKFLOW_ID_ VARCHAR(128) NOT NULL, DIGEST_ VARCHAR(64) NOT NULL, STATE_ VARCHAR(16) NOT NULL,"
            + " HREF_ VARCHAR(1024), STARTED_ BIGINT NOT NULL, UPDATED_ BIGINT NOT NULL,"
            + " PRIMARY KEY (NODE_, WORKFLOW_ID_, DIGEST_)");
  }

  /** The digest of {@code inputs} (order does not matter); no secret value enters it. */
  public static String digest(List<Input> inputs) {
    List<String> parts = new ArrayList<>();
    for (Input input : inputs) {
      String value = switch (input.type()) {
        case SECURE_STRING -> "(secure)";
        case NUMBER -> ((java.math.BigDecimal) input.value()).stripTrailingZeros().toPlainString();
        default -> String.valueOf(input.value());
      };
      parts.add(input.name().length() + ":" + input.name() + "|" + input.type().wireName() + "|" + value.length() + ":"
          + value);
    }
    parts.sort(null);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  public Optional<Run> find(String node, String workflowId, String digest) {
    return query("SELECT NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_ FROM " + TABLE
        + " WHERE NODE_ = ? AND WORKFLOW_ID_ = ? AND DIGEST_ = ?", node, workflowId, digest).stream().findFirst();
  }

  /**
   * The run of {@code workflowId} on {@code node} Dunes started last, whatever its inputs: for a
   * workflow that sets one configuration, what the node has (or is about to have).
   */
  public Optional<Run> newest(String node, String workflowId) {
    return query("SELECT NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_ FROM " + TABLE
        + " WHERE NODE_ = ? AND WORKFLOW_ID_ = ? ORDER BY STARTED_ DESC, DIGEST_", node, workflowId).stream().findFirst();
  }

  /** Every run recorded for {@code node} (tests and the probe's report). */
  public List<Run> runs(String node) {
    return query("SELECT NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_ FROM " + TABLE
        + " WHERE NODE_ = ? ORDER BY STARTED_", node);
  }

  /** Whether any run of {@code workflowId} was recorded for {@code node} (the SSO phase). */
  public boolean any(String node, String workflowId) {
    return !query("SELECT NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_ FROM " + TABLE
        + " WHERE NODE_ = ? AND WORKFLOW_ID_ = ?", node, workflowId).isEmpty();
  }

  /** Commits the marker (or resets a recorded run to it) before the POST: the run's start time is now. */
  public void pending(String node, String workflowId, String digest) {
    long now = System.currentTimeMillis();
    if (update("UPDATE " + TABLE + " SET STATE_ = 'PENDING', HREF_ = NULL, STARTED_ = ?, UPDATED_ = ? WHERE NODE_ = ?"
        + " AND WORKFLOW_ID_ = ? AND DIGEST_ = ?", now, now, node, workflowId, digest) == 0) {
      try {
        update("INSERT INTO " + TABLE + " (NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_, UPDATED_)"
            + " VALUES (?, ?, ?, 'PENDING', NULL, ?, ?)", node, workflowId, digest, now, now);
      } catch (IllegalStateException raced) { // another attempt inserted it first: its marker stands
        LOG.debug("marker for {} {} inserted by another attempt", node, workflowId);
      }
    }
  }

  public void started(String node, String workflowId, String digest, String href) {
    upsert(node, workflowId, digest, State.STARTED, href);
  }

  public void completed(String node, String workflowId, String digest, String href) {
    upsert(node, workflowId, digest, State.COMPLETED, href);
  }

  /** The execution {@code href} completed: its run, if Dunes recorded it, is done. */
  public void completedByHref(String href) {
    update("UPDATE " + TABLE + " SET STATE_ = 'COMPLETED', UPDATED_ = ? WHERE HREF_ = ? AND STATE_ = 'STARTED'",
        System.currentTimeMillis(), href);
  }

  /** Forgets a run (the operator's way to make Dunes run a workflow again). */
  public void forget(String node, String workflowId, String digest) {
    update("DELETE FROM " + TABLE + " WHERE NODE_ = ? AND WORKFLOW_ID_ = ? AND DIGEST_ = ?", node, workflowId, digest);
  }

  /** The marker's row (written by {@link #pending}) moves on; its start time stays. */
  private void upsert(String node, String workflowId, String digest, State state, String href) {
    long now = System.currentTimeMillis();
    if (update("UPDATE " + TABLE + " SET STATE_ = ?, HREF_ = ?, UPDATED_ = ? WHERE NODE_ = ? AND WORKFLOW_ID_ = ?"
        + " AND DIGEST_ = ?", state.name(), href, now, node, workflowId, digest) == 0) {
      update("INSERT INTO " + TABLE + " (NODE_, WORKFLOW_ID_, DIGEST_, STATE_, HREF_, STARTED_, UPDATED_)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)", node, workflowId, digest, state.name(), href, now, now);
    }
  }

  /** Own connection, auto-commit: never part of the job's transaction. */
  private int update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (PreparedStatement statement = prepare(connection, sql, parameters)) {
        return statement.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write Dunes's record of vCO runs (" + TABLE + "): " + e.getMessage(), e);
    }
  }

  private List<Run> query(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<Run> runs = new ArrayList<>();
      while (rows.next()) {
        runs.add(new Run(rows.getString(1), rows.getString(2), rows.getString(3), State.valueOf(rows.getString(4)),
            rows.getString(5), rows.getLong(6)));
      }
      return runs;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read Dunes's record of vCO runs (" + TABLE + "): " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

}
