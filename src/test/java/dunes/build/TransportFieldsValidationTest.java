package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.secrets.PropertySecretStore;
import dunes.support.ExampleRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ca.allowPlainHttp with an http ca.url, and database.fingerprint: field-level errors before any build starts. */
class TransportFieldsValidationTest {

  private static final Map<String, String> LAB_SECRETS = Map.of(
      "vcenter-admin", "x", "appliance-root", "x", "vco-config", "x", "vco-admin", "x", "sso-admin", "x",
      "vco-db", "x", "ca-enroll", "x", "vsm-admin", "x");

  private final BuildRequestReader reader =
      new BuildRequestReader(new BuildSpecValidator(new PropertySecretStore(LAB_SECRETS, name -> null)));

  @Test
  void anHttpCaUrlIsAFieldErrorUnlessTheRequestAllowsPlainHttp() {
    String request = ExampleRequest.changed("CHG1", r -> {
      ExampleRequest.node(r, "ca").put("url", "http://ca.lab.local/certsrv");
      ExampleRequest.node(r, "ca").remove("fingerprint");
    });

    assertThatThrownBy(() -> reader.read(request))
        .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
            .singleElement().satisfies(error -> {
              assertThat(error.field()).isEqualTo("ca.url");
              assertThat(error.message()).contains("in clear", "ca.allowPlainHttp: true");
            }));
  }

  @Test
  void anAllowedHttpCaUrlIsAcceptedWithoutAFingerprint() {
    BuildSpec spec = reader.read(ExampleRequest.changed("CHG1", r -> {
      ExampleRequest.node(r, "ca").put("url", "http://ca.lab.local/certsrv").put("allowPlainHttp", true);
      ExampleRequest.node(r, "ca").remove("fingerprint");
    }));

    assertThat(spec.ca().allowPlainHttp()).isTrue();
    assertThat(spec.ca().url()).isEqualTo("http://ca.lab.local/certsrv");
  }

  @Test
  void anAllowedHttpCaUrlWithAFingerprintIsAFieldError() {
    String request = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ca")
        .put("url", "http://ca.lab.local/certsrv").put("allowPlainHttp", true).put("fingerprint", "AB".repeat(32)));

    assertThatThrownBy(() -> reader.read(request))
        .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
            .extracting(FieldError::field).containsExactly("ca.fingerprint"));
  }

  @Test
  void plainHttpIsOffByDefault() {
    assertThat(reader.read(ExampleRequest.withTicket("CHG1").toString()).ca().allowPlainHttp()).isFalse();
  }

  @Test
  void theDatabaseFingerprintIsOptionalAndMustBeSha256() {
    assertThat(reader.read(ExampleRequest.withTicket("CHG1").toString()).database().fingerprint()).isNull();
    String hex = "CD".repeat(32);
    assertThat(reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "database")
        .put("fingerprint", hex))).database().fingerprint()).isEqualTo(hex);

    assertThatThrownBy(() -> reader.read(ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "database")
        .put("fingerprint", "AB".repeat(20)))))
        .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors())
            .extracting(FieldError::field).containsExactly("database.fingerprint"));
  }
}
