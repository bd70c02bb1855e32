package dunes.database;

import dunes.build.BuildSpec;
import dunes.build.SecretUses;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;

/**
 * Opens a JDBC connection to the request's SQL Server ({@code master}) as the request's user, the
 * password resolved from the secret store at this moment and handed to the driver only; the
 * server's certificate pinned when the request gives its fingerprint ({@link SqlServerTls}).
 */
class SqlServerConnections {

  /**
   * SQL Server errors that end a login and that a retry cannot fix: 18456 login failed, 18470
   * account disabled, 18486 locked out, 18487 password expired, 18488 password must be changed.
   * mssql-jdbc reports them with SQLState S0001, so the error number decides; 28xxx is the standard
   * SQLState class "invalid authorization specification" other drivers use.
   */
  static final Set<Integer> LOGIN_REFUSED = Set.of(18456, 18470, 18486, 18487, 18488);

  private final Driver driver;
  private final SecretStore secrets;
  private final DatabaseProperties properties;

  SqlServerConnections(Driver driver, SecretStore secrets, DatabaseProperties properties) {
    this.driver = driver;
    this.secrets = secrets;
    this.properties = properties;
  }

  /**
   * @throws DatabaseLoginRefusedException when SQL Server refuses the user or password
   * @throws SQLException on any other fault (network, TLS, timeout)
   */
  Connection open(BuildSpec.Database database) throws SQLException {
    String url = SqlServerUrl.forMaster(database, properties.loginTimeout());
    Secret password = secrets.resolveFor(new SecretRef(database.passwordRef()), SecretUses.database(database));
    Properties login = SqlServerTls.properties(database);
    login.setProperty("user", database.username());
    login.setProperty("password", password.revealAsString());
    try {
      Connection connection = driver.connect(url, login);
      if (connection == null) {
        throw new IllegalStateException("the JDBC driver " + driver.getClass().getName() + " does not take " + url);
      }
      return connection;
    } catch (SQLException e) {
      if (isLoginRefused(e)) {
        throw new DatabaseLoginRefusedException("SQL Server " + SqlServerUrl.server(database) + " refused the login of '"
            + database.username() + "' (error " + e.getErrorCode() + "): correct database.username or the secret '"
            + password.ref().name() + "', then retry. The server said: " + e.getMessage(), e);
      }
      throw e;
    } finally {
      login.clear();
    }
  }

  static boolean isLoginRefused(SQLException e) {
    String state = e.getSQLState();
    return LOGIN_REFUSED.contains(e.getErrorCode()) || (state != null && state.startsWith("28"));
  }
}
