package dunes.dns;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dunes's DNS: the request's servers answer for the request's zone ({@link RequestDns}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DnsProperties.class)
class DnsConfiguration {

  @Bean
  NameLookup nameLookup(DnsProperties properties) {
    return new DnsjavaNameLookup(properties);
  }

  @Bean
  RequestZones requestZones() {
    return new RequestZones();
  }

  /** The {@code DnsResolver} every HTTP, SSH and TLS client of Dunes takes. */
  @Bean
  RequestDns requestDns(RequestZones zones, NameLookup lookup) {
    return new RequestDns(zones, lookup);
  }

  @Bean
  RequestZonesLearner requestZonesLearner(RequestZones zones) {
    return new RequestZonesLearner(zones);
  }
}
