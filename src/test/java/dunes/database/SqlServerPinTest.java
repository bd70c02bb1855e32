package dunes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dunes.build.BuildSpec;
import dunes.pki.OpenSslServer;
import dunes.pki.PinnedCertificateTrustManager;
import dunes.secrets.TestSecrets;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * database.fingerprint pins SQL Server's certificate: the connection properties Dunes hands
 * mssql-jdbc (checked through the recording driver), and the real driver deciding by the pin
 * against an independent TLS peer (openssl s_server). No SQL Server runs here (docs/database.md).
 */
class SqlServerPinTest {

  private static final String PIN = "AB".repeat(32);

  private static BuildSpec.Database database(String fingerprint) {
    return new BuildSpec.Database("db.lab.local", null, null, "vcvCO", "vco", "vco-db", fingerprint);
  }

  @Test
  void aFingerprintMakesTheDriverUseDunesPinnedTrustManagerOverVerifiedTls() throws SQLException {
    FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", SnapshotIsolationState.ON, true);
    connections(server).open(database(PIN.toLowerCase())).close();

    assertThat(server.logins).singleElement().satisfies(login -> {
      assertThat(login.url()).contains(";encrypt=true;trustServerCertificate=false;")
          .doesNotContainIgnoringCase("trustServerCertificate=true");
      assertThat(login.properties())
          .containsEntry("trustManagerClass", PinnedCertificateTrustManager.class.getName())
          .containsEntry("trustManagerConstructorArg", String.join(":", PIN.split("(?<=\\G..)")))
          .containsEntry("user", "vco").hasSize(4);
    });
  }

  @Test
  void withoutAFingerprintTheJvmTrustStoreAndTheHostNameDecide() throws SQLException {
    FakeSqlServer server = new FakeSqlServer().withDatabase("vcvCO", SnapshotIsolationState.ON, true);
    connections(server).open(database(null)).close();

    assertThat(server.logins).singleElement().satisfies(login -> {
      assertThat(login.url()).contains(";encrypt=true;trustServerCertificate=false;");
      assertThat(login.properties()).doesNotContainKey("trustManagerClass").hasSize(2);
    });
  }

  @Test
  void aFingerprintThatIsNoneIsRefusedBeforeTheDriverIsCalled() {
    FakeSqlServer server = new FakeSqlServer();
    assertThatThrownBy(() -> connections(server).open(database("AB".repeat(20))))
        .isInstanceOf(InvalidDatabaseRequestException.class).hasMessageContaining("database.fingerprint");
    assertThat(server.logins).isEmpty();
  }

  /**
   * encrypt=strict (TDS 8.0) starts with a plain TLS handshake, so an openssl s_server can answer
   * it; the trust manager the properties name is the one the driver also asks with encrypt=true.
   */
  @Test
  void theRealDriverTrustsThePinnedCertificateAndRefusesAnother() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1_2")) {
      SQLException pinnedRight = connectStrict(peer, peer.fingerprint());
      assertThat(certificateRefusal(pinnedRight)).as("the handshake passed the pin; TDS then failed").isNull();

      SQLException pinnedWrong = connectStrict(peer, PIN);
      assertThat(certificateRefusal(pinnedWrong)).isNotNull()
          .hasMessageContaining(peer.fingerprint()).hasMessageContaining("not the pinned");
    }
  }

  private static SQLException connectStrict(OpenSslServer peer, String fingerprint) {
    Properties properties = SqlServerTls.properties(database(fingerprint));
    properties.setProperty("user", "vco");
    properties.setProperty("password", "x");
    // socketTimeout: after a handshake s_server -www waits for an HTTP line, the driver for a TDS answer
    String url = "jdbc:sqlserver://" + OpenSslServer.HOST + ":" + peer.port() + ";encrypt=strict;loginTimeout=5;socketTimeout=3000";
    try {
      new SQLServerDriver().connect(url, properties).close();
      throw new AssertionError("an openssl s_server is no SQL Server: the login cannot succeed");
    } catch (SQLException e) {
      return e;
    }
  }

  private static CertificateException certificateRefusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return refused;
      }
    }
    return null;
  }

  private static SqlServerConnections connections(FakeSqlServer server) {
    return new SqlServerConnections(server.driver(), TestSecrets.onLoopback(Map.of("vco-db", "pw")),
        DatabaseProperties.defaults());
  }
}
