package dunes.database;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A SQL Server as far as the database step sees it, built from {@link Proxy}s of java.sql's
 * interfaces. It keeps {@code sys.databases} rows, answers the state query, and applies an
 * {@code ALTER DATABASE} only after parsing its delimited identifier the way SQL Server does
 * ({@code ]]} is one {@code ]}, a single {@code ]} ends it) and finding exactly one of the two
 * known option clauses after it: a name that escaped its brackets fails here as a syntax error.
 * Every SQL text with its parameters, every URL and every login is recorded. Any java.sql method
 * the code under test calls that this double does not model fails the test.
 */
final class FakeSqlServer {

  /** One statement sent to the server. */
  record Sent(String sql, List<Object> parameters) {}

  /** What the driver received to open a connection. */
  record Login(String url, Properties properties) {}

  private static final class Row {
    int snapshotIsolation;
    boolean readCommittedSnapshot;

    Row(int snapshotIsolation, boolean readCommittedSnapshot) {
      this.snapshotIsolation = snapshotIsolation;
      this.readCommittedSnapshot = readCommittedSnapshot;
    }
  }

  private final Map<String, Row> databases = new HashMap<>();
  final List<Sent> sent = new ArrayList<>();
  final List<Login> logins = new ArrayList<>();
  final List<Integer> queryTimeouts = new ArrayList<>();
  private int openResources;

  private SQLException connectFault;
  private SQLException executeFault;
  private boolean altersIgnored;
  private int snapshotIsolationAfterAlter = SnapshotIsolationState.ON;

  FakeSqlServer withDatabase(String name, int snapshotIsolation, boolean readCommittedSnapshot) {
    databases.put(name, new Row(snapshotIsolation, readCommittedSnapshot));
    return this;
  }

  /** Every connection attempt fails with this (a refused login, a network fault). */
  FakeSqlServer failingConnect(SQLException fault) {
    this.connectFault = fault;
    return this;
  }

  /** Every ALTER fails with this. */
  FakeSqlServer failingAlters(SQLException fault) {
    this.executeFault = fault;
    return this;
  }

  /** ALTERs succeed but change nothing, as if something turned the options straight off again. */
  FakeSqlServer ignoringAlters() {
    this.altersIgnored = true;
    return this;
  }

  /** ALLOW_SNAPSHOT_ISOLATION ON leaves this state (3 while transactions are open). */
  FakeSqlServer snapshotIsolationAfterAlter(int state) {
    this.snapshotIsolationAfterAlter = state;
    return this;
  }

  SnapshotIsolationState state(String name) {
    Row row = databases.get(name);
    return new SnapshotIsolationState(row.snapshotIsolation, row.readCommittedSnapshot);
  }

  List<String> statements() {
    return sent.stream().map(Sent::sql).toList();
  }

  List<String> alters() {
    return statements().stream().filter(sql -> sql.startsWith("ALTER")).toList();
  }

  /** Connections, statements and result sets opened and not closed. */
  int openResources() {
    return openResources;
  }

  static SQLException loginFailed(String user) {
    return new SQLException("Login failed for user '" + user + "'. ClientConnectionId:0b2a6c1e", "S0001", 18456);
  }

  static SQLException connectionReset() {
    return new SQLException("The TCP/IP connection to the host db.lab.local, port 1433 has failed. Error: \"Connection reset\"",
        "08S01", 0);
  }

  Driver driver() {
    return proxy(Driver.class, (method, args) -> switch (method.getName()) {
      case "connect" -> connect((String) args[0], (Properties) args[1]);
      case "acceptsURL" -> ((String) args[0]).startsWith("jdbc:sqlserver://");
      default -> unsupported(method);
    });
  }

  Connection connection() {
    openResources++;
    boolean[] closed = {false};
    return proxy(Connection.class, (method, args) -> switch (method.getName()) {
      case "prepareStatement" -> args.length == 1 ? preparedStatement((String) args[0]) : unsupported(method);
      case "createStatement" -> args.length == 0 ? statement() : unsupported(method);
      case "getAutoCommit" -> true;
      case "isClosed" -> closed[0];
      case "close" -> close(closed);
      default -> unsupported(method);
    });
  }

  private Connection connect(String url, Properties properties) throws SQLException {
    logins.add(new Login(url, (Properties) properties.clone()));
    if (connectFault != null) {
      throw connectFault;
    }
    return connection();
  }

  private PreparedStatement preparedStatement(String sql) {
    openResources++;
    boolean[] closed = {false};
    Map<Integer, Object> parameters = new TreeMap<>();
    return proxy(PreparedStatement.class, (method, args) -> switch (method.getName()) {
      case "setNString", "setString" -> {
        parameters.put((Integer) args[0], args[1]);
        yield null;
      }
      case "setQueryTimeout" -> {
        queryTimeouts.add((Integer) args[0]);
        yield null;
      }
      case "executeQuery" -> args.length == 0 ? query(sql, List.copyOf(parameters.values())) : unsupported(method);
      case "close" -> close(closed);
      default -> unsupported(method);
    });
  }

  private Statement statement() {
    openResources++;
    boolean[] closed = {false};
    return proxy(Statement.class, (method, args) -> switch (method.getName()) {
      case "setQueryTimeout" -> {
        queryTimeouts.add((Integer) args[0]);
        yield null;
      }
      case "execute" -> args.length == 1 ? alter((String) args[0]) : unsupported(method);
      case "close" -> close(closed);
      default -> unsupported(method);
    });
  }

  private ResultSet query(String sql, List<Object> parameters) throws SQLException {
    sent.add(new Sent(sql, parameters));
    if (!sql.equals(SnapshotIsolation.READ_STATE)) {
      throw syntaxError(sql);
    }
    Row row = databases.get((String) parameters.get(0));
    List<Object[]> rows = row == null
        ? List.of()
        : List.<Object[]>of(new Object[] {row.snapshotIsolation, row.readCommittedSnapshot});
    return resultSet(rows);
  }

  private ResultSet resultSet(List<Object[]> rows) {
    openResources++;
    boolean[] closed = {false};
    int[] cursor = {-1};
    return proxy(ResultSet.class, (method, args) -> switch (method.getName()) {
      case "next" -> ++cursor[0] < rows.size();
      case "getInt" -> (Integer) rows.get(cursor[0])[column(args[0])];
      case "getBoolean" -> (Boolean) rows.get(cursor[0])[column(args[0])];
      case "close" -> close(closed);
      default -> unsupported(method);
    });
  }

  private static int column(Object labelOrIndex) {
    if (labelOrIndex instanceof Integer index) {
      return index - 1;
    }
    return switch ((String) labelOrIndex) {
      case "snapshot_isolation_state" -> 0;
      case "is_read_committed_snapshot_on" -> 1;
      default -> throw new IllegalArgumentException("no column " + labelOrIndex);
    };
  }

  private boolean alter(String sql) throws SQLException {
    sent.add(new Sent(sql, List.of()));
    if (executeFault != null) {
      throw executeFault;
    }
    String prefix = "ALTER DATABASE ";
    if (!sql.startsWith(prefix) || sql.length() <= prefix.length() || sql.charAt(prefix.length()) != '[') {
      throw syntaxError(sql);
    }
    StringBuilder name = new StringBuilder();
    int i = prefix.length() + 1;
    while (true) {
      if (i >= sql.length()) {
        throw syntaxError(sql); // unclosed identifier
      }
      char c = sql.charAt(i);
      if (c == ']') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == ']') {
          name.append(']');
          i += 2;
          continue;
        }
        i++;
        break;
      }
      name.append(c);
      i++;
    }
    String clause = sql.substring(i);
    Row row = databases.get(name.toString());
    if (row == null) {
      throw new SQLException("User does not have permission to alter database '" + name
          + "', the database does not exist, or the database is not in a state that allows access checks.", "S0001", 5011);
    }
    switch (clause) {
      case " SET ALLOW_SNAPSHOT_ISOLATION ON" -> {
        if (!altersIgnored) {
          row.snapshotIsolation = snapshotIsolationAfterAlter;
        }
      }
      case " SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE" -> {
        if (!altersIgnored) {
          row.readCommittedSnapshot = true;
        }
      }
      default -> throw syntaxError(sql);
    }
    return false;
  }

  private Object close(boolean[] closed) {
    if (!closed[0]) {
      closed[0] = true;
      openResources--;
    }
    return null;
  }

  private static SQLException syntaxError(String sql) {
    return new SQLException("Incorrect syntax near '" + sql + "'.", "S0001", 102);
  }

  private static Object unsupported(Method method) {
    throw new UnsupportedOperationException("the fake SQL Server does not model " + method);
  }

  private interface Handler {
    Object invoke(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(Proxy.newProxyInstance(FakeSqlServer.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> switch (method.getName()) {
          case "toString" -> "fake " + type.getSimpleName();
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> handler.invoke(method, args == null ? new Object[0] : args);
        }));
  }
}
