package dunes.lab.database;

import static java.nio.charset.StandardCharsets.UTF_8;

import dunes.build.BuildSpec;
import dunes.build.SecretUses;
import dunes.database.DatabaseException;
import dunes.database.DatabaseLoginRefusedException;
import dunes.database.DatabaseName;
import dunes.database.DatabaseNotFoundException;
import dunes.database.DatabasePort;
import dunes.database.SnapshotIsolationResult;
import dunes.database.SnapshotIsolationState;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's vCO database server. No SQL Server runs here and none can be simulated at the wire
 * (TDS), so the lab stands in at the port: databases the lab knows ({@code dunes.lab.database.names})
 * start with both snapshot options OFF, the login is the request's user with the lab's
 * {@code vco-db} secret, and each option set is journaled (system {@code database}) — the same
 * read-compare-set contract as {@code SnapshotIsolation} on a real server. The lab's knobs on
 * {@code database:<name>} fail a call before it changes anything, as the product's adapter reports
 * mssql-jdbc's faults ({@link DatabaseException} around the driver's {@link SQLException}).
 *
 * <p>It lives in Dunes's process (even beside a lab running alone), so in a durable lab every
 * process that uses the same state directory — a Dunes restarted after a kill -9, two engine
 * nodes — must see one server, as they would see one real SQL Server: the options are a log
 * ({@code database/sqlserver.jsonl}, one line per database changed, the last line of a database
 * wins) read again at each call while holding an exclusive lock on {@code database/sqlserver.lock},
 * and a change is appended before the lock is released and the call answered.
 */
public final class LabSqlServer implements DatabasePort {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** FileLock is per process: threads (and servers) of one JVM on the same directory queue here first */
  private static final Map<Path, Object> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final List<String> names;
  /** in memory only (no state directory) */
  private final Map<String, SnapshotIsolationState> databases = new ConcurrentHashMap<>();
  /** null: in memory */
  private final Path log;
  private final Path lock;
  private final SecretStore secrets;
  private final Secret password;
  private final LabJournal journal;
  private final LabFaults faults;

  public LabSqlServer(List<String> names, SecretStore secrets, LabJournal journal) {
    this(names, secrets, journal, null, new LabFaults());
  }

  /**
   * @param dir where the server keeps its databases' options, shared by every process; null keeps them in memory
   * @param faults the lab's knobs on {@code database:<name>}
   */
  public LabSqlServer(List<String> names, SecretStore secrets, LabJournal journal, Path dir, LabFaults faults) {
    this.names = List.copyOf(names);
    this.faults = faults;
    names.forEach(n -> databases.put(n, new SnapshotIsolationState(SnapshotIsolationState.OFF, false)));
    this.log = dir == null ? null : dir.resolve("sqlserver.jsonl");
    this.lock = dir == null ? null : dir.resolve("sqlserver.lock");
    this.secrets = secrets;
    this.password = secrets.resolve(new SecretRef("vco-db"));
    this.journal = journal;
  }

  @Override
  public synchronized SnapshotIsolationResult ensureSnapshotIsolation(BuildSpec.Database database) {
    faults.next("database:" + database.name()).ifPresent(fault -> {
      throw fault(database, fault);
    });
    // as the product's adapter: the password goes only where its binding allows
    Secret given = secrets.resolveFor(new SecretRef(database.passwordRef()), SecretUses.database(database));
    if (!MessageDigest.isEqual(given.revealAsString().getBytes(UTF_8), password.revealAsString().getBytes(UTF_8))) {
      throw new DatabaseLoginRefusedException("SQL Server at " + database.host() + " refused the login of '"
          + database.username() + "' (Login failed, error 18456)", null);
    }
    if (log == null) {
      return ensure(database.name(), databases);
    }
    synchronized (PROCESS_LOCKS.computeIfAbsent(lock.toAbsolutePath().normalize(), path -> new Object())) {
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        return ensure(database.name(), kept());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock the lab SQL Server's state " + lock, e);
      }
    }
  }

  /** Read, compare, set: only an option that is OFF is set, and only then journaled. */
  private SnapshotIsolationResult ensure(String name, Map<String, SnapshotIsolationState> states) {
    SnapshotIsolationState state = states.get(name);
    if (state == null) {
      throw new DatabaseNotFoundException(DatabaseName.of(name));
    }
    SnapshotIsolationState after = new SnapshotIsolationState(SnapshotIsolationState.ON, true);
    List<String> changes = new ArrayList<>();
    if (!state.snapshotIsolationOn()) {
      changes.add("ALLOW_SNAPSHOT_ISOLATION ON");
    }
    if (!state.readCommittedSnapshot()) {
      changes.add("READ_COMMITTED_SNAPSHOT ON");
    }
    if (!changes.isEmpty()) {
      keep(name, after); // the server has it before anyone hears of it
      states.put(name, after);
    }
    if (!state.snapshotIsolationOn()) {
      journal.record("database", name, "alter", "ALLOW_SNAPSHOT_ISOLATION ON");
    }
    if (!state.readCommittedSnapshot()) {
      journal.record("database", name, "alter", "READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
    }
    return new SnapshotIsolationResult(after, changes);
  }

  /** The databases as the log has them now (written by any process); a torn last line was never answered. */
  private Map<String, SnapshotIsolationState> kept() {
    Map<String, SnapshotIsolationState> states = new HashMap<>();
    names.forEach(n -> states.put(n, new SnapshotIsolationState(SnapshotIsolationState.OFF, false)));
    for (String line : LabState.lines(log)) {
      try {
        JsonNode row = JSON.readTree(line);
        states.put(row.path("database").asText(), new SnapshotIsolationState(row.path("snapshotIsolationState").asInt(),
            row.path("readCommittedSnapshot").asBoolean()));
      } catch (IOException e) {
        throw new IllegalStateException("the lab SQL Server's state " + log + " has an unreadable line: "
            + e.getMessage(), e);
      }
    }
    return states;
  }

  private void keep(String name, SnapshotIsolationState state) {
    if (log == null) {
      return;
    }
    ObjectNode row = JSON.createObjectNode().put("database", name)
        .put("snapshotIsolationState", state.snapshotIsolation())
        .put("readCommittedSnapshot", state.readCommittedSnapshot());
    try {
      LabState.append(log, JSON.writeValueAsString(row));
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep the lab SQL Server's state in " + log, e);
    }
  }

  /** What mssql-jdbc surfaces for each fault (its messages and SQLStates), in the adapter's words. */
  private static DatabaseException fault(BuildSpec.Database database, LabFaults.Kind kind) {
    SQLException cause = switch (kind) {
      case RESET -> new SQLTransientConnectionException("Connection reset", "08S01");
      case GARBAGE -> new SQLTransientConnectionException("The TDS protocol stream is not valid.", "08S01");
      case TIMEOUT -> new SQLTransientConnectionException("Read timed out", "08S01");
      // a server busy with the database: ALTER DATABASE cannot lock it (error 5061)
      default -> new SQLException("ALTER DATABASE failed because a lock could not be placed on database '"
          + database.name() + "'. Try again later.", "S0001", 5061);
    };
    return new DatabaseException("cannot turn snapshot isolation on for database [" + database.name()
        + "] on SQL Server " + database.host() + " (SQLState " + cause.getSQLState() + ", error "
        + cause.getErrorCode() + "): " + cause.getMessage(), cause);
  }
}
