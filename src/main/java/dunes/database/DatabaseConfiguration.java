package dunes.database;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dunes.secrets.SecretStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code dunes.database.*} and provides the {@link DatabasePort} over mssql-jdbc. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

  @Bean
  DatabasePort databasePort(SecretStore secrets, DatabaseProperties properties) {
    return new SqlServerDatabase(new SqlServerConnections(new SQLServerDriver(), secrets, properties),
        new SnapshotIsolation(properties.statementTimeout()));
  }
}
