package dunes.lab.edge;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabState;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dunes.lab.LabSystems;
import org.springframework.context.annotation.Profile;

/** Starts the lab's vShield Manager and edge with the application in the lab profile. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
@EnableConfigurationProperties(LabEdgeConfiguration.Properties.class)
class LabEdgeConfiguration {

  @Bean(destroyMethod = "close")
  LabEdge labEdge(Properties properties, SecretStore secrets, LabJournal journal, LabFaults faults, LabState state) {
    String password = secrets.resolve(new SecretRef("vsm-admin")).revealAsString();
    return LabEdge.start(new LabEdge.Settings(properties.address(), properties.port(), properties.username(), password,
        properties.edgeId(), properties.edgeName(), properties.uplinkAddress(), properties.uplinkSubnetMask(),
        properties.healthCheckInterval(), properties.healthCheckTimeout(), properties.connectTimeout(),
        properties.nsxVersion()), journal, faults, state.dir("edge"));
  }

  /**
   * {@code dunes.lab.edge.*}
   *
   * @param healthCheckInterval how often members are checked, for every pool (default 500 ms, so the lab
   *     notices a stopped node within a second or two; the pools' own intervals are in seconds)
   * @param nsxVersion unset: a vShield Manager 5.x; e.g. {@code 6.3.0}: an NSX Manager of that
   *     version, which from 6.3 on has no {@code /api/3.0/edges}
   */
  @ConfigurationProperties("dunes.lab.edge")
  record Properties(String address, Integer port, String username, String edgeId, String edgeName,
      String uplinkAddress, String uplinkSubnetMask, Duration healthCheckInterval, Duration healthCheckTimeout,
      Duration connectTimeout, String nsxVersion) {
    Properties {
      address = address == null ? "127.0.0.30" : address;
      port = port == null ? 8443 : port;
      username = username == null ? "admin" : username;
      edgeId = edgeId == null ? "edge-1" : edgeId;
      edgeName = edgeName == null ? "vcvco-edge" : edgeName;
      uplinkAddress = uplinkAddress == null ? "127.0.0.1" : uplinkAddress;
      uplinkSubnetMask = uplinkSubnetMask == null ? "255.0.0.0" : uplinkSubnetMask;
      healthCheckInterval = healthCheckInterval == null ? Duration.ofMillis(500) : healthCheckInterval;
      healthCheckTimeout = healthCheckTimeout == null ? Duration.ofSeconds(2) : healthCheckTimeout;
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }
  }
}
