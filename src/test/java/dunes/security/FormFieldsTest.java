package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What each form of Dunes lets a person set: exactly the fields a completion may carry. */
class FormFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> dunesForms() {
    return Stream.of(
        Arguments.of("approve-certificate", Set.of("certificateApproval", "certificateApprovalComment")),
        Arguments.of("confirm-fingerprint", Set.of("certificateDecision", "certificateComment")),
        Arguments.of("approve-plan", Set.of("planDecision")),
        Arguments.of("accept-plain-http", Set.of("plainHttpDecision", "plainHttpComment")),
        Arguments.of("shutdown-for-clone", Set.of("shutdownMethod", "shutdownConfirmed")),
        Arguments.of("export-signing-request", Set.of("packageSigningCsr")),
        Arguments.of("perform-configuration", Set.of()),
        Arguments.of("find-submitted-request", Set.of("submissionFinding", "foundRequestId")),
        Arguments.of("undo-blocked", Set.of("undoRetryConfirmed")),
        Arguments.of("authoring-finished", Set.of("authoringFinished")),
        Arguments.of("authoring-window", Set.of("buildTicket", "windowReason")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dunesForms")
  void eachFormLetsAPersonSetOnlyItsEditableFields(String form, Set<String> editable) throws Exception {
    JsonNode schema = JSON.readTree(Path.of("forms", form + ".form").toFile());

    assertThat(FormFields.editable(schema)).containsExactlyInAnyOrderElementsOf(editable);
  }

  @Test
  void theStartFormLetsAPersonSetEveryFieldOfTheExampleRequestAndNothingElse() throws Exception {
    JsonNode schema = JSON.readTree(Path.of("forms", "build-request.form").toFile());
    Set<String> example = dunes.support.StartFormVariables.of(dunes.support.ExampleRequest.withTicket("CHG1")).keySet();

    assertThat(FormFields.editable(schema)).containsAll(example)
        .allMatch(dunes.build.StartFormFields::isField)
        .contains("request_nodes_3_ip", "request_network_dns_1", "request_sso_port");
  }

  @Test
  void readOnlyAndDisabledFieldsAndGroupsAreNotEditableAndPathsNameTheVariable() throws Exception {
    JsonNode schema = JSON.readTree("""
        {"components": [
          {"type": "textfield", "key": "shown", "disabled": true},
          {"type": "textfield", "key": "readOnly", "readonly": true},
          {"type": "textfield", "key": "readOnlyWhen", "readonly": "=approved"},
          {"type": "textfield", "key": "open", "readonly": false},
          {"type": "text", "text": "# heading"},
          {"type": "button", "key": "submit", "action": "submit"},
          {"type": "textfield", "key": "address.street"},
          {"type": "group", "path": "contact", "components": [{"type": "textfield", "key": "phone"}]},
          {"type": "group", "components": [{"type": "checkbox", "key": "inGroup"}]},
          {"type": "group", "disabled": true, "components": [{"type": "textfield", "key": "lockedByGroup"}]}
        ]}""");

    assertThat(FormFields.editable(schema)).containsExactlyInAnyOrder("open", "address", "contact", "inGroup");
  }
}
