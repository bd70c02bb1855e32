package dunes.lab.vsphere;

import dunes.lab.LabFaults;
import dunes.lab.LabState;
import java.net.InetSocketAddress;
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

/**
 * Starts the lab's vCenter with the application in the lab profile. A durable lab's simulator
 * outlives the application and is adopted by its next start; otherwise it stops with it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
@EnableConfigurationProperties(LabVSphereConfiguration.Properties.class)
class LabVSphereConfiguration {

  @Bean(destroyMethod = "close")
  LabVSphere labVSphere(Properties properties, Environment environment, LabState state) {
    return LabVSphere.start(new LabVSphere.Settings(
        properties.address(), properties.port(), properties.username(),
        environment.getRequiredProperty("dunes.secrets.values.vcenter-admin"),
        properties.workDir(), properties.buildScript(), properties.binaryDir(),
        properties.vappDelayScale(), properties.startTimeout(), properties.toolsHeartbeatDelay(),
        properties.cloneDuration()), state.durable());
  }

  /**
   * With {@code dunes.lab.vsphere.front-port} set, vcsim is reached there through a front that
   * applies the knobs on {@code vsphere:sdk}; the lab's own clients keep vcsim's port.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty("dunes.lab.vsphere.front-port")
  VSphereFront labVSphereFront(Properties properties, Environment environment, LabVSphere vsphere, LabFaults faults) {
    return VSphereFront.start(properties.address(), environment.getRequiredProperty("dunes.lab.vsphere.front-port",
        Integer.class), new InetSocketAddress(vsphere.sdkUrl().getHost(), vsphere.sdkUrl().getPort()), faults);
  }

  /**
   * {@code dunes.lab.vsphere.*}
   *
   * @param binaryDir a directory with vcsim and govc, to skip the build script
   * @param toolsHeartbeatDelay time from a VM's power-on to its guest's first VMware Tools heartbeat (what a vApp
   *     entity waiting for the guest waits for)
   * @param cloneDuration how long a CloneVM_Task copies, its task running, before the clone appears (a real copy of
   *     the appliance takes minutes); 0 makes the clone inside the call
   */
  @ConfigurationProperties("dunes.lab.vsphere")
  record Properties(String address, Integer port, String username, Path workDir, Path buildScript,
      Path binaryDir, Double vappDelayScale, Duration startTimeout, Duration toolsHeartbeatDelay,
      Duration cloneDuration) {
    Properties {
      address = address == null ? "127.0.0.40" : address;
      port = port == null ? 8989 : port;
      username = username == null ? "administrator@vsphere.local" : username;
      workDir = workDir == null ? Path.of("data/lab/vsphere") : workDir;
      buildScript = buildScript == null ? Path.of("src/vcsim/build.sh") : buildScript;
      vappDelayScale = vappDelayScale == null ? 0.01 : vappDelayScale;
      startTimeout = startTimeout == null ? Duration.ofSeconds(10) : startTimeout;
      toolsHeartbeatDelay = toolsHeartbeatDelay == null ? Duration.ofSeconds(1) : toolsHeartbeatDelay;
      cloneDuration = cloneDuration == null ? Duration.ofSeconds(3) : cloneDuration;
    }
  }
}
