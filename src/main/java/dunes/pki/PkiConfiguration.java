package dunes.pki;

import java.time.Duration;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The certificate probe; it resolves through the {@link DnsResolver} bean (RequestDns: the
 * request's DNS servers). Also applies {@value TlsProtocols#PROPERTY} (JVM-wide, as the JDK's own TLS setting is).
 */
@Configuration(proxyBeanMethods = false)
class PkiConfiguration {

  PkiConfiguration(Environment environment) {
    TlsProtocols.allowLegacy(environment.getProperty(TlsProtocols.PROPERTY, Boolean.class, false));
  }

  @Bean
  CertificateProbe certificateProbe(Environment environment, ObjectProvider<DnsResolver> dns) {
    return new CertificateProbe(
        environment.getProperty("dunes.pki.probe-connect-timeout", Duration.class, Duration.ofSeconds(10)),
        environment.getProperty("dunes.pki.probe-read-timeout", Duration.class, Duration.ofSeconds(10)),
        dns.getIfAvailable());
  }
}
