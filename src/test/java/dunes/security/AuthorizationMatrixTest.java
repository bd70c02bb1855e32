package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.BuildVariables;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StageCaller;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authorization matrix of docs/security.md, row by row, over HTTP as the users themselves:
 * {@code /api}, {@code /engine-rest} and the webapps' login. Each refusal names the status code a
 * client gets; the rows that the former grants (UPDATE on every task and process instance,
 * CREATE_INSTANCE on every process) allowed are asserted by that code, so they fail on those grants.
 */
class AuthorizationMatrixTest extends DunesIntegrationTest {

  static final String APPROVER = "arne";
  static final String APPROVER_PASSWORD = "arne-pw-5678";

  @org.springframework.beans.factory.annotation.Autowired dunes.pki.steps.SubmittedRequests submitted;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void approver() {
    if (engine.getIdentityService().createUserQuery().userId(APPROVER).count() == 0) {
      User user = engine.getIdentityService().newUser(APPROVER);
      user.setPassword(APPROVER_PASSWORD);
      engine.getIdentityService().saveUser(user);
      engine.getIdentityService().createMembership(APPROVER, DunesGroups.PKI_APPROVERS);
    }
  }

  /** Every process in processes/ but the two that start from outside. */
  static Stream<String> stages() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bpmn"))
          .map(n -> n.substring(0, n.length() - ".bpmn".length()))
          .filter(key -> !AccessMatrix.STARTED.contains(key)).sorted().toList().stream();
    }
  }

  // --- operators: start VcoHaBuild and VcoAuthoringWindow, nothing else ---------------------------

  @Test
  void operatorStartsABuildThroughTheBuildApi() {
    String ticket = ExampleRequest.newTicket();

    assertThat(postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString()).statusCode()).isEqualTo(201);
    assertThat(builds(ticket)).isEqualTo(1);
  }

  @Test
  void operatorStartsABuildByMessage() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> answer = postAsOperator("/engine-rest/message", startMessage(ticket));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(builds(ticket)).isEqualTo(1);
  }

  @Test
  void operatorStartsABuildWithTheTasklistStartForm() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String body = JSON.writeValueAsString(Map.of("variables",
        dunes.support.StartFormVariables.rest(ExampleRequest.withTicket(ticket))));

    HttpResponse<String> answer = postAsOperator("/engine-rest/process-definition/key/VcoHaBuild/submit-form", body);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(builds(ticket)).isEqualTo(1);
  }

  @Test
  void operatorStartsAnAuthoringWindowByMessageOrStartForm() throws Exception {
    String window = ExampleRequest.newTicket();
    String form = ExampleRequest.newTicket();

    HttpResponse<String> message = postAsOperator("/engine-rest/message", windowMessage(window));
    HttpResponse<String> submitted = postAsOperator("/engine-rest/process-definition/key/VcoAuthoringWindow/submit-form",
        JSON.writeValueAsString(Map.of("businessKey", form,
            "variables", Map.of("buildTicket", Map.of("value", "CHG-NO-SUCH-BUILD")))));

    assertThat(message.statusCode()).as(message.body()).isEqualTo(204);
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    assertThat(startedInstances(AccessMatrix.AUTHORING_WINDOW, window)).isEqualTo(1);
    assertThat(startedInstances(AccessMatrix.AUTHORING_WINDOW, form)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void operatorMayNotStartAStage(String stage) {
    HttpResponse<String> answer = call("POST", "/engine-rest/process-definition/key/" + stage + "/start",
        "{\"businessKey\": \"CHG-FOREIGN\"}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).as("refused by authorization, before the stage's own guard")
        .contains("CREATE_INSTANCE").contains(stage);
    assertThat(startedInstances(stage, "CHG-FOREIGN")).isZero();
  }

  // --- operators: read every build, change none ---------------------------------------------------

  @Test
  void operatorReadsABuildAndItsStages() throws Exception {
    String ticket = startBuild();
    ProcessInstance stage = operatorTask(ticket);

    assertThat(get("/api/builds/" + ticket, OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get("/engine-rest/process-instance?businessKey=" + ticket, OPERATOR, OPERATOR_PASSWORD)
        .body()).findValuesAsText("id")).contains(buildId(ticket), stage.getId());
    assertThat(JSON.readTree(get("/engine-rest/history/process-instance?processInstanceBusinessKey=" + ticket,
        OPERATOR, OPERATOR_PASSWORD).body()).findValuesAsText("id")).contains(buildId(ticket), stage.getId());
    assertThat(get("/engine-rest/process-instance/" + buildId(ticket) + "/variables/buildSpec", OPERATOR,
        OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void operatorMayNotSetAProcessVariable() {
    String id = buildId(startBuild());

    HttpResponse<String> put = call("PUT", "/engine-rest/process-instance/" + id + "/variables/requester",
        "{\"value\": \"somebody-else\", \"type\": \"String\"}", OPERATOR, OPERATOR_PASSWORD);
    HttpResponse<String> modify = call("POST", "/engine-rest/process-instance/" + id + "/variables",
        "{\"modifications\": {\"requestValid\": {\"value\": true, \"type\": \"Boolean\"}}}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
    assertThat(modify.statusCode()).as(modify.body()).isEqualTo(403);
    assertThat(engine.getRuntimeService().getVariable(id, BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  @Test
  void operatorMayNotModifyAnInstance() {
    String id = buildId(startBuild());

    HttpResponse<String> answer = call("POST", "/engine-rest/process-instance/" + id + "/modification",
        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_ReportCompleted\"}]}",
        OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
        .activityId("Task_ReportCompleted").count()).isZero();
  }

  @Test
  void operatorMayNotSuspendAnInstance() {
    String id = buildId(startBuild());

    HttpResponse<String> answer = call("PUT", "/engine-rest/process-instance/" + id + "/suspended",
        "{\"suspended\": true}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).suspended().count()).isZero();
  }

  @Test
  void operatorMayNotDeleteAnInstance() {
    String id = buildId(startBuild());

    HttpResponse<String> answer = call("DELETE", "/engine-rest/process-instance/" + id, null, OPERATOR,
        OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count()).isEqualTo(1);
  }

  @Test
  void operatorMayNotMigrateAnInstance() throws Exception {
    String id = buildId(startBuild());
    String definition = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).singleResult()
        .getProcessDefinitionId();
    String body = JSON.writeValueAsString(Map.of(
        "migrationPlan", Map.of("sourceProcessDefinitionId", definition, "targetProcessDefinitionId", definition,
            "instructions", List.of(Map.of("sourceActivityIds", List.of("CallActivity_ProbeProducts"),
                "targetActivityIds", List.of("CallActivity_ProbeProducts")))),
        "processInstanceIds", List.of(id)));

    HttpResponse<String> answer = call("POST", "/engine-rest/migration/execute", body, OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
  }

  @Test
  void operatorMayNotCarryVariablesIntoABuildWithAMessage() throws Exception {
    String ticket = startBuild();
    // the cancel message starts CancelBuild, whose start takes no fields: the guard refuses before the engine
    String body = JSON.writeValueAsString(Map.of("messageName", BuildVariables.MSG_CHANGE_CANCELLED, "businessKey",
        ticket, "processVariables", Map.of("requester", Map.of("value", "somebody-else"))));

    HttpResponse<String> answer = postAsOperator("/engine-rest/message", body);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("refused: requester");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.CANCEL_PROCESS_KEY).count()).as("no cancel started").isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(buildId(ticket)).count())
        .isEqualTo(1);
    assertThat(engine.getRuntimeService().getVariable(buildId(ticket), BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  @Test
  void operatorRetriesAStepOfABuild() {
    String job = anyJob(startBuild());

    HttpResponse<String> answer = call("PUT", "/engine-rest/job/" + job + "/retries", "{\"retries\": 5}",
        OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(engine.getManagementService().createJobQuery().jobId(job).singleResult().getRetries()).isEqualTo(5);
  }

  // --- operators: work the tasks of vco-operators, only those ------------------------------------

  @Test
  void operatorClaimsAndCompletesATaskOfTheirGroup() {
    Task task = openTask(operatorTask(startBuild()));

    HttpResponse<String> claim = call("POST", "/engine-rest/task/" + task.getId() + "/claim",
        "{\"userId\": \"" + OPERATOR + "\"}", OPERATOR, OPERATOR_PASSWORD);
    HttpResponse<String> complete = call("POST", "/engine-rest/task/" + task.getId() + "/complete",
        "{\"variables\": {\"plainHttpDecision\": {\"value\": \"accept\"}}}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(204);
    assertThat(complete.statusCode()).as(complete.body()).isEqualTo(204);
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult()
        .getAssignee()).isEqualTo(OPERATOR);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isZero();
  }

  @Test
  void operatorMayNotWriteVariablesOfTheirTask() {
    Task task = openTask(operatorTask(startBuild()));

    HttpResponse<String> put = call("PUT", "/engine-rest/task/" + task.getId() + "/variables/certificateUrl",
        "{\"value\": \"http://elsewhere.example/certsrv\"}", OPERATOR, OPERATOR_PASSWORD);
    HttpResponse<String> local = call("PUT", "/engine-rest/task/" + task.getId() + "/localVariables/note",
        "{\"value\": \"x\"}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
    assertThat(local.statusCode()).as(local.body()).isEqualTo(403);
    assertThat(engine.getTaskService().getVariable(task.getId(), "certificateUrl")).isEqualTo(PLAIN_CA);
  }

  @Test
  void operatorMayNotHandATaskToAnotherPersonOrGroup() {
    Task task = openTask(operatorTask(startBuild()));

    HttpResponse<String> assign = call("POST", "/engine-rest/task/" + task.getId() + "/assignee",
        "{\"userId\": \"" + APPROVER + "\"}", OPERATOR, OPERATOR_PASSWORD);
    HttpResponse<String> candidate = call("POST", "/engine-rest/task/" + task.getId() + "/identity-links",
        "{\"groupId\": \"" + DunesGroups.PKI_APPROVERS + "\", \"type\": \"candidate\"}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(assign.statusCode()).as(assign.body()).isEqualTo(403);
    assertThat(candidate.statusCode()).as(candidate.body()).isEqualTo(403);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
  }

  @Test
  void operatorMayNotClaimOrCompleteAnApproval() {
    Task approval = openTask(approvalTask(startBuild()));

    HttpResponse<String> claim = call("POST", "/engine-rest/task/" + approval.getId() + "/claim",
        "{\"userId\": \"" + OPERATOR + "\"}", OPERATOR, OPERATOR_PASSWORD);
    HttpResponse<String> complete = call("POST", "/engine-rest/task/" + approval.getId() + "/complete",
        "{\"variables\": {\"certificateApproval\": {\"value\": \"approve\"}}}", OPERATOR, OPERATOR_PASSWORD);

    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(403);
    assertThat(complete.statusCode()).as(complete.body()).isEqualTo(403);
    assertThat(engine.getTaskService().createTaskQuery().taskId(approval.getId()).singleResult().getAssignee()).isNull();
  }

  @Test
  void operatorFindsTheTasksOfTheirGroupInTheDunesFilter() throws Exception {
    String ticket = startBuild();
    Task own = openTask(operatorTask(ticket));
    Task approval = openTask(approvalTask(ticket));

    List<String> listed = filterList(OPERATOR, OPERATOR_PASSWORD);

    assertThat(listed).contains(own.getId()).doesNotContain(approval.getId());
  }

  @Test
  void operatorUsesTasklistAndCockpitButNotAdmin() {
    assertThat(webappLogin("tasklist", OPERATOR, OPERATOR_PASSWORD)).isEqualTo(200);
    assertThat(webappLogin("cockpit", OPERATOR, OPERATOR_PASSWORD)).isEqualTo(200);
    assertThat(webappLogin("admin", OPERATOR, OPERATOR_PASSWORD)).isEqualTo(403);
  }

  // --- approvers: approval tasks in Tasklist, nothing else ----------------------------------------

  @Test
  void approverFindsClaimsAndCompletesAnApproval() throws Exception {
    Task approval = openTask(approvalTask(startBuild()));

    assertThat(filterList(APPROVER, APPROVER_PASSWORD)).contains(approval.getId());
    assertThat(get("/engine-rest/task/" + approval.getId() + "/form-variables", APPROVER, APPROVER_PASSWORD)
        .statusCode()).isEqualTo(200);
    assertThat(get("/engine-rest/task/" + approval.getId() + "/deployed-form", APPROVER, APPROVER_PASSWORD)
        .statusCode()).isEqualTo(200);
    HttpResponse<String> claim = call("POST", "/engine-rest/task/" + approval.getId() + "/claim",
        "{\"userId\": \"" + APPROVER + "\"}", APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> complete = call("POST", "/engine-rest/task/" + approval.getId() + "/complete",
        "{\"variables\": {\"certificateApproval\": {\"value\": \"approve\"}}}", APPROVER, APPROVER_PASSWORD);

    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(204);
    assertThat(complete.statusCode()).as(complete.body()).isEqualTo(204);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(approval.getProcessInstanceId()).variableName("approvedBy").singleResult().getValue())
        .isEqualTo(APPROVER);
  }

  @Test
  void approverMayNotWriteVariablesOfTheApprovalOrHandItOn() {
    Task approval = openTask(approvalTask(startBuild()));

    HttpResponse<String> answer = call("PUT", "/engine-rest/task/" + approval.getId() + "/variables/requester",
        "{\"value\": \"" + APPROVER + "-colleague\"}", APPROVER, APPROVER_PASSWORD);

    HttpResponse<String> assign = call("POST", "/engine-rest/task/" + approval.getId() + "/assignee",
        "{\"userId\": \"" + OPERATOR + "\"}", APPROVER, APPROVER_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(assign.statusCode()).as(assign.body()).isEqualTo(403);
    assertThat(engine.getTaskService().getVariable(approval.getId(), BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
    assertThat(engine.getTaskService().createTaskQuery().taskId(approval.getId()).singleResult().getAssignee()).isNull();
  }

  @Test
  void approverMayNotWorkAnOperatorTask() {
    Task task = openTask(operatorTask(startBuild()));

    HttpResponse<String> claim = call("POST", "/engine-rest/task/" + task.getId() + "/claim",
        "{\"userId\": \"" + APPROVER + "\"}", APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> complete = call("POST", "/engine-rest/task/" + task.getId() + "/complete",
        "{\"variables\": {\"plainHttpDecision\": {\"value\": \"accept\"}}}", APPROVER, APPROVER_PASSWORD);

    assertThat(claim.statusCode()).as(claim.body()).isEqualTo(403);
    assertThat(complete.statusCode()).as(complete.body()).isEqualTo(403);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
  }

  @Test
  void approverMayNotStartABuild() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> api = post("/api/builds", ExampleRequest.withTicket(ticket).toString(), APPROVER,
        APPROVER_PASSWORD);
    HttpResponse<String> message = post("/engine-rest/message", startMessage(ticket), APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> window = post("/engine-rest/message", windowMessage(ticket), APPROVER, APPROVER_PASSWORD);

    assertThat(api.statusCode()).as(api.body()).isEqualTo(403);
    assertThat(message.statusCode()).as(message.body()).isEqualTo(403);
    assertThat(window.statusCode()).as(window.body()).isEqualTo(403);
    assertThat(builds(ticket)).isZero();
    String existing = startBuild();
    HttpResponse<String> again = post("/api/builds", ExampleRequest.withTicket(existing).toString(), APPROVER,
        APPROVER_PASSWORD);
    assertThat(again.statusCode()).as("a ticket that has a build: " + again.body()).isEqualTo(403);
    assertThat(again.body()).doesNotContain(buildId(existing));
    assertThat(startedInstances(AccessMatrix.AUTHORING_WINDOW, ticket)).isZero();
  }

  @Test
  void approverMayNotChangeABuild() throws Exception {
    String ticket = startBuild();
    String id = buildId(ticket);
    String job = anyJob(ticket);

    HttpResponse<String> variable = call("PUT", "/engine-rest/process-instance/" + id + "/variables/requester",
        "{\"value\": \"" + APPROVER + "\"}", APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> modify = call("POST", "/engine-rest/process-instance/" + id + "/modification",
        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Task_ReportCompleted\"}]}",
        APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> cancel = post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_CHANGE_CANCELLED, "businessKey", ticket)), APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> retry = call("PUT", "/engine-rest/job/" + job + "/retries", "{\"retries\": 5}",
        APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> suspend = call("PUT", "/engine-rest/process-instance/" + id + "/suspended",
        "{\"suspended\": true}", APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> delete = call("DELETE", "/engine-rest/process-instance/" + id, null, APPROVER,
        APPROVER_PASSWORD);

    assertThat(List.of(variable, modify, cancel, retry, suspend, delete)).allSatisfy(answer ->
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(403));
    assertThat(engine.getRuntimeService().getVariable(id, BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  @Test
  void approverMayNotStartAStage() {
    HttpResponse<String> approval = call("POST", "/engine-rest/process-definition/key/CertificateApproval/start",
        "{\"businessKey\": \"CHG-APPROVER\"}", APPROVER, APPROVER_PASSWORD);
    HttpResponse<String> undo = call("POST", "/engine-rest/process-definition/key/UndoVSphere/start",
        "{\"businessKey\": \"CHG-APPROVER\"}", APPROVER, APPROVER_PASSWORD);

    assertThat(approval.statusCode()).as(approval.body()).isEqualTo(403);
    assertThat(approval.body()).contains("AuthorizationException").doesNotContain("runs only as a stage");
    assertThat(undo.statusCode()).as("a process the approver cannot even read: " + undo.body()).isEqualTo(404);
    assertThat(startedInstances("CertificateApproval", "CHG-APPROVER") + startedInstances("UndoVSphere", "CHG-APPROVER"))
        .isZero();
  }

  @Test
  void approverSeesNoBuild() throws Exception {
    String ticket = startBuild();

    assertThat(get("/api/builds/" + ticket, APPROVER, APPROVER_PASSWORD).statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(get("/engine-rest/process-instance?businessKey=" + ticket, APPROVER, APPROVER_PASSWORD)
        .body())).isEmpty();
  }

  @Test
  void approverUsesTasklistOnly() {
    assertThat(webappLogin("tasklist", APPROVER, APPROVER_PASSWORD)).isEqualTo(200);
    assertThat(webappLogin("cockpit", APPROVER, APPROVER_PASSWORD)).isEqualTo(403);
    assertThat(webappLogin("admin", APPROVER, APPROVER_PASSWORD)).isEqualTo(403);
  }

  // --- camunda-admin: modifies instances; starts builds, never a stage ----------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void adminMayNotStartAStageEither(String stage) {
    HttpResponse<String> answer = call("POST", "/engine-rest/process-definition/key/" + stage + "/start",
        "{\"businessKey\": \"CHG-ADMIN\"}", ADMIN, adminPassword);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).contains("'" + stage + "' runs only as a stage");
    assertThat(startedInstances(stage, "CHG-ADMIN")).isZero();
  }

  @Test
  void adminMayNotStartAStageBySkippingListeners() {
    HttpResponse<String> answer = call("POST", "/engine-rest/process-definition/key/UndoVSphere/start",
        "{\"businessKey\": \"CHG-SKIP\", \"skipCustomListeners\": true, \"skipIoMappings\": true,"
            + " \"startInstructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"StartEvent_Undo\"}]}",
        ADMIN, adminPassword);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(startedInstances("UndoVSphere", "CHG-SKIP")).isZero();
  }

  @Test
  void adminSetsAProcessVariable() {
    String id = buildId(startBuild());

    HttpResponse<String> answer = call("PUT", "/engine-rest/process-instance/" + id + "/variables/note",
        "{\"value\": \"looked at by the admin\"}", ADMIN, adminPassword);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
  }

  // ---------------------------------------------------------------------------------------------

  private static final String PLAIN_CA = "http://ca.lab.local/certsrv";

  /** A build started by the operator through the build API; it waits at its first job. */
  private String startBuild() {
    String ticket = ExampleRequest.newTicket();
    HttpResponse<String> answer = postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return ticket;
  }

  /** A stage of the build waiting for vco-operators: accept plain HTTP to the CA. */
  private ProcessInstance operatorTask(String ticket) {
    return StageCaller.call(engine, "ConfirmCertificate", ticket, Map.of("certificateUrl", PLAIN_CA,
        "certificatePurpose", "the Microsoft CA's web enrolment (certsrv)"));
  }

  /** A stage of the build waiting for pki-approvers: the CA holds the build's request. */
  private ProcessInstance approvalTask(String ticket) {
    ProcessInstance caller = StageCaller.start(engine, "CertificateApproval", ticket, Map.of("certificateDisposition",
        "PENDING", BuildVariables.REQUESTER, OPERATOR, dunes.pki.steps.CertificateKind.CLIENT_SSL.requestIdVariable(), 7));
    submitted.record("client-request-of-" + caller.getId(), caller.getId(), ticket, dunes.pki.steps.CertificateKind.CLIENT_SSL, 7); // the certificate stage's submission, which the approval stays on
    return StageCaller.called(engine, caller);
  }

  private Task openTask(ProcessInstance stage) {
    return engine.getTaskService().createTaskQuery().processInstanceId(stage.getId()).singleResult();
  }

  private String buildId(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).singleResult().getId();
  }

  /** The job the build (or one of its stages) waits at. */
  private String anyJob(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(ticket).list().stream()
        .flatMap(p -> engine.getManagementService().createJobQuery().processInstanceId(p.getId()).list().stream())
        .findFirst().orElseThrow().getId();
  }

  private long builds(String ticket) {
    return startedInstances(BuildVariables.PROCESS_KEY, ticket);
  }

  private long startedInstances(String key, String businessKey) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key)
        .processInstanceBusinessKey(businessKey).count();
  }

  private static String startMessage(String ticket) throws Exception {
    return JSON.writeValueAsString(Map.of("messageName", BuildVariables.MSG_BUILD_REQUESTED, "businessKey", ticket,
        "processVariables", Map.of(BuildVariables.BUILD_REQUEST,
            Map.of("value", ExampleRequest.withTicket(ticket).toString(), "type", "String"))));
  }

  private static String windowMessage(String window) throws Exception {
    return JSON.writeValueAsString(Map.of("messageName", "Msg_AuthoringWindowRequested", "businessKey", window,
        "processVariables", Map.of("buildTicket", Map.of("value", "CHG-NO-SUCH-BUILD"))));
  }

  /** The task ids Tasklist shows the user in the filter "Dunes tasks". */
  private List<String> filterList(String user, String password) throws Exception {
    JsonNode filters = JSON.readTree(get("/engine-rest/filter?resourceType=Task", user, password).body());
    String id = null;
    for (JsonNode filter : filters) {
      if (IdentitySetup.TASK_FILTER.equals(filter.path("name").asText())) {
        id = filter.path("id").asText();
      }
    }
    assertThat(id).as("the filter is visible to " + user).isNotNull();
    HttpResponse<String> list = get("/engine-rest/filter/" + id + "/list?maxResults=200", user, password);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    return JSON.readTree(list.body()).findValuesAsText("id");
  }

  /**
   * Logs in to a webapp as its login page does: a GET hands out the session and the CSRF token, the
   * POST to the login endpoint carries both. 200 = logged in, 403 = no ACCESS to that application.
   */
  private int webappLogin(String app, String user, String password) {
    HttpClient http = HttpClient.newHttpClient();
    try {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default")).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
      String cookies = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
          .collect(Collectors.joining("; "));
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
          .header("Cookie", cookies)
          .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build(),
          HttpResponse.BodyHandlers.ofString());
      return login.statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
