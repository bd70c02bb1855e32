package dunes.lab.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.secrets.UnknownSecretException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The lab profile's wiring, without Spring: defaults, and the enrollment password from the store. */
class LabCaConfigurationTest {

  @Test
  void shouldDefaultToTheLabAddressPlan() {
    LabCaConfiguration.Properties properties = new LabCaConfiguration.Properties(
        null, null, null, null, null, null, null, null, null, null);

    assertThat(properties.address()).isEqualTo("127.0.0.20");
    assertThat(properties.port()).isEqualTo(8443);
    assertThat(properties.username()).isEqualTo("LAB\\enroll");
    assertThat(properties.mode()).isEqualTo(LabCertificateAuthority.Mode.AUTO_ISSUE);
    assertThat(properties.withIntermediate()).isFalse();
    assertThat(properties.authentication()).containsExactly(LabCertificateAuthority.Authentication.BASIC);
  }

  @Test
  void shouldBindTheOfferedMethodsFromAPropertyAsADefaultAdCsWouldOfferThem() {
    LabCaConfiguration.Properties properties = new Binder(new MapConfigurationPropertySource(
        Map.of("dunes.lab.ca.authentication", "negotiate,ntlm"))).bind("dunes.lab.ca",
        LabCaConfiguration.Properties.class).get();

    assertThat(properties.authentication()).containsExactly(LabCertificateAuthority.Authentication.NEGOTIATE,
        LabCertificateAuthority.Authentication.NTLM);
  }

  @Test
  void shouldAcceptThePasswordTheSecretStoreHoldsAsCaEnroll() {
    SecretStore store = new SecretStore() {
      @Override
      public boolean contains(SecretRef ref) {
        return ref.name().equals("ca-enroll");
      }

      @Override
      public Secret resolve(SecretRef ref) {
        if (!contains(ref)) {
          throw new UnknownSecretException(ref, "the test store");
        }
        return new Secret(ref, "from-the-store".toCharArray());
      }
    };
    LabCaConfiguration.Properties properties = new LabCaConfiguration.Properties(
        "lab.local", "127.0.1.8", 0, null, null, true, null, null, null, null);

    try (LabCertificateAuthority ca = new LabCaConfiguration().labCertificateAuthority(
        properties, store, new LabJournal(), new LabFaults(), dunes.lab.LabState.inMemory())) {
      CertsrvTestClient client = new CertsrvTestClient(ca.url(), ca.rootCertificate(), "LAB\\enroll", "from-the-store");

      assertThat(client.getText("/certsrv/").statusCode()).isEqualTo(200);
      assertThat(client.withCredentials("LAB\\enroll", "other").getText("/certsrv/").statusCode()).isEqualTo(401);
      assertThat(ca.hostName()).isEqualTo("ca.lab.local");
      assertThat(ca.chain()).hasSize(2);
    }
  }
}
