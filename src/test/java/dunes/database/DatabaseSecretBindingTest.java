package dunes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dunes.build.BuildSpec;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretBinding;
import dunes.secrets.SecretNotAllowedException;
import dunes.support.ConnectionRecorder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real driver is never handed the database password for a server its binding does not name (127.0.38.71). */
class DatabaseSecretBindingTest {

  @Test
  void shouldRefuseTheLoginBeforeTheDriverConnects() {
    PropertySecretStore secrets = new PropertySecretStore(Map.of("vco-db", "Db-Value"), Map.of("vco-db",
        SecretBinding.parse("dunes.secrets.bindings.vco-db", List.of("database"), List.of("db.corp.example"), true,
            false)), name -> null);
    SqlServerConnections connections = new SqlServerConnections(new SQLServerDriver(), secrets,
        DatabaseProperties.defaults());

    try (ConnectionRecorder elsewhere = new ConnectionRecorder("127.0.38.71")) {
      assertThatThrownBy(() -> connections.open(new BuildSpec.Database(elsewhere.address(), elsewhere.port(), null,
          "vcvCO", "vco", "vco-db"))).isInstanceOf(SecretNotAllowedException.class)
          .hasMessageContaining("'vco-db'").hasMessageContaining(elsewhere.endpoint() + " (database)")
          .hasMessageNotContaining("Db-Value");
      assertThat(elsewhere.connections()).isZero();
    }
  }
}
