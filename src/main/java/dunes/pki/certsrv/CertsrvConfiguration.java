package dunes.pki.certsrv;

import dunes.secrets.SecretStore;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The certsrv client; it uses a {@link DnsResolver} bean when one exists (RequestDns: the request's DNS servers). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertsrvProperties.class)
class CertsrvConfiguration {

  @Bean
  HttpCertsrvClient httpCertsrvClient(CertsrvProperties properties, SecretStore secrets,
      ObjectProvider<DnsResolver> dns, ObjectProvider<PlainHttpAcceptances> acceptances) {
    // without the acceptances table (no DataSource) every plain http target is refused
    return new HttpCertsrvClient(properties, secrets, dns.getIfAvailable(), acceptances.getIfAvailable());
  }
}
