package dunes.lab;

import dunes.lab.changes.LabChangeReceiver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/** What every simulated system of the lab shares, and change management's receiver. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
class LabConfiguration {

  @Bean
  LabJournal labJournal() {
    return new LabJournal();
  }

  @Bean
  LabFaults labFaults() {
    return new LabFaults();
  }

  @Bean
  LabNames labNames(Environment environment) {
    return new LabNames(environment.getProperty("dunes.lab.domain", "lab.local"));
  }

  @Bean(destroyMethod = "close")
  LabChangeReceiver labChangeReceiver(Environment environment, LabJournal journal, LabFaults faults) {
    return LabChangeReceiver.start(
        environment.getProperty("dunes.lab.changes.address", "127.0.0.50"),
        environment.getProperty("dunes.lab.changes.port", Integer.class, 8090),
        environment.getRequiredProperty("dunes.change-management.username"),
        environment.getRequiredProperty("dunes.secrets.values.change-callback"),
        journal, faults);
  }
}
