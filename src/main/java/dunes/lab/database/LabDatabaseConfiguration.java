package dunes.lab.database;

import dunes.database.DatabasePort;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabState;
import dunes.secrets.SecretStore;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * In the lab, the build's database step talks to {@link LabSqlServer} instead of mssql-jdbc; in a
 * durable lab it keeps its state under the state directory's {@code database/}, shared by every
 * Dunes process that uses that directory.
 */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
class LabDatabaseConfiguration {

  @Bean
  @Primary
  DatabasePort labSqlServer(Environment environment, SecretStore secrets, LabJournal journal, LabState state,
      LabFaults faults) {
    return new LabSqlServer(List.of(environment.getProperty("dunes.lab.database.names", String[].class,
        new String[] {"vcvCO"})), secrets, journal, state.dir("database"), faults);
  }
}
