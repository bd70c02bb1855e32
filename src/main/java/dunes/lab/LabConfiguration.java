package dunes.lab;

import dunes.lab.changes.LabChangeReceiver;
import dunes.lab.sso.LabSso;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/** What every simulated system of the lab shares, and change management's receiver. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
class LabConfiguration {

  /** {@code dunes.lab.state-dir}: where the lab's systems keep their state (data/lab); blank keeps it in memory. */
  @Bean
  LabState labState(Environment environment) {
    return LabState.at(environment.getProperty("dunes.lab.state-dir"));
  }

  /** The lab's journal; beside a lab running alone, Dunes journals only its SQL Server stand-in, in a file of its own. */
  @Bean
  LabJournal labJournal(LabState state, Environment environment) {
    return LabJournal.at(state.file(LabSystems.inProcess(environment) ? "journal.jsonl" : "database-journal.jsonl"));
  }

  /** Knobs set in configuration ({@code dunes.lab.knobs}) are in force from the start. */
  @Bean
  LabFaults labFaults(Environment environment, LabJournal journal) {
    LabFaults faults = new LabFaults(journal);
    Binder.get(environment).bind("dunes.lab.knobs", Bindable.listOf(Knob.class))
        .orElse(List.of()).forEach(knob -> knob.applyTo(faults));
    return faults;
  }

  /**
   * The plan's names, moved where configuration moves a system (tests give each lab its own
   * addresses), and the names configuration adds ({@code dunes.lab.hosts.<name>=<address>}: a cluster's
   * virtual name, its nodes), as a DNS administrator adds records before a build.
   */
  @Bean
  LabNames labNames(Environment environment) {
    String domain = environment.getProperty("dunes.lab.domain", "lab.local");
    LabNames names = new LabNames(domain);
    Map.of("vcenter", "vsphere", "ca", "ca", "vsm", "edge", "sso", "sso", "vcoref", "reference").forEach((host, system) -> {
      String address = environment.getProperty("dunes.lab." + system + ".address");
      if (address != null) {
        names.add(host + "." + domain, address);
      }
    });
    Binder.get(environment).bind("dunes.lab.hosts", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of()).forEach(names::add);
    return names;
  }

  @Bean(destroyMethod = "close")
  @LabSystems.InProcess
  LabSso labSso(Environment environment, LabFaults faults, LabState state) {
    String domain = environment.getProperty("dunes.lab.domain", "lab.local");
    return LabSso.start("sso." + domain,
        environment.getProperty("dunes.lab.sso.address", new LabNames(domain).address("sso." + domain)),
        environment.getProperty("dunes.lab.sso.port", Integer.class, 7444), faults, state.dir("sso"));
  }

  @Bean(destroyMethod = "close")
  @LabSystems.InProcess
  LabChangeReceiver labChangeReceiver(Environment environment, LabJournal journal, LabFaults faults) {
    return LabChangeReceiver.start(
        environment.getProperty("dunes.lab.changes.address", "127.0.0.50"),
        environment.getProperty("dunes.lab.changes.port", Integer.class, 8090),
        environment.getRequiredProperty("dunes.change-management.username"),
        environment.getRequiredProperty("dunes.secrets.values.change-callback"),
        journal, faults);
  }
}
