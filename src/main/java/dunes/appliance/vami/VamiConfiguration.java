package dunes.appliance.vami;

import dunes.appliance.shell.NodeShellPort;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The appliance identity client: the VAMI commands over the node shell's SSH client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VamiProperties.class)
class VamiConfiguration {

  @Bean
  ShellApplianceIdentity shellApplianceIdentity(NodeShellPort shell, VamiProperties properties) {
    return new ShellApplianceIdentity(shell, new VamiCommands(properties));
  }
}
