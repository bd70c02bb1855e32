package dunes.lab.guests;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabState;
import dunes.lab.node.LabNode;
import dunes.lab.vsphere.LabVSphere;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dunes.lab.LabSystems;
import org.springframework.context.annotation.Profile;

/** The lab's vCO nodes, following the lab vCenter's VMs; they stop with the application. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
@EnableConfigurationProperties(LabGuestsConfiguration.Properties.class)
class LabGuestsConfiguration {

  @Bean(destroyMethod = "close")
  LabGuests labGuests(Properties properties, LabVSphere vsphere, SecretStore secrets,
      LabJournal journal, LabFaults faults, LabState state) {
    // vcsim started without -username takes any user: the request's usual one then
    String username = vsphere.username() == null ? "administrator@vsphere.local" : vsphere.username();
    return LabGuests.start(new LabGuests.Settings(vsphere.sdkUrl(), vsphere.fingerprint(), username,
        secrets.resolve(new SecretRef("vcenter-admin")), properties.workDir(), properties.ports(),
        secrets.resolve(new SecretRef("appliance-root")), secrets.resolve(new SecretRef("vco-config")),
        properties.startingDuration(), properties.pollInterval(), secrets.resolve(new SecretRef("sso-admin")),
        properties.sitePackage(), vsphere.adopted(), state.dir("vco-databases")), journal, faults);
  }

  /**
   * {@code dunes.lab.nodes.*}
   *
   * @param ports every node's ports (the appliance's, but SSH on 2222: 22 needs root)
   * @param startingDuration how long vco-server stays STARTING (minutes on a real appliance)
   * @param pollInterval pause between two reads of the lab vCenter's VMs
   * @param sitePackage whether the nodes have the lab's site package: the configuration workflows no
   *     public source documents (off by default: a lab twin has only what the product documents)
   */
  @ConfigurationProperties("dunes.lab.nodes")
  record Properties(Path workDir, LabNode.Ports ports, Duration startingDuration, Duration pollInterval,
      boolean sitePackage) {
    Properties {
      workDir = workDir == null ? Path.of("data/lab/nodes") : workDir;
      ports = ports == null ? LabNode.Ports.DEFAULTS : ports;
      startingDuration = startingDuration == null ? Duration.ofSeconds(2) : startingDuration;
      pollInterval = pollInterval == null ? Duration.ofMillis(150) : pollInterval;
    }
  }
}
