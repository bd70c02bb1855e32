package dunes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DatabasePropertiesTest {

  private static DatabaseProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("dunes.database", DatabaseProperties.class);
  }

  @Test
  void shouldDefaultTo30SecondsForLoginAnd60ForAStatement() {
    DatabaseProperties properties = bind(Map.of());
    assertThat(properties.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.statementTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(DatabaseProperties.defaults()).isEqualTo(properties);
  }

  @Test
  void shouldBindTheLoginTimeoutFromConfiguration() {
    DatabaseProperties properties = bind(Map.of("dunes.database.login-timeout", "45s", "dunes.database.statement-timeout", "2m"));
    assertThat(properties.loginTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(properties.statementTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldRefuseATimeoutThatJdbcWouldReadAsNoLimit() {
    assertThatThrownBy(() -> new DatabaseProperties(Duration.ZERO, null))
        .hasMessage("dunes.database.login-timeout must be positive, not PT0S");
  }

  @Test
  void shouldRoundSecondsUp() {
    assertThat(DatabaseProperties.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(DatabaseProperties.seconds(Duration.ofSeconds(30))).isEqualTo(30);
  }
}
