package dunes.build;

import static dunes.support.ExampleRequest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretBinding;
import dunes.support.ExampleRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The validator refuses a secret the build would send where its binding does not allow, field by
 * field, before anything starts: the example request's secrets bound to the lab's names only.
 */
class SecretBindingValidationTest {

  private static final String VALUE = "Stored-Value-Nobody-Sees";

  private static final Map<String, SecretBinding> LAB = Map.of(
      "vcenter-admin", bind("vcenter", "vcenter.lab.local", true),
      "appliance-root", bind("appliance-root", null, true),
      "vco-config", bind("vco-config", null, true),
      "vco-admin", bind("vco-rest", "vcoref.lab.local", true),
      "sso-admin", bind("sso-admin,vco-rest", "sso.lab.local", true),
      "vco-db", bind("database", "db.lab.local", true),
      "ca-enroll", bind("ca-enrolment", "ca.lab.local", false),
      "vsm-admin", bind("edge", "vsm.lab.local", false));

  private static SecretBinding bind(String purposes, String host, boolean buildNodes) {
    return SecretBinding.parse("dunes.secrets.bindings.x", List.of(purposes.split(",")),
        host == null ? List.of() : List.of(host), buildNodes, false);
  }

  private static BuildRequestReader reader(Map<String, SecretBinding> bindings) {
    Map<String, String> values = new HashMap<>();
    LAB.keySet().forEach(name -> values.put(name, VALUE));
    RequestProperties limits = RequestProperties.allowing("lab.local");
    return new BuildRequestReader(new BuildSpecValidator(new PropertySecretStore(values, bindings, name -> null), limits,
        dunes.vsphere.OvfDirectory.of(java.nio.file.Path.of("src/test/resources/ovf"))), limits);
  }

  private static List<FieldError> errors(Map<String, SecretBinding> bindings, Consumer<ObjectNode> change) {
    try {
      reader(bindings).read(ExampleRequest.changed("CHG1", change));
      return List.of();
    } catch (InvalidBuildRequestException e) {
      return e.errors();
    }
  }

  private static List<FieldError> errors(Consumer<ObjectNode> change) {
    return errors(LAB, change);
  }

  @Test
  void shouldAcceptTheExampleWhoseEverySecretGoesWhereItIsBound() {
    assertThat(errors(r -> {})).isEmpty();
  }

  @Test
  void shouldRefuseTheVCenterPasswordForAForeignVCenter() {
    assertThat(errors(r -> node(r, "vcenter").put("url", "https://10.66.0.1/sdk"))).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("vcenter.passwordRef");
      assertThat(e.message()).contains("'vcenter-admin'", "10.66.0.1:443", "(vcenter)").doesNotContain(VALUE);
    });
  }

  @Test
  void shouldRefuseEachExternalSecretForAForeignHostInItsOwnField() {
    assertThat(errors(r -> node(r, "edge").put("managerUrl", "https://vsm.attacker.example")))
        .extracting(FieldError::field).containsExactly("edge.passwordRef");
    assertThat(errors(r -> node(r, "ca").put("url", "https://ca.attacker.example/certsrv")))
        .extracting(FieldError::field).containsExactly("ca.passwordRef");
    assertThat(errors(r -> node(r, "ovf/reference").put("url", "https://vco.attacker.example:8281")))
        .extracting(FieldError::field).containsExactly("ovf.reference.passwordRef");
    assertThat(errors(r -> node(r, "database").put("host", "db.attacker.example")))
        .extracting(FieldError::field).containsExactly("database.passwordRef");
    assertThat(errors(r -> node(r, "sso").put("host", "sso.attacker.example")))
        .singleElement().satisfies(e -> {
          assertThat(e.field()).isEqualTo("sso.passwordRef");
          assertThat(e.message()).contains("sso.attacker.example:7444 (sso-admin) through build node 127.0.0.11:8281");
        });
  }

  @Test
  void shouldRefuseAStoredSecretNamedInAFieldOfAnotherPurpose() {
    // the edge's password named as vCenter's, for vCenter's own host: still refused
    assertThat(errors(r -> node(r, "vcenter").put("passwordRef", "vsm-admin"))).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("vcenter.passwordRef");
      assertThat(e.message()).contains("'vsm-admin'", "it is for edge");
    });
  }

  @Test
  void shouldRefuseAnExternalSystemsPasswordAsAnApplianceAccount() {
    assertThat(errors(r -> node(r, "appliance").put("rootPasswordRef", "vcenter-admin")))
        .extracting(FieldError::field).containsExactly("appliance.rootPasswordRef");
  }

  @Test
  void shouldRefuseASecretThatMayNotBeHandedToTheBuildsNodes() {
    Map<String, SecretBinding> bindings = new HashMap<>(LAB);
    bindings.put("vco-db", bind("database", "db.lab.local", false));

    assertThat(errors(bindings, r -> {})).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("database.passwordRef");
      assertThat(e.message()).contains("db.lab.local:1433 (database) through build node 127.0.0.11:8281");
    });
  }

  @Test
  void shouldRefuseASecretWithoutBindingNamingWhereItIsConfigured() {
    Map<String, SecretBinding> bindings = new HashMap<>(LAB);
    bindings.remove("vsm-admin");

    assertThat(errors(bindings, r -> {})).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("edge.passwordRef");
      assertThat(e.message()).contains("no binding (dunes.secrets.bindings.vsm-admin)");
    });
  }

  @Test
  void shouldCheckTheSsoLoginOfTheRestApiInTheFieldThatNamesIt() {
    assertThat(errors(r -> node(r, "sso").put("vcoAdminUsername", "vcoadmin@vsphere.local")
        .put("vcoAdminPasswordRef", "ca-enroll"))).extracting(FieldError::field)
        .containsExactly("sso.vcoAdminPasswordRef");
  }

  @Test
  void shouldLeaveOutADestinationWhoseOwnFieldIsWrong() {
    assertThat(errors(r -> node(r, "ca").put("url", "ftp://ca.attacker.example")))
        .extracting(FieldError::field).containsExactly("ca.url");
  }

  @Test
  void shouldNeverRepeatAnUnknownReferenceWhichMayBeAPastedPassword() {
    assertThatThrownBy(() -> reader(LAB).read(ExampleRequest.changed("CHG1",
        r -> node(r, "vcenter").put("passwordRef", "hunter2-pasted"))))
        .isInstanceOfSatisfying(InvalidBuildRequestException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(error -> assertThat(error.message()).doesNotContain("hunter2-pasted")));
  }
}
