package dunes.appliance.config;

import dunes.secrets.SecretStore;
import javax.sql.DataSource;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The vCO configuration client; it uses a {@link DnsResolver} bean when one exists (RequestDns: the request's DNS servers). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VcoConfigProperties.class)
class VcoConfigConfiguration {

  @Bean
  ConfigurationRuns configurationRuns(DataSource dataSource) {
    return new ConfigurationRuns(dataSource);
  }

  @Bean
  HttpVcoConfigClient httpVcoConfigClient(VcoConfigProperties properties, SecretStore secrets,
      ObjectProvider<DnsResolver> dns, ConfigurationRuns runs) {
    return new HttpVcoConfigClient(properties, secrets, dns.getIfAvailable(), runs, properties.workflow("sso").id());
  }
}
