package dunes.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.database.*}: how long talking to the vCO database's SQL Server may take. Together they
 * stay below the job lock time (connect + two ALTERs + two reads).
 *
 * @param loginTimeout TCP connect, TLS handshake and login (the driver's {@code loginTimeout}, whole seconds)
 * @param statementTimeout one statement; an ALTER may wait for transactions open in the database
 */
@ConfigurationProperties("dunes.database")
public record DatabaseProperties(Duration loginTimeout, Duration statementTimeout) {

  public DatabaseProperties {
    loginTimeout = positive("login-timeout", loginTimeout == null ? Duration.ofSeconds(30) : loginTimeout);
    statementTimeout = positive("statement-timeout", statementTimeout == null ? Duration.ofSeconds(60) : statementTimeout);
  }

  public static DatabaseProperties defaults() {
    return new DatabaseProperties(null, null);
  }

  /** Whole seconds, rounded up: JDBC counts timeouts in seconds and 0 would mean "no limit". */
  static int seconds(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, (duration.toMillis() + 999) / 1000);
  }

  private static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("dunes.database." + key + " must be positive, not " + value);
    }
    return value;
  }
}
