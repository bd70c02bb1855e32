package dunes.lab.guests;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabNames;
import dunes.lab.node.LabNode;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dunes.lab.LabSystems;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/** The lab's reference appliance ({@code dunes.lab.reference.*}), when enabled; it stops with the application. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
@ConditionalOnProperty(prefix = "dunes.lab.reference", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(LabReferenceConfiguration.Properties.class)
class LabReferenceConfiguration {

  @Bean(destroyMethod = "close")
  LabReferenceAppliance labReferenceAppliance(Properties properties, LabGuestsConfiguration.Properties nodes,
      LabNames names, SecretStore secrets, LabJournal journal, LabFaults faults, Environment environment) {
    String domain = environment.getProperty("dunes.lab.domain", "lab.local");
    String fqdn = properties.name() + "." + domain;
    String address = properties.address() == null ? names.address(fqdn) : properties.address();
    names.add(fqdn, address);
    LabNode.Settings settings = new LabNode.Settings(properties.name(), fqdn, address, nodes.ports(),
        secrets.resolve(new SecretRef("appliance-root")).revealAsString(),
        secrets.resolve(new SecretRef("vco-config")).revealAsString(), properties.workDir(), Duration.ZERO,
        secrets.resolve(new SecretRef("sso-admin")).revealAsString());
    return LabReferenceAppliance.start(settings, nodes.sitePackage(), journal, faults);
  }

  /**
   * {@code dunes.lab.reference.*}
   *
   * @param enabled on in the lab profile
   * @param name its host name in the lab's domain ({@code vcoref})
   * @param address where it listens (the plan's 127.0.0.19 by default); its ports are the nodes'
   */
  @ConfigurationProperties("dunes.lab.reference")
  record Properties(boolean enabled, String name, String address, Path workDir) {
    Properties {
      name = name == null ? "vcoref" : name;
      workDir = workDir == null ? Path.of("data/lab/reference") : workDir;
    }
  }
}
