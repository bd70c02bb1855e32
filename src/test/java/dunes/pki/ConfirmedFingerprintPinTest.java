package dunes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.DunesIntegrationTest;
import dunes.support.StageCaller;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator's acceptance in ConfirmCertificate pins is the fingerprint Dunes read from the
 * endpoint — here Debian's {@code openssl s_server} on 127.0.36.1, its fingerprint as {@code openssl
 * x509} computes it — never one a completion or a variable write puts in {@code certificateFingerprint}.
 */
class ConfirmedFingerprintPinTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORGED = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
      + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

  private OpenSslServer server;
  private ProcessInstance confirm;
  private Task task;

  @BeforeEach
  void readTheCertificateOfAnUnpinnedEndpoint() throws Exception {
    server = OpenSslServer.start("-tls1_2", "127.0.36.1");
    ProcessInstance caller = StageCaller.start(engine, "ConfirmCertificate", "CHG-PIN-" + System.nanoTime(), Map.of(
        "certificateUrl", "https://" + server.endpoint(), "certificatePurpose", "a test endpoint"));
    confirm = StageCaller.called(engine, caller);
    runJobs(confirm.getId()); // Task_ReadCertificate
    task = engine.getTaskService().createTaskQuery().processInstanceId(confirm.getId()).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_ConfirmFingerprint");
    assertThat(engine.getTaskService().getVariable(task.getId(), "certificateFingerprint"))
        .isEqualTo(server.opensslFingerprint());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aCompletionCarryingAnotherFingerprintIsRefusedAndTheReadOneIsPinned() throws Exception {
    HttpResponse<String> forged = complete(Map.of("certificateDecision", "accept", "certificateFingerprint", FORGED));

    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
    assertThat(JSON.readTree(forged.body()).get("variables").toString()).isEqualTo("[\"certificateFingerprint\"]");
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isOne();

    HttpResponse<String> accepted = complete(Map.of("certificateDecision", "accept", "certificateComment", "console"));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(204);
    assertThat(history("confirmedFingerprint")).isEqualTo(server.opensslFingerprint());
  }

  @Test
  void aFingerprintWrittenBeforeTheDecisionIsRefusedAndNeverPinned() throws Exception {
    HttpResponse<String> written = call("PUT", "/engine-rest/process-instance/" + confirm.getId()
        + "/variables/certificateFingerprint", "{\"value\":\"" + FORGED + "\"}", "admin", "test-admin-pw-4711");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);

    HttpResponse<String> accepted = complete(Map.of("certificateDecision", "accept"));

    assertThat(accepted.statusCode()).isEqualTo(500);
    assertThat(accepted.body()).contains("is not the fingerprint Dunes read (" + server.opensslFingerprint() + ")");
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isOne();
    assertThat(history("confirmedFingerprint")).isNull();
  }

  @Test
  void inCodeTooAnotherFingerprintIsRefused() {
    engine.getIdentityService().setAuthentication(OPERATOR, List.of(dunes.security.DunesGroups.OPERATORS));
    try {
      assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(),
          Map.of("certificateDecision", "accept", "certificateFingerprint", FORGED)))
          .isInstanceOf(ProcessEngineException.class).hasMessageContaining("is not the fingerprint Dunes read");
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isOne();
  }

  private HttpResponse<String> complete(Map<String, Object> values) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode variables = body.putObject("variables");
    values.forEach((name, value) -> variables.putObject(name).putPOJO("value", value));
    return call("POST", "/engine-rest/task/" + task.getId() + "/complete", body.toString(), OPERATOR, OPERATOR_PASSWORD);
  }

  private Object history(String name) {
    HistoricVariableInstance variable = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(confirm.getId()).variableName(name).singleResult();
    return variable == null ? null : variable.getValue();
  }
}
