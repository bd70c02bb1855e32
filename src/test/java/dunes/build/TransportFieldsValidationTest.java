package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.support.ExampleRequest;
import org.junit.jupiter.api.Test;

/** ca.allowPlainHttp with an http ca.url, and database.fingerprint: field-level errors before any build starts. */
class TransportFieldsValidationTest {

  private final BuildRequestReader reader = BuildSpecValidatorTest.exampleReader();

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
      ExampleRequest.node(r, "ca").put("url", "http://ca.lab.local/certsrv").put("allowPlainHttp", true)
          .put("authentication", "ntlm");
      ExampleRequest.node(r, "ca").remove("fingerprint");
    }));

    assertThat(spec.ca().allowPlainHttp()).isTrue();
    assertThat(spec.ca().url()).isEqualTo("http://ca.lab.local/certsrv");
  }

  @Test
  void anAllowedHttpCaUrlWithAFingerprintIsAFieldError() {
    String request = ExampleRequest.changed("CHG1", r -> ExampleRequest.node(r, "ca")
        .put("url", "http://ca.lab.local/certsrv").put("allowPlainHttp", true).put("authentication", "ntlm")
        .put("fingerprint", "AB".repeat(32)));

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
