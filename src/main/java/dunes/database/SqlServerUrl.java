package dunes.database;

import dunes.build.BuildSpec;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The mssql-jdbc URL for the request's SQL Server, connecting to {@code master}. TLS is always on
 * and verified ({@code encrypt=true;trustServerCertificate=false}): the server's certificate must
 * chain to the JVM's trust store and name the host, or, with {@code database.fingerprint}, be the
 * pinned one ({@link SqlServerTls}). User and password never go into the URL; they are passed as
 * connection properties.
 *
 * <p>With a named instance the port is left out when it is the default 1433 (which the request
 * fills in when none is given), because the driver ignores {@code instanceName} whenever a port is
 * set; without the port it asks the SQL Server Browser (UDP 1434) for the instance's port.
 */
public final class SqlServerUrl {

  static final int DEFAULT_PORT = 1433;

  /** A DNS name or IPv4 address: nothing that could end the server part or add a property. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})");
  /** SQL Server instance names: at most 16 characters; a conservative subset of what setup allows. */
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,15}");

  private SqlServerUrl() {}

  /** Whether {@code name} is an instance name the URL takes (the request validator asks before any build). */
  public static boolean isInstanceName(String name) {
    return name != null && INSTANCE.matcher(name).matches();
  }

  static String forMaster(BuildSpec.Database database, Duration loginTimeout) {
    String host = host(database);
    String instance = instance(database);
    StringBuilder url = new StringBuilder("jdbc:sqlserver://").append(host);
    if (instance == null || database.port() != DEFAULT_PORT) {
      url.append(':').append(database.port());
    }
    url.append(";databaseName=master;encrypt=true;trustServerCertificate=false");
    if (instance != null) {
      url.append(";instanceName=").append(instance);
    }
    url.append(";loginTimeout=").append(DatabaseProperties.seconds(loginTimeout));
    url.append(";applicationName=dunes");
    return url.toString();
  }

  /** The server for messages: {@code host:port} or {@code host\instance}. */
  static String server(BuildSpec.Database database) {
    String instance = database.instance() == null || database.instance().isBlank() ? null : database.instance();
    if (instance != null && database.port() == DEFAULT_PORT) {
      return database.host() + "\\" + instance;
    }
    return database.host() + (instance == null ? "" : "\\" + instance) + ":" + database.port();
  }

  private static String host(BuildSpec.Database database) {
    String host = database.host();
    if (host == null || !HOST.matcher(host).matches()) {
      throw new InvalidDatabaseRequestException("database.host '" + DatabaseName.printable(String.valueOf(host))
          + "' is not a DNS name or IPv4 address");
    }
    return host;
  }

  private static String instance(BuildSpec.Database database) {
    String instance = database.instance();
    if (instance == null || instance.isBlank()) {
      return null;
    }
    if (!INSTANCE.matcher(instance).matches()) {
      throw new InvalidDatabaseRequestException("database.instance '" + DatabaseName.printable(instance)
          + "' is not an instance name (1-16 letters, digits, '_' or '$', starting with a letter or '_')");
    }
    return instance;
  }
}
