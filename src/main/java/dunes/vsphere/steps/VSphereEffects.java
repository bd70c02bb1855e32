package dunes.vsphere.steps;

import dunes.engine.DunesTables;
import dunes.vsphere.Moref;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The markers of the build's non-idempotent vSphere calls (an OVF import, a clone), one row per
 * build and effect, each write committed at once on its own connection, never in the job's
 * transaction: a marker exists before the call is made, and what the call returned (lease, task,
 * VM moref) is recorded as soon as it is known. A retry, another engine node or the undo reads the
 * row and looks for the effect by what was recorded instead of acting again.
 *
 * <p>Rows also say who works on an effect now: {@code OWNER_} (the engine node's JVM) and
 * {@code HEARTBEAT_}, renewed while an upload runs off the job thread, so a row whose heartbeat
 * stopped is an effect nobody carries on.
 */
@Component
public class VSphereEffects {

  static final String TABLE = "DUNES_VSPHERE_EFFECT";

  /** Where an effect stands. */
  public enum State {
    /** marked, the call may or may not have reached vCenter */
    STARTED,
    /** the call reached vCenter: {@code HANDLE_} holds the lease or task */
    RUNNING,
    /** vCenter holds the finished effect: {@code VM_} is it */
    DONE,
    /** the attempt failed and left nothing behind (or its leftovers are being removed): the next look starts anew */
    FAILED
  }

  /**
   * One effect's row.
   *
   * @param attempt counts the attempts: a writer whose attempt is not the row's any more writes nothing
   * @param handle the lease (import) or task (clone) moref, once known
   * @param vm the VM moref, once known
   * @param progress percent, for Cockpit
   * @param message why the last attempt failed
   */
  public record Effect(String buildKey, String effect, long attempt, State state, long started, Moref handle,
      Moref vm, long heartbeat, int progress, String owner, String message) {}

  /** This JVM, as {@code OWNER_} ("pid@host"). */
  static final String SELF = ManagementFactory.getRuntimeMXBean().getName();

  private final JdbcTemplate jdbc;
  /** Its own transaction, whatever the caller's: the job's commits only when the job ends. */
  private final TransactionTemplate own;
  private final Clock clock;

  @org.springframework.beans.factory.annotation.Autowired
  public VSphereEffects(DataSource dataSource, PlatformTransactionManager transactions) {
    this(dataSource, transactions, Clock.systemUTC());
  }

  /** Outside Spring (tests): its own transactions on {@code dataSource}. */
  public VSphereEffects(DataSource dataSource) {
    this(dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC());
  }

  VSphereEffects(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.own = DunesTables.ownTransaction(transactions);
    this.clock = clock;
    DunesTables.createIfMissing(dataSource, TABLE, "BUILD_KEY_ VARCHAR(64) NOT NULL, EFFECT_ VARCHAR(255) NOT NULL,"
        + " ATTEMPT_ BIGINT NOT NULL, STATE_ VARCHAR(16) NOT NULL, STARTED_ BIGINT NOT NULL, HANDLE_ VARCHAR(128),"
        + " VM_ VARCHAR(128), HEARTBEAT_ BIGINT NOT NULL, PROGRESS_ BIGINT NOT NULL, OWNER_ VARCHAR(255),"
        + " MESSAGE_ VARCHAR(2000), PRIMARY KEY (BUILD_KEY_, EFFECT_)");
  }

  public Optional<Effect> find(String buildKey, String effect) {
    return jdbc.query("SELECT * FROM " + TABLE + " WHERE BUILD_KEY_ = ? AND EFFECT_ = ?", (rs, i) -> new Effect(
        rs.getString("BUILD_KEY_"), rs.getString("EFFECT_"), rs.getLong("ATTEMPT_"), State.valueOf(rs.getString("STATE_")),
        rs.getLong("STARTED_"), moref(rs.getString("HANDLE_")), moref(rs.getString("VM_")), rs.getLong("HEARTBEAT_"),
        (int) rs.getLong("PROGRESS_"), rs.getString("OWNER_"), rs.getString("MESSAGE_")), buildKey, effect)
        .stream().findFirst();
  }

  /** The handles recorded by the build's effects whose key starts with {@code prefix}, but {@code except}'s. */
  public java.util.Set<Moref> handles(String buildKey, String prefix, String except) {
    return new java.util.HashSet<>(jdbc.query("SELECT HANDLE_ FROM " + TABLE + " WHERE BUILD_KEY_ = ? AND EFFECT_ LIKE ?"
        + " AND EFFECT_ <> ? AND HANDLE_ IS NOT NULL", (rs, i) -> moref(rs.getString(1)), buildKey, prefix + "%", except));
  }

  /**
   * Marks a new attempt before its call is made. {@code previous} is the row as the caller read it
   * (empty: none): when another job or node has started an attempt since, nothing is written and
   * the result is empty, so two executors running the same job never both make the call.
   */
  public Optional<Effect> begin(String buildKey, String effect, Optional<Effect> previous) {
    long now = clock.millis();
    boolean won = Boolean.TRUE.equals(own.execute(tx -> claim(buildKey, effect, previous, now)));
    return won ? find(buildKey, effect) : Optional.empty();
  }

  private boolean claim(String buildKey, String effect, Optional<Effect> previous, long now) {
    boolean won;
    if (previous.isEmpty()) {
      try {
        won = jdbc.update("INSERT INTO " + TABLE + " (BUILD_KEY_, EFFECT_, ATTEMPT_, STATE_, STARTED_, HEARTBEAT_,"
            + " PROGRESS_, OWNER_) VALUES (?, ?, 1, ?, ?, ?, 0, ?)", buildKey, effect, State.STARTED.name(), now, now,
            SELF) == 1;
      } catch (org.springframework.dao.DuplicateKeyException raced) {
        won = false;
      }
    } else {
      won = jdbc.update("UPDATE " + TABLE + " SET ATTEMPT_ = ATTEMPT_ + 1, STATE_ = ?, STARTED_ = ?, HANDLE_ = NULL,"
          + " VM_ = NULL, HEARTBEAT_ = ?, PROGRESS_ = 0, OWNER_ = ?, MESSAGE_ = NULL WHERE BUILD_KEY_ = ? AND EFFECT_ = ?"
          + " AND ATTEMPT_ = ?", State.STARTED.name(), now, now, SELF, buildKey, effect, previous.get().attempt()) == 1;
    }
    return won;
  }

  /**
   * The call reached vCenter and returned {@code handle} (a lease or task); false when the attempt
   * is not the row's any more (undone, or superseded after it went silent): its effect is then
   * nobody's and the caller undoes it.
   */
  public boolean running(Effect attempt, Moref handle) {
    return update(attempt, "STATE_ = ?, HANDLE_ = ?, HEARTBEAT_ = ?", State.RUNNING.name(), handle.toString(), clock.millis());
  }

  /** The VM the effect makes is {@code vm} (an import's, known once its lease is ready); false as {@link #running}. */
  public boolean vm(Effect attempt, Moref vm) {
    return update(attempt, "VM_ = ?, HEARTBEAT_ = ?", vm.toString(), clock.millis());
  }

  /** Still at work: {@code progress} percent. */
  public void heartbeat(Effect attempt, int progress) {
    update(attempt, "HEARTBEAT_ = ?, PROGRESS_ = ?", clock.millis(), progress);
  }

  public void done(Effect attempt, Moref vm) {
    update(attempt, "STATE_ = ?, VM_ = ?, PROGRESS_ = 100, HEARTBEAT_ = ?", State.DONE.name(), vm.toString(),
        clock.millis());
  }

  public void failed(Effect attempt, String message) {
    update(attempt, "STATE_ = ?, MESSAGE_ = ?, HEARTBEAT_ = ?", State.FAILED.name(), truncate(message), clock.millis());
  }

  /** The effect and its leftovers are gone (undone): a later attempt starts anew. */
  public void forget(String buildKey, String effect) {
    own.executeWithoutResult(tx -> jdbc.update("DELETE FROM " + TABLE + " WHERE BUILD_KEY_ = ? AND EFFECT_ = ?",
        buildKey, effect));
  }

  long now() {
    return clock.millis();
  }

  private boolean update(Effect attempt, String set, Object... values) {
    Object[] args = new Object[values.length + 3];
    System.arraycopy(values, 0, args, 0, values.length);
    args[values.length] = attempt.buildKey();
    args[values.length + 1] = attempt.effect();
    args[values.length + 2] = attempt.attempt();
    Integer rows = own.execute(tx -> jdbc.update("UPDATE " + TABLE + " SET " + set
        + " WHERE BUILD_KEY_ = ? AND EFFECT_ = ? AND ATTEMPT_ = ?", args));
    return rows != null && rows == 1;
  }

  private static Moref moref(String text) {
    return text == null ? null : Moref.parse(text);
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
  }

  /** The effect key of node {@code vm}'s OVF import. */
  static String importOf(String vm) {
    return "import " + vm;
  }

  /** The effect key of the clone {@code vm}. */
  static String cloneOf(String vm) {
    return CLONE + vm;
  }

  /** Every clone's effect key starts so. */
  static final String CLONE = "clone ";
}
