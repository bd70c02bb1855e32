package dunes.lab.ca;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabNames;
import dunes.lab.LabState;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dunes.lab.LabSystems;
import org.springframework.context.annotation.Profile;

/** Starts the lab's CA with the application in the lab profile, and stops it with it. */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
@EnableConfigurationProperties(LabCaConfiguration.Properties.class)
class LabCaConfiguration {

  /** The secret the README's example request enrolls with; the lab CA accepts exactly its value. */
  static final SecretRef ENROLL_PASSWORD = new SecretRef("ca-enroll");

  @Bean(destroyMethod = "close")
  LabCertificateAuthority labCertificateAuthority(Properties properties, SecretStore secrets, LabJournal journal,
      LabFaults faults, LabState state) {
    return LabCertificateAuthority.start(new LabCertificateAuthority.Settings(
        properties.address(), properties.port(), "ca." + properties.domain(), properties.username(),
        secrets.resolve(ENROLL_PASSWORD).revealAsString(), properties.mode(), properties.withIntermediate(),
        properties.caName(), properties.intermediateName(), properties.plainHttp(), properties.authentication()),
        journal, faults, state.dir("ca"));
  }

  /**
   * {@code dunes.lab.ca.*}; the address defaults to where the lab's names put ca.{domain}, the
   * authentication to Basic alone (the README's example request says {@code basic}).
   */
  @ConfigurationProperties("dunes.lab.ca")
  record Properties(String domain, String address, Integer port, String username, LabCertificateAuthority.Mode mode,
      Boolean withIntermediate, String caName, String intermediateName, Boolean plainHttp,
      List<LabCertificateAuthority.Authentication> authentication) {
    Properties {
      domain = domain == null ? "lab.local" : domain;
      address = address == null ? new LabNames(domain).address("ca." + domain) : address;
      port = port == null ? 8443 : port;
      username = username == null ? "LAB\\enroll" : username;
      mode = mode == null ? LabCertificateAuthority.Mode.AUTO_ISSUE : mode;
      withIntermediate = withIntermediate != null && withIntermediate;
      caName = caName == null ? LabCertificateAuthority.DEFAULT_CA_NAME : caName;
      intermediateName = intermediateName == null ? LabCertificateAuthority.DEFAULT_INTERMEDIATE_NAME : intermediateName;
      plainHttp = plainHttp != null && plainHttp; // dunes.lab.ca.plain-http: certsrv without its https binding
      // dunes.lab.ca.authentication=negotiate,ntlm: a default AD CS, which the lab refuses every login to
      authentication = authentication == null || authentication.isEmpty()
          ? List.of(LabCertificateAuthority.Authentication.BASIC) : authentication;
    }
  }
}
