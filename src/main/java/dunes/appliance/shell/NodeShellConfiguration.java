package dunes.appliance.shell;

import dunes.secrets.SecretStore;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node shell client; it uses the {@link DnsResolver} bean (RequestDns: the request's DNS
 * servers). Its SSH client is stopped with the context ({@link SshNodeShell#close()}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeShellProperties.class)
class NodeShellConfiguration {

  @Bean(destroyMethod = "close")
  SshNodeShell sshNodeShell(NodeShellProperties properties, SecretStore secrets, ObjectProvider<DnsResolver> dns) {
    return new SshNodeShell(properties, secrets, dns.getIfAvailable());
  }
}
