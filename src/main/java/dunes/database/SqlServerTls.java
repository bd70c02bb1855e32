package dunes.database;

import dunes.build.BuildSpec;
import dunes.pki.Fingerprints;
import dunes.pki.PinnedCertificateTrustManager;
import java.util.Properties;

/**
 * How mssql-jdbc trusts the request's SQL Server. Without {@code database.fingerprint}: the URL's
 * {@code encrypt=true;trustServerCertificate=false}, so the certificate must chain to the JVM's
 * trust store and name the host. With it: the driver's {@code trustManagerClass} is Dunes's
 * {@link PinnedCertificateTrustManager}, built with the fingerprint as its
 * {@code trustManagerConstructorArg}, so exactly that certificate is trusted, self-signed or not
 * (SQL Server's own certificate is self-signed by default), whatever name it carries.
 *
 * <p>Not {@code serverCertificate}: mssql-jdbc 12.10 reads it only with {@code encrypt=strict}
 * (TDS 8.0, SQL Server 2022 and later), which a vCO 5.5-era SQL Server cannot speak; the trust
 * manager is asked with {@code encrypt=true} and {@code strict} alike (docs/database.md).
 */
final class SqlServerTls {

  static final String TRUST_MANAGER_CLASS = "trustManagerClass";
  static final String TRUST_MANAGER_CONSTRUCTOR_ARG = "trustManagerConstructorArg";

  private SqlServerTls() {}

  /** The connection properties that pin the server's certificate; none without a fingerprint. */
  static Properties properties(BuildSpec.Database database) {
    Properties tls = new Properties();
    if (database.fingerprint() != null && !database.fingerprint().isBlank()) {
      String pinned;
      try {
        pinned = Fingerprints.normalize(database.fingerprint());
      } catch (IllegalArgumentException e) {
        throw new InvalidDatabaseRequestException("database.fingerprint is " + e.getMessage());
      }
      tls.setProperty(TRUST_MANAGER_CLASS, PinnedCertificateTrustManager.class.getName());
      tls.setProperty(TRUST_MANAGER_CONSTRUCTOR_ARG, pinned);
    }
    return tls;
  }
}
