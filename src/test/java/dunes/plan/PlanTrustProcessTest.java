package dunes.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.pki.OpenSslServer;
import dunes.preflight.EndpointCertificate;
import dunes.preflight.PreflightReport;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StageCaller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ConfirmCertificate decides from the build's approved plan in Dunes's tables, against Debian's
 * {@code openssl s_server} on 127.0.63.x as the endpoint: the fingerprint the approval pinned, or
 * for a new appliance's endpoint the one it presented at first contact; another certificate at the
 * same address afterwards is the mismatch error, and without an approved plan an operator decides.
 */
class PlanTrustProcessTest extends DunesIntegrationTest {

  private static final String EXISTING = "127.0.63.1";
  private static final String NODE = "127.0.63.2";

  @Autowired Plans plans;
  private OpenSslServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldTrustWithoutATaskTheCertificateTheApprovalPinnedAndStopAtAnotherOneLater() throws Exception {
    server = OpenSslServer.start("-tls1_2", EXISTING);
    String build = approvedPlan(server.port(), server.fingerprint(), 1);

    Confirm first = confirm(build, "https://" + server.endpoint() + "/sdk");
    assertThat(first.ended()).as("no operator task").isTrue();
    assertThat(history(first.id(), "confirmedFingerprint")).isEqualTo(server.fingerprint());
    assertThat(plans.pin(build, server.endpoint()).orElseThrow().source()).isEqualTo(Plans.FROM_PLAN);

    int port = server.port();
    server.close();
    server = OpenSslServer.start("-tls1_2", EXISTING, port); // the endpoint now presents another certificate
    assertMismatch(confirm(build, "https://" + server.endpoint() + "/sdk"));
  }

  @Test
  void shouldPinANewAppliancesCertificateAtFirstContactAndRefuseAnotherOneAfter() throws Exception {
    server = OpenSslServer.start("-tls1_2", NODE);
    String build = approvedPlan(server.port(), "AB".repeat(32), 2);

    Confirm first = confirm(build, "https://" + server.endpoint());
    assertThat(first.ended()).as("the approved plan covers the first contact").isTrue();
    Plans.Pin pin = plans.pin(build, server.endpoint()).orElseThrow();
    assertThat(pin.source()).isEqualTo(Plans.FIRST_CONTACT);
    assertThat(pin.fingerprint()).isEqualTo(server.opensslFingerprint()); // as openssl x509 computes it

    int port = server.port();
    String firstFingerprint = server.fingerprint();
    server.close();
    server = OpenSslServer.start("-tls1_2", NODE, port);
    assertMismatch(confirm(build, "https://" + server.endpoint()));
    assertThat(plans.pin(build, server.endpoint()).orElseThrow().fingerprint()).isEqualTo(firstFingerprint);
  }

  @Test
  void shouldLeaveTheDecisionToAnOperatorWhileThePlanIsNotApproved() throws Exception {
    server = OpenSslServer.start("-tls1_2", EXISTING);
    String build = ExampleRequest.newTicket();
    plans.store(build, "no-instance", plan(build, server.port(), server.fingerprint(), 1), Instant.now());

    Confirm stage = confirm(build, "https://" + server.endpoint());

    assertThat(stage.ended()).isFalse();
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(stage.id()).singleResult()
        .getTaskDefinitionKey()).isEqualTo("Task_ConfirmFingerprint");
    assertThat(plans.pins(build)).isEmpty();
  }

  /**
   * A stored and approved plan: node 1 at {@link #NODE} with its vCO server on {@code port}, and
   * the existing vCenter at {@link #EXISTING}:{@code port}{@code /sdk} presenting {@code fingerprint} at preflight.
   */
  private String approvedPlan(int port, String fingerprint, int octet) {
    String build = ExampleRequest.newTicket();
    BuildPlan plan = plan(build, port, fingerprint, octet);
    plans.store(build, "no-instance", plan, Instant.now());
    plans.approve(build, "operator", Instant.now(), Map.of(PlanEndpoints.of(plan.existingEndpoints().get(0)),
        fingerprint));
    return build;
  }

  private static BuildPlan plan(String build, int port, String fingerprint, int octet) {
    BuildSpec spec = BuildRequestReader.parseTrusted(ExampleRequest.changed(build, r -> {
      ExampleRequest.node(r, "nodes/0").put("ip", NODE);
      ExampleRequest.node(r, "appliance").put("serverPort", port);
      ExampleRequest.node(r, "vcenter").put("url", "https://" + EXISTING + ":" + port + "/sdk");
    }));
    PreflightReport report = new PreflightReport(List.of(), List.of(new EndpointCertificate("vcenter",
        spec.vcenter().url(), "vCenter", "CN=legacy.lab.local", "CN=legacy.lab.local", Instant.now(),
        Instant.now().plusSeconds(3600), List.of(), false, fingerprint, null)));
    return PlanBuilder.plan(spec, report);
  }

  /** A ConfirmCertificate run to its first wait state or its end. */
  private record Confirm(String id, String callerId, boolean ended) {}

  /** ConfirmCertificate for {@code url} in build {@code build}, as a build's call activity starts it. */
  private Confirm confirm(String build, String url) {
    ProcessInstance stage = StageCaller.call(engine, "ConfirmCertificate", build, Map.of("certificateUrl", url,
        "certificatePurpose", "a test endpoint"));
    runJobs(stage.getId());
    org.camunda.bpm.engine.history.HistoricProcessInstance history = engine.getHistoryService()
        .createHistoricProcessInstanceQuery().processInstanceId(stage.getId()).singleResult();
    return new Confirm(stage.getId(), history.getSuperProcessInstanceId(), history.getEndTime() != null);
  }

  private void assertMismatch(Confirm stage) {
    assertThat(stage.ended()).as("no operator task: the build stops").isTrue();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(stage.id())
        .activityId("Task_ConfirmFingerprint").count()).isZero();
    assertThat(history(stage.callerId(), StageCaller.ERROR_CODE)).isEqualTo("CertificateMismatch");
    assertThat((String) history(stage.callerId(), StageCaller.ERROR_MESSAGE)).contains(server.fingerprint());
    assertThat(history(stage.id(), "confirmedFingerprint")).isNull();
  }

  private Object history(String processInstanceId, String name) {
    HistoricVariableInstance variable = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).variableName(name).singleResult();
    return variable == null ? null : variable.getValue();
  }
}
