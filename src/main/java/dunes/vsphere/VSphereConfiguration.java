package dunes.vsphere;

import java.nio.file.Path;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Binds {@code dunes.vsphere.*}; adapters are opened per vCenter of a request
 * ({@code dunes.vsphere.steps.VSphereClients}). Downloaded OVFs are kept in
 * {@code dunes.vsphere.ovf-cache} (default data/ovf-cache) so a retried deploy does not fetch them again;
 * {@code file:} OVFs are read only below {@code dunes.vsphere.ovf-directory} (none by default).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VSphereProperties.class)
class VSphereConfiguration {

  @Bean
  OvfDirectory ovfDirectory(Environment environment) {
    return OvfDirectory.of(environment.getProperty("dunes.vsphere.ovf-directory"));
  }

  @Bean
  OvfSource ovfSource(Environment environment, VSphereProperties properties, OvfDirectory files,
      ObjectProvider<DnsResolver> dns) {
    return new OvfSource(Path.of(environment.getProperty("dunes.vsphere.ovf-cache", "data/ovf-cache")), files,
        dns.getIfAvailable(), properties.uploadTimeout());
  }
}
