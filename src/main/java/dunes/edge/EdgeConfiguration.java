package dunes.edge;

import dunes.secrets.SecretStore;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The edge client; it uses a {@link DnsResolver} bean when one exists (Dunes's RequestDns: the request's DNS servers). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeConfiguration {

  @Bean
  HttpEdgeClient httpEdgeClient(EdgeProperties properties, SecretStore secrets, ObjectProvider<DnsResolver> dns) {
    return new HttpEdgeClient(properties, secrets, dns.getIfAvailable());
  }
}
