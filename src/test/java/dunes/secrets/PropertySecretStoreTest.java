package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertySecretStoreTest {

  private final PropertySecretStore store = new PropertySecretStore(
      Map.of("vcenter-admin", "from-config"),
      name -> name.equals("DUNES_SECRET_SSO_ADMIN") ? "from-env" : null);

  @Test
  void shouldResolveFromConfigurationThenFromTheEnvironment() {
    assertThat(store.resolve(new SecretRef("vcenter-admin")).revealAsString()).isEqualTo("from-config");
    assertThat(store.resolve(new SecretRef("sso-admin")).revealAsString()).isEqualTo("from-env");
    assertThat(store.contains(new SecretRef("sso.admin"))).isTrue();
  }

  @Test
  void shouldNameBothPlacesWhenASecretIsMissing() {
    assertThat(store.contains(new SecretRef("ca-enroll"))).isFalse();
    assertThatThrownBy(() -> store.resolve(new SecretRef("ca-enroll")))
        .isInstanceOf(UnknownSecretException.class)
        .hasMessageContaining("dunes.secrets.values.ca-enroll").hasMessageContaining("DUNES_SECRET_CA_ENROLL");
  }

  @Test
  void shouldNeverShowTheValueInToString() {
    Secret secret = store.resolve(new SecretRef("vcenter-admin"));
    assertThat(secret.toString()).doesNotContain("from-config").contains("vcenter-admin");
  }

  @Test
  void shouldRefuseMalformedReferenceNames() {
    assertThatThrownBy(() -> new SecretRef("Has Spaces")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretRef("")).isInstanceOf(IllegalArgumentException.class);
  }
}
